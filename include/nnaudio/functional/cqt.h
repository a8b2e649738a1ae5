#pragma once
// The building blocks of the constant-Q transforms on (batch, time) signals: halving the sample
// rate, and the response of a set of complex filters at one rate, from time-domain or
// frequency-domain kernels. All differentiable with respect to the signal and the kernels.

#include <torch/torch.h>

#include <string>

#include "nnaudio/functional/mel.h"
#include "nnaudio/types.h"

namespace nnaudio::detail {
struct KernelBlocks;
}  // namespace nnaudio::detail

namespace nnaudio::functional {

/// Frozen kernels of up to this many taps go through conv1d (which copies every frame); longer
/// ones through a blocked matrix product over their nonzero taps, in bounded memory.
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
/// kernel_real, kernel_imag: (filters, kernel_size). Short kernels, and kernels that train (every
/// tap counts), go through conv1d; long ones (more than 4096 taps) otherwise through one matrix
/// product of hop-sample blocks of the signal and of the kernels' nonzero taps, in batch blocks
/// of bounded memory. Returns complex (batch, filters, frames).
torch::Tensor time_domain_response(const torch::Tensor& signal, const torch::Tensor& kernel_real,
                                   const torch::Tensor& kernel_imag,
                                   const FilterResponseOptions& options);

/// The same for long frozen kernels already cut into the blocks the product uses (real parts'
/// filters first, then the imaginary parts'), which a module keeps between calls.
torch::Tensor time_domain_response(const torch::Tensor& signal, const detail::KernelBlocks& kernels,
                                   const FilterResponseOptions& options);

/// Response through frequency-domain kernels (filters, n_fft/2 + 1): (kr + i ki) @ STFT of the
/// frames with a boxcar window and n_fft = 2 (bins - 1) (librosa's multirate CQT), computed as
/// the equivalent time-domain correlation, except for frozen kernels longer than 4096 taps: the
/// product with the frames' spectra over the kernels' nonzero runs (on the CPU; dense
/// elsewhere). Returns complex (batch, filters, frames).
torch::Tensor frequency_domain_response(const torch::Tensor& signal,
                                        const torch::Tensor& kernel_real,
                                        const torch::Tensor& kernel_imag,
                                        const FilterResponseOptions& options);

/// The same for frozen frequency-domain kernels already held as their nonzero runs (of
/// n_fft/2 + 1 bins each), so that repeated calls need not find the runs again. Differentiable
/// with respect to the signal.
torch::Tensor frequency_domain_response(const torch::Tensor& signal,
                                        const BandedFilterbank& kernel_real,
                                        const BandedFilterbank& kernel_imag,
                                        const FilterResponseOptions& options);

}  // namespace nnaudio::functional
