#include "nnaudio/modules/stft.h"

#include <cmath>

#include "functional/framing.h"
#include "modules/module_support.h"
#include "modules/uncentered_scope.h"
#include "nnaudio/functional/stft.h"
#include "nnaudio/kernels/fourier.h"
#include "nnaudio/threads.h"

namespace nnaudio {
namespace {

kernels::FourierGrid grid_of(const STFTOptions& o) {
  return {o.n_fft(), o.freq_scale(), o.freq_bins().value_or(0), o.fmin(), o.fmax(), o.sr()};
}

}  // namespace

STFTImpl::STFTImpl(STFTOptions options_) : options(std::move(options_)) {
  reset();
}

void STFTImpl::reset() {
  ensure_default_threads();
  const int64_t n_fft = options.n_fft();
  TORCH_CHECK_VALUE(n_fft > 0, "STFT: n_fft=", n_fft, " must be positive");
  // Checked whatever the grid: frequencies() reports Hz from it on every grid.
  TORCH_CHECK_VALUE(options.sr() > 0 && std::isfinite(options.sr()), "STFT: sr=", options.sr(),
                    " must be a positive, finite number of Hz");
  // An explicit 0 would otherwise read as "unset" in the FourierGrid (freq_bins = 0).
  TORCH_CHECK_VALUE(options.freq_bins().value_or(1) > 0,
                    "STFT: freq_bins=", options.freq_bins().value_or(0),
                    " must be positive (or unset: n_fft/2 + 1)");
  const int64_t win_length = options.win_length().value_or(n_fft);
  hop_ = detail::resolve_hop(n_fft, win_length, options.hop_length());
  const bool fft_grid = options.freq_scale() == FreqScale::No;
  const int64_t bin_count = options.freq_bins().value_or(n_fft / 2 + 1);
  TORCH_CHECK_VALUE(!fft_grid || bin_count <= n_fft / 2 + 1, "STFT: freq_bins=", bin_count,
                    " must be at most n_fft/2 + 1=", n_fft / 2 + 1, " with freq_scale=no");
  TORCH_CHECK_VALUE(options.backend() != Backend::FFT || fft_grid,
                    "STFT: backend=fft computes the FFT grid only, but freq_scale=",
                    to_string(options.freq_scale()), "; use backend=conv or auto");
  backend_ = options.backend();
  if (backend_ == Backend::Auto) {
    backend_ = options.trainable() || !fft_grid ? Backend::Conv : Backend::FFT;
  }
  detail::check_framing_kernel_bytes("STFT", n_fft, win_length,
                                     backend_ == Backend::Conv ? bin_count : 0,
                                     options.max_kernel_bytes());

  const auto bins = kernels::fourier_bins(grid_of(options));
  bins_ = bins.size(0);
  window = detail::register_kernel(
      *this, "window", kernels::get_window(options.window(), win_length), options.trainable());
  if (backend_ == Backend::Conv) {
    auto fourier = kernels::fourier_kernels(n_fft, bins);
    kernel_cos = detail::register_kernel(*this, "kernel_cos", fourier.cos, options.trainable());
    kernel_sin = detail::register_kernel(*this, "kernel_sin", fourier.sin, options.trainable());
  } else {
    kernel_cos = kernel_sin = torch::Tensor();
  }
}

void STFTImpl::pretty_print(std::ostream& stream) const {
  const STFTOptions d(options.n_fft());
  stream << detail::OptionPrinter("STFT")
                .always("n_fft", options.n_fft())
                .unless_default("win_length", options.win_length(), d.win_length())
                .always("hop_length", hop_)
                .unless_default("window", options.window(), d.window())
                .unless_default("center", options.center(), d.center())
                .unless_default("pad_mode", options.pad_mode(), d.pad_mode())
                .unless_default("freq_scale", options.freq_scale(), d.freq_scale())
                .unless_default("fmin", options.fmin(), d.fmin())
                .unless_default("fmax", options.fmax(), d.fmax())
                .unless_default("freq_bins", options.freq_bins(), d.freq_bins())
                .unless_default("sr", options.sr(), d.sr())
                .unless_default("output_format", options.output_format(), d.output_format())
                .unless_default("trainable", options.trainable(), d.trainable())
                .always("backend", backend_)
                .str();
}

torch::Tensor STFTImpl::forward(const torch::Tensor& input) {
  const auto func = functional::STFTFuncOptions(options.n_fft())
                        .hop_length(hop_)
                        .center(options.center() && !detail::UncenteredScope::active())
                        .pad_mode(options.pad_mode())
                        .output_format(options.output_format());
  return detail::in_float32_if_half(input, "STFT", [&](const torch::Tensor& signal) {
    if (backend_ == Backend::Conv) {
      return functional::stft(signal, window, kernel_cos, kernel_sin, func);
    }
    auto out = functional::stft(signal, window, func);
    if (bins_ == options.n_fft() / 2 + 1) return out;
    const int64_t freq_dim = options.output_format() == OutputFormat::RealImag ? -3 : -2;
    return out.narrow(freq_dim, 0, bins_);
  });
}

torch::Tensor STFTImpl::inverse(const torch::Tensor& spectrum, std::optional<int64_t> length) {
  TORCH_CHECK_VALUE(options.freq_scale() == FreqScale::No,
                    "STFT.inverse: freq_scale=", to_string(options.freq_scale()),
                    " cannot be inverted by overlap-add; only freq_scale=no (the FFT grid) can");
  TORCH_CHECK_VALUE(bins_ == options.n_fft() / 2 + 1,
                    "STFT.inverse: needs all n_fft/2 + 1=", options.n_fft() / 2 + 1,
                    " bins, but this STFT keeps freq_bins=", bins_);
  const auto func = functional::ISTFTFuncOptions(options.n_fft())
                        .hop_length(hop_)
                        .center(options.center())
                        .length(length);
  return detail::in_float32_if_half(spectrum, "STFT.inverse", [&](const torch::Tensor& wide) {
    if (backend_ == Backend::Conv) {
      return functional::istft(wide, window, kernel_cos, kernel_sin, func);
    }
    return functional::istft(wide, window, func);
  });
}

torch::Tensor STFTImpl::frequencies() const {
  return kernels::fourier_frequencies(grid_of(options));
}

int64_t STFTImpl::item_spectrum_bytes(const torch::Tensor& input) const {
  if (!input.defined() || input.dim() == 0) return 0;
  return bins_ * (input.size(-1) / hop_ + 1) * static_cast<int64_t>(input.element_size());
}

}  // namespace nnaudio
