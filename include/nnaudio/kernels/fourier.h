#pragma once
// Fourier kernels of the STFT for the FFT grid and for nnAudio's linear / logarithmic
// frequency grids.

#include <torch/torch.h>

#include "nnaudio/types.h"

namespace nnaudio::kernels {

/// The frequency grid of an STFT.
struct FourierGrid {
  int64_t n_fft = 2048;
  FreqScale freq_scale = FreqScale::No;
  int64_t freq_bins = 0;  ///< 0: n_fft/2 + 1
  double fmin = 50.0;     ///< Hz, lowest bin of the linear/log grids
  double fmax = 6000.0;   ///< Hz, the grids approach it (nnAudio: bin k at k/freq_bins of the way)
  double sr = 22050.0;    ///< Hz
};

/// Throws std::invalid_argument for an inconsistent grid (fmax above Nyquist, fmin >= fmax, ...).
void check_fourier_grid(const FourierGrid& grid);

/// Bin centres in FFT-bin units (cycles per n_fft samples), float64, shape (freq_bins):
/// k for FreqScale::No; fmin/df + k*(fmax-fmin)/df/freq_bins for Linear; fmin/df *
/// (fmax/fmin)^(k/freq_bins) for Log and Log2, where df = sr/n_fft (nnAudio's grids).
torch::Tensor fourier_bins(const FourierGrid& grid);

/// Bin centre frequencies in Hz, float64, shape (freq_bins).
torch::Tensor fourier_frequencies(const FourierGrid& grid);

/// Real and imaginary parts of the DFT rows exp(-2 pi i b n / n_fft), n = 0 .. n_fft-1, for the
/// given bins: float64 tensors of shape (freq_bins, n_fft), without a window.
struct FourierKernels {
  torch::Tensor cos;  ///< cos(2 pi b n / n_fft)
  torch::Tensor sin;  ///< -sin(2 pi b n / n_fft)
};
FourierKernels fourier_kernels(int64_t n_fft, const torch::Tensor& bins);

}  // namespace nnaudio::kernels
