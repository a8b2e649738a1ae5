#include "nnaudio/modules/griffin_lim.h"

#include "functional/framing.h"
#include "modules/module_support.h"
#include "nnaudio/threads.h"

namespace nnaudio {

GriffinLimImpl::GriffinLimImpl(GriffinLimOptions options_) : options(std::move(options_)) {
  reset();
}

void GriffinLimImpl::reset() {
  ensure_default_threads();
  const int64_t n_fft = options.n_fft();
  TORCH_CHECK_VALUE(n_fft > 0, "GriffinLim: n_fft=", n_fft, " must be positive");
  TORCH_CHECK_VALUE(options.n_iter() >= 0, "GriffinLim: n_iter=", options.n_iter(),
                    " must be >= 0");
  TORCH_CHECK_VALUE(options.momentum() >= 0.0 && options.momentum() < 1.0,
                    "GriffinLim: momentum=", options.momentum(), " must be in [0, 1)");
  if (options.length()) {
    TORCH_CHECK_VALUE(*options.length() >= 0, "GriffinLim: length=", *options.length(),
                      " must be >= 0");
  }
  const int64_t win_length = options.win_length().value_or(n_fft);
  hop_ = detail::resolve_hop(n_fft, win_length, options.hop_length());
  detail::check_framing_kernel_bytes("GriffinLim", n_fft, win_length, 0,
                                     options.max_kernel_bytes());
  window = register_buffer("window", kernels::get_window(options.window(), win_length));
}

void GriffinLimImpl::pretty_print(std::ostream& stream) const {
  const GriffinLimOptions d(options.n_fft());
  stream << detail::OptionPrinter("GriffinLim")
                .always("n_fft", options.n_fft())
                .unless_default("win_length", options.win_length(), d.win_length())
                .always("hop_length", hop_)
                .unless_default("window", options.window(), d.window())
                .unless_default("center", options.center(), d.center())
                .unless_default("pad_mode", options.pad_mode(), d.pad_mode())
                .always("n_iter", options.n_iter())
                .always("momentum", options.momentum())
                .unless_default("seed", options.seed(), d.seed())
                .unless_default("length", options.length(), d.length())
                .str();
}

torch::Tensor GriffinLimImpl::forward(const torch::Tensor& magnitude,
                                      std::optional<int64_t> length) {
  const auto func = functional::GriffinLimFuncOptions(options.n_fft())
                        .hop_length(hop_)
                        .center(options.center())
                        .pad_mode(options.pad_mode())
                        .n_iter(options.n_iter())
                        .momentum(options.momentum())
                        .init(options.init())
                        .seed(options.seed())
                        .length(length ? length : options.length());
  return detail::in_float32_if_half(magnitude, "GriffinLim", [&](const torch::Tensor& wide) {
    return functional::griffin_lim(wide, window, func);
  });
}

}  // namespace nnaudio
