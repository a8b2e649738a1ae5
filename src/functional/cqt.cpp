#include "nnaudio/functional/cqt.h"

#include <algorithm>

#include "functional/fftw_banded.h"
#include "functional/framing.h"
#include "functional/strided_correlation.h"
#include "nnaudio/functional/mel.h"
#include "nnaudio/functional/stft.h"

namespace nnaudio::functional {
namespace {

// The smallest multiple of `factor` >= minimum whose other prime factors are 2, 3 and 5: sizes
// FFTs handle fastest.
int64_t fast_fft_size(int64_t minimum, int64_t factor) {
  for (int64_t n = (minimum + factor - 1) / factor * factor;; n += factor) {
    int64_t rest = n / factor;
    for (int64_t prime : {2, 3, 5}) {
      while (rest % prime == 0) rest /= prime;
    }
    if (rest == 1) return n;
  }
}

STFTFuncOptions boxcar_stft(int64_t n_fft, const FilterResponseOptions& options,
                            OutputFormat format) {
  return STFTFuncOptions(n_fft)
      .hop_length(options.hop_length())
      .center(options.center())
      .pad_mode(options.pad_mode())
      .output_format(format);
}

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
  const int64_t half = taps / 2;
  const int64_t length = signal.size(-1);
  const auto h = lowpass.to(signal.options());
  if (!torch::isfinite(signal).all().item<bool>()) {
    // FFT filtering would spread a NaN or infinity to every sample; the direct filter (the same
    // numbers up to round-off) keeps it within the filter's reach of where it was.
    return torch::conv1d(torch::constant_pad_nd(signal, {half, half}).unsqueeze(1),
                         h.flip(0).view({1, 1, taps}), {}, 2)
        .squeeze(1);
  }
  // Zeros after the signal keep the circular convolution linear; a multiple of 4 lets the
  // spectrum fold in two.
  const int64_t n = fast_fft_size(std::max(length + half, taps), 4);
  const auto padded = torch::constant_pad_nd(signal, {0, n - length});
  // The filter placed circularly around sample 0: centre tap first, left half at the end.
  const auto circular =
      torch::cat({h.narrow(0, half, half + 1), signal.new_zeros({n - taps}), h.narrow(0, 0, half)});
  const auto filtered = torch::fft::rfft(padded) * torch::fft::rfft(circular);
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

torch::Tensor time_domain_response(const torch::Tensor& signal, const torch::Tensor& kernel_real,
                                   const torch::Tensor& kernel_imag,
                                   const FilterResponseOptions& options) {
  check_kernels(kernel_real, kernel_imag, options.transform().c_str());
  const int64_t filters = kernel_real.size(0);
  const int64_t size = kernel_real.size(1);
  // Kernels that train use every tap: conv1d's product is then the smaller one (the blocked
  // product covers frames + blocks - 1 signal blocks per item). Otherwise long kernels skip
  // their zero blocks.
  const bool kernels_train =
      torch::GradMode::is_enabled() && (kernel_real.requires_grad() || kernel_imag.requires_grad());
  if (size > kConv1dMaxTaps && !kernels_train) {
    return time_domain_response(
        signal, detail::kernel_blocks({kernel_real, kernel_imag}, options.hop_length()), options);
  }
  const auto padded = detail::pad_for_frames(signal, size, options.center(), options.pad_mode(),
                                             options.transform().c_str());
  const auto real_responses =
      torch::conv1d(padded.unsqueeze(1), torch::cat({kernel_real, kernel_imag}, 0).unsqueeze(1), {},
                    options.hop_length());
  return join_halves(real_responses, filters);
}

torch::Tensor time_domain_response(const torch::Tensor& signal, const detail::KernelBlocks& kernels,
                                   const FilterResponseOptions& options) {
  TORCH_CHECK_VALUE(kernels.hop == options.hop_length(), options.transform(), ": kernel blocks of ",
                    kernels.hop, " taps need hop_length=", kernels.hop, ", got ",
                    options.hop_length());
  const auto padded = detail::pad_for_frames(signal, kernels.size, options.center(),
                                             options.pad_mode(), options.transform().c_str());
  const auto responses = detail::strided_correlation(padded, kernels);
  return join_halves(responses, responses.size(1) / 2);
}

torch::Tensor frequency_domain_response(const torch::Tensor& signal,
                                        const torch::Tensor& kernel_real,
                                        const torch::Tensor& kernel_imag,
                                        const FilterResponseOptions& options) {
  check_kernels(kernel_real, kernel_imag, options.transform().c_str());
  const int64_t bins = kernel_real.size(1);
  TORCH_CHECK_VALUE(bins >= 2, options.transform(),
                    ": frequency-domain kernels need at least 2 bins");
  const int64_t n_fft = 2 * (bins - 1);
  const bool frozen = !kernel_real.requires_grad() && !kernel_imag.requires_grad();
  if (n_fft > kConv1dMaxTaps && frozen) {
    return frequency_domain_response(signal, BandedFilterbank(kernel_real),
                                     BandedFilterbank(kernel_imag), options);
  }
  // For real frames, sum_{k <= N/2} K[k] X[k] = sum_n x[n] g[n] with
  // g[n] = sum_{k <= N/2} K[k] exp(-2 pi i k n / N): the same product as a correlation, which
  // costs less than framing and transforming every frame.
  const auto padded =
      torch::constant_pad_nd(torch::complex(kernel_real, kernel_imag), {0, bins - 2});
  const auto equivalent = torch::fft::fft(padded);
  return time_domain_response(signal, torch::real(equivalent), torch::imag(equivalent), options);
}

torch::Tensor frequency_domain_response(const torch::Tensor& signal,
                                        const BandedFilterbank& kernel_real,
                                        const BandedFilterbank& kernel_imag,
                                        const FilterResponseOptions& options) {
  TORCH_CHECK_VALUE(kernel_real.filters() == kernel_imag.filters() &&
                        kernel_real.bins() == kernel_imag.bins() && kernel_real.bins() >= 2,
                    options.transform(), ": the banded kernels must be two (filters, bins >= 2) ",
                    "banks of one shape");
  const int64_t n_fft = 2 * (kernel_real.bins() - 1);
  // Long frozen kernels meet the frames' spectra directly, (kr + i ki)(xr + i xi), over their
  // nonzero runs only: librosa's sparsified kernels keep a few percent of the bins (the mel
  // bank's banded product, dense off the CPU). Their time-domain equivalents are dense.
  if (detail::fftw_banded_can_run(signal) &&
      !(torch::GradMode::is_enabled() && signal.requires_grad())) {
    // Without autograd each frame's spectrum meets the kernels as soon as it is computed.
    const auto padded = detail::pad_for_frames(signal, n_fft, options.center(), options.pad_mode(),
                                               options.transform().c_str());
    return detail::fftw_banded_responses(padded, kernel_real, kernel_imag, options.hop_length());
  }
  const auto frames = stft(signal, torch::ones({n_fft}, signal.options()),
                           boxcar_stft(n_fft, options, OutputFormat::RealImag));
  const auto real = frames.select(-1, 0);
  const auto imag = frames.select(-1, 1);
  return torch::complex(mel_scale(real, kernel_real) - mel_scale(imag, kernel_imag),
                        mel_scale(imag, kernel_real) + mel_scale(real, kernel_imag));
}

}  // namespace nnaudio::functional
