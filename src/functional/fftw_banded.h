#pragma once
// The frozen long-kernel CQT1992 on the CPU through FFTW: each frame's spectrum meets the banded
// frequency-domain kernels as soon as it is computed, so no spectra are stored.

#include <torch/torch.h>

#include "nnaudio/functional/mel.h"

namespace nnaudio::detail {

/// True when the library was built with FFTW and `signal` is a float32/float64 CPU tensor.
bool fftw_banded_can_run(const torch::Tensor& signal);

/// out[b, k, t] = sum_f (real[k, f] + i imag[k, f]) X_t[f] over each kernel's run, where X_t is
/// the real FFT of padded[b, t * hop : t * hop + n_fft] and n_fft = 2 (bins - 1): the boxcar STFT
/// times the kernels without the STFT. padded: (batch, time); returns complex (batch, filters,
/// frames) in the signal's precision. Not differentiable: for forward passes without autograd.
torch::Tensor fftw_banded_responses(const torch::Tensor& padded,
                                    const functional::BandedFilterbank& real,
                                    const functional::BandedFilterbank& imag, int64_t hop);

}  // namespace nnaudio::detail
