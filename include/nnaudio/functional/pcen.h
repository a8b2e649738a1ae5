#pragma once
// Per-channel energy normalisation (Wang et al. 2017) with librosa.pcen's numbers, and the
// first-order recursive smoother it is built on.

#include <torch/torch.h>

namespace nnaudio::functional {

/// The smoothed energy M of librosa.pcen along the last (frames) dimension of x (..., freq,
/// frames): M[t] = b x[t] + (1 - b) M[t-1], started as librosa starts it (scipy's lfilter_zi,
/// i.e. M[-1] = 1). b: a scalar tensor or one coefficient per channel (freq), in [0, 1].
/// Differentiable with respect to x and b, to any order; each pass is one sweep over the
/// frames (a C++ loop on the CPU, blocks of matrix products elsewhere).
torch::Tensor pcen_smooth(const torch::Tensor& x, const torch::Tensor& b);

/// librosa.pcen's smoothing coefficient for a time constant (seconds) at frame rate
/// sr / hop_length: the b whose filter's squared response has its half maximum there.
double pcen_smoothing_coefficient(double time_constant, double sr, int64_t hop_length);

/// The fixed parameters of librosa.pcen.
struct PCENParameters {
  double gain = 0.98;
  double bias = 2.0;
  double power = 0.5;
  double b = 0.0;
  double eps = 1e-6;
  /// Width of the maximum filter applied before smoothing (1: none), along max_axis.
  int64_t max_size = 1;
  int64_t max_axis = -2;
};

/// librosa.pcen(S, ...) of a real magnitude spectrogram (..., freq, frames) along its frames,
/// including librosa's special cases power = 0 (log1p) and bias = 0. Differentiable with respect
/// to the spectrogram. Throws c10::ValueError for invalid parameters or input.
torch::Tensor pcen(const torch::Tensor& spectrogram, const PCENParameters& parameters);

/// The trainable form (LEAF's sPCEN with librosa's parameterisation): gain, bias, power and b
/// are tensors of one value per channel (freq) or scalars, and the result is differentiable
/// with respect to all of them: bias^power * expm1(power * log1p(S M^-gain / bias)) with
/// M^-gain computed as librosa does; bias must be > 0 and power > 0.
torch::Tensor pcen(const torch::Tensor& spectrogram, const torch::Tensor& gain,
                   const torch::Tensor& bias, const torch::Tensor& power, const torch::Tensor& b,
                   double eps, int64_t max_size = 1, int64_t max_axis = -2);

}  // namespace nnaudio::functional
