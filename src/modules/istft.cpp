#include "nnaudio/modules/istft.h"

#include "functional/framing.h"
#include "modules/module_support.h"
#include "nnaudio/functional/stft.h"
#include "nnaudio/kernels/fourier.h"
#include "nnaudio/threads.h"

namespace nnaudio {

ISTFTImpl::ISTFTImpl(ISTFTOptions options_) : options(std::move(options_)) {
  reset();
}

void ISTFTImpl::reset() {
  ensure_default_threads();
  const int64_t n_fft = options.n_fft();
  TORCH_CHECK_VALUE(n_fft > 0, "iSTFT: n_fft=", n_fft, " must be positive");
  TORCH_CHECK_VALUE(options.freq_scale() == FreqScale::No,
                    "iSTFT: freq_scale=", to_string(options.freq_scale()),
                    " cannot be inverted by overlap-add; only freq_scale=no (the FFT grid) can");
  if (options.length()) {
    TORCH_CHECK_VALUE(*options.length() >= 0, "iSTFT: length=", *options.length(), " must be >= 0");
  }
  const int64_t win_length = options.win_length().value_or(n_fft);
  hop_ = detail::resolve_hop(n_fft, win_length, options.hop_length());
  backend_ = options.backend();
  if (backend_ == Backend::Auto) backend_ = options.trainable() ? Backend::Conv : Backend::FFT;

  detail::check_framing_kernel_bytes("iSTFT", n_fft, win_length,
                                     backend_ == Backend::Conv ? n_fft / 2 + 1 : 0,
                                     options.max_kernel_bytes());
  window = detail::register_kernel(
      *this, "window", kernels::get_window(options.window(), win_length), options.trainable());
  if (backend_ == Backend::Conv) {
    auto fourier = kernels::fourier_kernels(n_fft, torch::arange(n_fft / 2 + 1, torch::kFloat64));
    kernel_cos = detail::register_kernel(*this, "kernel_cos", fourier.cos, options.trainable());
    kernel_sin = detail::register_kernel(*this, "kernel_sin", fourier.sin, options.trainable());
  } else {
    kernel_cos = kernel_sin = torch::Tensor();
  }
}

void ISTFTImpl::pretty_print(std::ostream& stream) const {
  const ISTFTOptions d(options.n_fft());
  stream << detail::OptionPrinter("iSTFT")
                .always("n_fft", options.n_fft())
                .unless_default("win_length", options.win_length(), d.win_length())
                .always("hop_length", hop_)
                .unless_default("window", options.window(), d.window())
                .unless_default("center", options.center(), d.center())
                .unless_default("length", options.length(), d.length())
                .unless_default("onesided", options.onesided(), d.onesided())
                .unless_default("trainable", options.trainable(), d.trainable())
                .always("backend", backend_)
                .str();
}

torch::Tensor ISTFTImpl::forward(const torch::Tensor& spectrum, std::optional<int64_t> length) {
  const auto func = functional::ISTFTFuncOptions(options.n_fft())
                        .hop_length(hop_)
                        .center(options.center())
                        .onesided(options.onesided())
                        .length(length ? length : options.length());
  return detail::in_float32_if_half(spectrum, "iSTFT", [&](const torch::Tensor& wide) {
    if (backend_ == Backend::Conv) {
      return functional::istft(wide, window, kernel_cos, kernel_sin, func);
    }
    return functional::istft(wide, window, func);
  });
}

}  // namespace nnaudio
