#include "nnaudio/functional/cqt.h"

#include <algorithm>

#include "functional/fftw_halving.h"
#include "functional/folded_correlation.h"
#include "functional/framing.h"
#include "functional/halving.h"

namespace nnaudio::functional {
namespace {

void check_kernels(const torch::Tensor& real, const torch::Tensor& imag, const char* transform) {
  TORCH_CHECK_VALUE(real.dim() == 2 && real.sizes() == imag.sizes(), transform,
                    ": kernels must be two (filters, size) tensors of one shape, got ",
                    real.sizes(), " and ", imag.sizes());
}

// (batch, 2 filters, frames) real responses, real parts first -> complex (batch, filters, frames).
torch::Tensor join_halves(const torch::Tensor& out, int64_t filters) {
  return torch::complex(out.narrow(1, 0, filters), out.narrow(1, filters, filters));
}

}  // namespace

torch::Tensor halve_rate(const torch::Tensor& signal, const torch::Tensor& lowpass) {
  const int64_t taps = lowpass.numel();
  TORCH_CHECK_VALUE(lowpass.dim() == 1 && taps % 2 == 1, "halve_rate: the low-pass filter must be ",
                    "1-D with an odd number of taps, got shape ", lowpass.sizes());
  if (!all_finite(signal)) {
    // FFT filtering would spread a NaN or infinity to every sample; the direct filter (the same
    // numbers up to round-off) keeps it within the filter's reach of where it was.
    const int64_t half = taps / 2;
    return torch::conv1d(torch::constant_pad_nd(signal, {half, half}).unsqueeze(1),
                         lowpass.to(signal.options()).flip(0).view({1, 1, taps}), {}, 2)
        .squeeze(1);
  }
  const int64_t n = detail::halving_size(signal.size(-1), taps);
  return detail::halve_finite(signal, detail::halving_spectrum(lowpass, n, signal), n);
}

torch::Tensor time_domain_response(const torch::Tensor& signal, const torch::Tensor& kernel_real,
                                   const torch::Tensor& kernel_imag,
                                   const FilterResponseOptions& options) {
  check_kernels(kernel_real, kernel_imag, options.transform().c_str());
  const int64_t filters = kernel_real.size(0);
  const int64_t size = kernel_real.size(1);
  if (detail::folding_pays(size, options.hop_length(), kConv1dMaxTaps) && all_finite(signal)) {
    const auto plan = detail::fold_plan(size, options.hop_length());
    const auto spectra = detail::folded_kernel_spectra(kernel_real.to(signal.scalar_type()),
                                                       kernel_imag.to(signal.scalar_type()), plan);
    return time_domain_response(signal, detail::FoldedKernels{plan, spectra}, options);
  }
  const auto padded = detail::pad_for_frames(signal, size, options.center(), options.pad_mode(),
                                             options.transform().c_str());
  const auto real_responses = detail::conv1d_per_item(
      padded.unsqueeze(1), torch::cat({kernel_real, kernel_imag}, 0).unsqueeze(1),
      options.hop_length());
  return join_halves(real_responses, filters);
}

torch::Tensor time_domain_response(const torch::Tensor& signal,
                                   const detail::FoldedKernels& kernels,
                                   const FilterResponseOptions& options) {
  TORCH_CHECK_VALUE(kernels.plan.hop == options.hop_length(), options.transform(),
                    ": kernels folded for hop_length=", kernels.plan.hop,
                    " met hop_length=", options.hop_length());
  const auto padded = detail::pad_for_frames(signal, kernels.plan.size, options.center(),
                                             options.pad_mode(), options.transform().c_str());
  return detail::folded_correlation(padded, kernels.spectra, kernels.plan);
}

std::pair<torch::Tensor, torch::Tensor> time_domain_kernels(const torch::Tensor& kernel_real,
                                                            const torch::Tensor& kernel_imag) {
  check_kernels(kernel_real, kernel_imag, "time_domain_kernels");
  const int64_t bins = kernel_real.size(1);
  TORCH_CHECK_VALUE(bins >= 2,
                    "time_domain_kernels: frequency-domain kernels need at least 2 bins");
  // For real frames, sum_{k <= N/2} K[k] X[k] = sum_n x[n] g[n] with
  // g[n] = sum_{k <= N/2} K[k] exp(-2 pi i k n / N).
  const auto padded =
      torch::constant_pad_nd(torch::complex(kernel_real, kernel_imag), {0, bins - 2});
  const auto equivalent = torch::fft::fft(padded);
  return {torch::real(equivalent), torch::imag(equivalent)};
}

torch::Tensor frequency_domain_response(const torch::Tensor& signal,
                                        const torch::Tensor& kernel_real,
                                        const torch::Tensor& kernel_imag,
                                        const FilterResponseOptions& options) {
  check_kernels(kernel_real, kernel_imag, options.transform().c_str());
  // The same product as a correlation, which costs less than framing and transforming every
  // frame; folded, the time-domain kernels are made in the same pass as their spectra.
  const int64_t size = 2 * (kernel_real.size(1) - 1);
  if (size >= 2 && detail::folding_pays(size, options.hop_length(), kConv1dMaxTaps) &&
      all_finite(signal)) {
    const auto plan = detail::fold_plan(size, options.hop_length());
    const auto spectra = detail::folded_kernel_spectra(
        kernel_real.to(signal.scalar_type()), kernel_imag.to(signal.scalar_type()), plan, true);
    return time_domain_response(signal, detail::FoldedKernels{plan, spectra}, options);
  }
  const auto [real, imag] = time_domain_kernels(kernel_real, kernel_imag);
  return time_domain_response(signal, real, imag, options);
}

bool all_finite(const torch::Tensor& signal) {
  return torch::isfinite(signal).all().item<bool>();
}

}  // namespace nnaudio::functional

namespace nnaudio::detail {

int64_t halving_size(int64_t length, int64_t taps) {
  // Zeros after the signal keep the circular convolution linear; a multiple of 4 lets the
  // spectrum fold in two. Four sizes per octave (8, 10, 12 and 15 times a power of two): inputs
  // of every length meet few FFT sizes, so few plans are made and kept, for at most 25 % more
  // points than the smallest fast size.
  const int64_t minimum = std::max(length + taps / 2, taps);
  for (int64_t scale = 4;; scale *= 2) {
    for (int64_t factor : {8, 10, 12, 15}) {
      if (factor * scale >= minimum) return factor * scale;
    }
  }
}

torch::Tensor halving_spectrum(const torch::Tensor& lowpass, int64_t n, const torch::Tensor& like) {
  const int64_t taps = lowpass.numel();
  const int64_t half = taps / 2;
  const auto h = lowpass.to(like.device(), like.scalar_type());
  // The filter placed circularly around sample 0: centre tap first, left half at the end.
  return torch::fft::rfft(
      torch::cat({h.narrow(0, half, half + 1), h.new_zeros({n - taps}), h.narrow(0, 0, half)}));
}

torch::Tensor halve_finite(const torch::Tensor& signal, const torch::Tensor& spectrum, int64_t n) {
  const int64_t length = signal.size(-1);
  if (fftw_halving_can_run(signal)) {
    auto shape = signal.sizes().vec();
    shape.back() = (length + 1) / 2;
    return fftw_halve(signal.reshape({-1, length}), spectrum, n).view(shape);
  }
  const auto filtered =
      torch::fft::rfft(torch::constant_pad_nd(signal, {0, n - length})) * spectrum;
  // Keeping every other sample folds the spectrum: Y[k] = (Z[k] + conj(Z[n/2 - k])) / 2, done
  // on (real, imag) pairs (LibTorch's lazy conjugate is slow to materialise).
  const int64_t bins = n / 4 + 1;
  const auto pairs = torch::view_as_real(filtered);
  const auto conjugate = torch::tensor({0.5, -0.5}, pairs.options());
  const auto folded = torch::view_as_complex(
      (pairs.narrow(-2, 0, bins) * 0.5 + pairs.narrow(-2, n / 4, bins).flip(-2) * conjugate)
          .contiguous());
  return torch::fft::irfft(folded, n / 2).narrow(-1, 0, (length + 1) / 2);
}

}  // namespace nnaudio::detail
