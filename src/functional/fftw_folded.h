#pragma once
// The FFTW halves of the folded-spectrum correlation (functional/folded_correlation.h): spectra
// of signal segments and of kernels written straight into the layout its matrix product reads,
// and their adjoints (what the gradients need). Each is a linear map; the adjoint of one is the
// gradient of the other, so the pair is differentiable to any order.
//
// Layout: a spectrum Y[j] of n = folds * hop points is stored "folded" as
// out[q][row][2 r + c] = component c (0 real, 1 imaginary) of Y[q + folds * r], for q < folds,
// r < hop: the values whose index is q modulo `folds` side by side.

#include <torch/torch.h>

#include <utility>

namespace nnaudio::detail {

/// True when the library was built with FFTW and `like` is a float32/float64 CPU tensor.
bool fftw_folded_can_run(const torch::Tensor& like);

/// Segment s of item b is padded[b, s * stride : s * stride + n], zeros past the end; X its DFT
/// (exp(-2 pi i j t / n)). Returns (folds, batch, 2 segments, 2 hop): row s of an item holds
/// (Re X, -Im X) and row segments + s holds (Im X, Re X), so that one real matrix product with
/// (Re H, Im H) pairs gives the real and the imaginary part of sum_j X[j] H[j].
torch::Tensor fftw_signal_spectra(const torch::Tensor& padded, int64_t segments, int64_t stride,
                                  int64_t n, int64_t hop);

/// The adjoint of fftw_signal_spectra: (folds, batch, 2 segments, 2 hop) -> (batch, length).
torch::Tensor fftw_signal_spectra_adjoint(const torch::Tensor& folded, int64_t batch,
                                          int64_t segments, int64_t stride, int64_t length);

/// H[j] = sum_t g_k[t] exp(+2 pi i j t / n) of each kernel: (folds, filters, 2 hop), (Re H, Im H)
/// pairs. g = real + i imag, (filters, size <= n); or, with `frequency_domain`, real + i imag are
/// (filters, bins) frequency-domain kernels K and g[t] = sum_k K[k] exp(-2 pi i k t / size) with
/// size = 2 (bins - 1), functional::time_domain_kernels' equivalent, transformed in the same pass.
torch::Tensor fftw_kernel_spectra(const torch::Tensor& real, const torch::Tensor& imag, int64_t n,
                                  int64_t hop, bool frequency_domain = false);

/// The adjoint of fftw_kernel_spectra: (folds, filters, 2 hop) -> (real, imag) (filters, columns).
std::pair<torch::Tensor, torch::Tensor> fftw_kernel_spectra_adjoint(const torch::Tensor& folded,
                                                                    int64_t columns,
                                                                    bool frequency_domain = false);

}  // namespace nnaudio::detail
