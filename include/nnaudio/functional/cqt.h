#pragma once
// The building blocks of the constant-Q transforms on (batch, time) signals: halving the sample
// rate, and the response of a set of complex filters at one rate, from time-domain or
// frequency-domain kernels. All differentiable with respect to the signal and the kernels.

#include <torch/torch.h>

#include <string>
#include <utility>

#include "nnaudio/types.h"

namespace nnaudio::detail {
struct FoldedKernels;
}  // namespace nnaudio::detail

namespace nnaudio::functional {

/// Kernels of up to this many taps go through conv1d (which copies every frame); longer ones,
/// at a hop of at most a quarter of their length, through the signal's spectrum folded modulo
/// the hop (src/functional/folded_correlation.h), 16-25x less arithmetic for the CQT's kernels.
constexpr int64_t kConv1dMaxTaps = 4096;

/// Low-pass filters `signal` (batch, time) with the odd-length zero-phase `lowpass` (zeros
/// outside the signal, as kernels::halving_lowpass) and keeps every other sample:
/// (batch, ceil(time / 2)), sample m at input time 2m. Computed with FFTs, so the filter's
/// length costs nothing; a signal holding NaN or infinities is filtered directly instead, so
/// that they reach only the samples within the filter's span, as a direct filter would.
torch::Tensor halve_rate(const torch::Tensor& signal, const torch::Tensor& lowpass);

/// Frame f of a (batch, time) signal covers samples f * hop .. f * hop + kernel_size - 1 of the
/// signal padded by kernel_size / 2 at both ends when `center` (the STFT's framing).
struct FilterResponseOptions {
  FilterResponseOptions(int64_t hop_length) : hop_length_(hop_length) {}
  TORCH_ARG(int64_t, hop_length);
  TORCH_ARG(bool, center) = true;
  TORCH_ARG(PadMode, pad_mode) = PadMode::Constant;
  /// Name used in error messages.
  TORCH_ARG(std::string, transform) = "CQT";
};

/// Response of complex time-domain filters: out[b, k, f] = sum_n frame_f[n] (kr + i ki)[k, n].
/// kernel_real, kernel_imag: (filters, kernel_size). Long kernels (see kConv1dMaxTaps) go through
/// the folded spectrum, short ones and signals holding NaN or infinities (which an FFT would
/// spread to a whole segment) through conv1d. Returns complex (batch, filters, frames).
/// Differentiable with respect to the signal and the kernels.
torch::Tensor time_domain_response(const torch::Tensor& signal, const torch::Tensor& kernel_real,
                                   const torch::Tensor& kernel_imag,
                                   const FilterResponseOptions& options);

/// The same for long kernels whose folded spectra are already made (a module keeps frozen
/// kernels' between calls); the signal must hold finite values.
torch::Tensor time_domain_response(const torch::Tensor& signal,
                                   const detail::FoldedKernels& kernels,
                                   const FilterResponseOptions& options);

/// The time-domain kernels (real, imag), (filters, n_fft), equivalent to frequency-domain kernels
/// (filters, n_fft/2 + 1) applied to the boxcar spectra of real frames:
/// sum_{k <= n_fft/2} K[k] X[k] = sum_n x[n] g[n]. Differentiable.
std::pair<torch::Tensor, torch::Tensor> time_domain_kernels(const torch::Tensor& kernel_real,
                                                            const torch::Tensor& kernel_imag);

/// Response through frequency-domain kernels (filters, n_fft/2 + 1): (kr + i ki) @ STFT of the
/// frames with a boxcar window and n_fft = 2 (bins - 1) (librosa's CQT1992 and multirate CQT),
/// computed as the correlation with time_domain_kernels. Returns complex (batch, filters,
/// frames).
torch::Tensor frequency_domain_response(const torch::Tensor& signal,
                                        const torch::Tensor& kernel_real,
                                        const torch::Tensor& kernel_imag,
                                        const FilterResponseOptions& options);

/// False when `signal` holds a NaN or an infinity.
bool all_finite(const torch::Tensor& signal);

}  // namespace nnaudio::functional
