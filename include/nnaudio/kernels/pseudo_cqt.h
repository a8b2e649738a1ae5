#pragma once
// Kernels of the pseudo and hybrid constant-Q transforms (librosa.pseudo_cqt, hybrid_cqt).
// Built in float64.

#include <torch/torch.h>

#include <cstdint>

#include "nnaudio/kernels/cqt.h"
#include "nnaudio/kernels/window.h"

namespace nnaudio::kernels {

/// FFT length of a pseudo CQT: the smallest power of two that holds the longest filter and is
/// at least 2^(1 + ceil(log2 hop_length)) (librosa's __vqt_filter_fft with a hop).
int64_t pseudo_cqt_n_fft(const torch::Tensor& lengths, int64_t hop_length);

/// The pseudo CQT's filter bank, (n_bins, n_fft/2 + 1) float64: the magnitudes of the spectra
/// of the wavelets (wavelet_basis) scaled by their lengths / n_fft, each row sparsified
/// (sparsify_rows) as librosa does before taking the magnitude. Applied to the magnitude of a
/// Hann-windowed STFT of n_fft and divided by sqrt(n_fft), it gives librosa.pseudo_cqt.
torch::Tensor pseudo_cqt_filterbank(const torch::Tensor& frequencies, const torch::Tensor& lengths,
                                    double sr, int64_t n_fft, const Window& window,
                                    WaveletNorm norm, double sparsity);

/// How many of the top bins librosa.hybrid_cqt computes with the pseudo CQT: those whose
/// filter length, rounded up to a power of two, is below 2 hop_length. `lengths` descend with
/// frequency, so these are the last bins.
int64_t hybrid_pseudo_bins(const torch::Tensor& lengths, int64_t hop_length);

}  // namespace nnaudio::kernels
