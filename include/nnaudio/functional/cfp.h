#pragma once
// Combined Frequency and Periodicity (CFP) of Su & Yang, "Combining spectral and temporal
// representations for multipitch estimation of polyphonic music", IEEE/ACM TASLP 23(10), 2015.
//
// With |X| the magnitude STFT divided by the window's norm, the layers alternate
//   U_0 = |X|^g0,  V_1 = W_tc(Re DFT(U_0) / sqrt(N))^g1,  U_2 = W_fc(Re DFT(V_1) / sqrt(N))^g2, ...
// where x^g is max(x, 0)^g (log(max(x, 0) + 1e-8) for g = 0) and W_c zeroes the c lowest bins
// and their mirror images. The last U (tfrLF) and the last V (tfrLQ) are mapped onto one
// log-frequency grid; Z = tfrLF * tfrLQ. nnAudio's Combined_Frequency_Periodicity computes the
// same, with the differences listed in modules/cfp.h.

#include <torch/torch.h>

#include <vector>

namespace nnaudio::functional {

/// The outputs of CFP, each (..., bands, frames).
struct CFPFeatures {
  torch::Tensor Z;      ///< tfrLF * tfrLQ: the combined representation
  torch::Tensor tfrL0;  ///< |X| on the log-frequency grid (no power law)
  torch::Tensor tfrLF;  ///< the last spectral layer on the log-frequency grid
  torch::Tensor tfrLQ;  ///< the last cepstral layer on the log-frequency grid
};

struct CFPFuncOptions {
  CFPFuncOptions(int64_t n_fft, int64_t hop_length) : n_fft_(n_fft), hop_length_(hop_length) {}
  /// N: the frame length and the DFT length of every layer.
  TORCH_ARG(int64_t, n_fft);
  TORCH_ARG(int64_t, hop_length);
  /// Exponents, one per layer, >= 0; at least two.
  TORCH_ARG(std::vector<double>, g) = std::vector<double>{0.24, 0.6, 1.0};
  /// Spectral layers after the first zero their bins below this (and the mirror images).
  TORCH_ARG(int64_t, freq_cutoff) = 0;
  /// Cepstral layers zero their bins below this (and the mirror images).
  TORCH_ARG(int64_t, quef_cutoff) = 0;
};

/// CFP of real (..., time) signals. The STFT is centred with zero padding (n_fft/2 each side)
/// and its first and last frames are dropped: frames = time / hop_length - 1 (at least 1).
/// window: (window_size <= n_fft), centred in the frame; freq_to_logfreq: (bands, F) and
/// quef_to_logfreq: (bands, Q) with F, Q <= n_fft/2 + 1 (kernels/cfp.h builds all three).
/// Differentiable with respect to the input (finite gradients where the power laws meet 0).
CFPFeatures cfp(const torch::Tensor& input, const torch::Tensor& window,
                const torch::Tensor& freq_to_logfreq, const torch::Tensor& quef_to_logfreq,
                const CFPFuncOptions& options);

}  // namespace nnaudio::functional
