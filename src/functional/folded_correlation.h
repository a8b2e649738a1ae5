#pragma once
// Correlation of a signal with long complex kernels whose outputs are needed only every hop
// samples (the full-rate CQTs), through the signal's spectrum folded modulo n / hop.
//
// With the kernels' spectra H_k[j] = sum_t g_k[t] exp(+2 pi i j t / n) and a segment's spectrum
// X[j] (exp(-...)), the circular correlation at lag m is (1/n) sum_j X[j] H_k[j] exp(2 pi i j m /
// n). Only lags m = f * hop are wanted, and exp(2 pi i j f hop / n) depends on j only modulo folds
// = n / hop, so y[f * hop] = (1/n) sum_q exp(2 pi i q f / folds) Q_k[q] with Q_k[q] = sum_r X[q +
// folds r] H_k[q + folds r]: one matrix product of hop-long rows per residue q (a GEMM of the
// segments against the kernels) and a folds-point inverse DFT. A segment of n >= size + (frames -
// 1) hop samples yields `frames` outputs without wrapping around. Per output frame this costs about
// 8 n filters / frames operations against conv1d's 4 size filters: 16-25x less for the CQT's
// 32,768-tap kernels at hop 512.

#include <torch/torch.h>

namespace nnaudio::detail {

/// Sizes of the folded correlation of kernels of `size` taps at stride `hop`.
struct FoldPlan {
  int64_t size = 0;    ///< kernel taps
  int64_t hop = 0;     ///< stride between outputs
  int64_t length = 0;  ///< n: samples per segment and points per FFT, a multiple of hop
  int64_t folds = 0;   ///< n / hop
  int64_t frames = 0;  ///< outputs per segment: (n - size) / hop + 1
};

/// Kernels prepared for folded_correlation: a module keeps frozen ones between calls.
struct FoldedKernels {
  FoldPlan plan;
  torch::Tensor spectra;  ///< folded_kernel_spectra
};

/// The plan for kernels of `size` taps at stride `hop`: segments of about twice the kernel (at
/// least 9 outputs each), n a multiple of hop whose other factors are 2, 3 and 5.
FoldPlan fold_plan(int64_t size, int64_t hop);

/// True when the folded product costs less than conv1d's for these sizes: long kernels (more than
/// `min_size` taps) and a hop well below their length.
bool folding_pays(int64_t size, int64_t hop, int64_t min_size);

/// The kernels' spectra in the layout folded_correlation multiplies: (folds, filters, 2 hop),
/// (Re H, Im H) pairs of H_k[q + folds r] at [q][k][2r..2r+1]. real, imag: (filters, size), in
/// the dtype and on the device of the signals they will meet; or, with `frequency_domain`,
/// (filters, size / 2 + 1) frequency-domain kernels, whose time-domain equivalents
/// (functional::time_domain_kernels) are transformed in the same pass. Differentiable (to any
/// order).
torch::Tensor folded_kernel_spectra(const torch::Tensor& real, const torch::Tensor& imag,
                                    const FoldPlan& plan, bool frequency_domain = false);

/// out[b, k, f] = sum_t padded[b, f * hop + t] (real + i imag)[k, t] for the frames that fit in
/// the (batch, time) signal: complex (batch, filters, frames), what conv1d computes with the real
/// and imaginary kernels. `spectra` from folded_kernel_spectra with the same plan. FFTW on the
/// CPU (float32/float64), torch::fft elsewhere. Differentiable (to any order) with respect to the
/// signal and the spectra.
torch::Tensor folded_correlation(const torch::Tensor& padded, const torch::Tensor& spectra,
                                 const FoldPlan& plan);

/// The segments' folded spectra as folded_correlation's product reads them, (folds, batch,
/// 2 segments, 2 hop) (see fftw_folded.h), and the kernels' (folds, filters, 2 hop) from
/// time-domain or frequency-domain kernels, computed with
/// torch::fft and LibTorch's autograd: the forms used off the CPU or without FFTW, exposed for
/// tests.
torch::Tensor torch_signal_spectra(const torch::Tensor& padded, int64_t segments, int64_t stride,
                                   int64_t n, int64_t hop);
torch::Tensor torch_kernel_spectra(const torch::Tensor& real, const torch::Tensor& imag, int64_t n,
                                   int64_t hop);
torch::Tensor torch_frequency_kernel_spectra(const torch::Tensor& real, const torch::Tensor& imag,
                                             int64_t n, int64_t hop);

}  // namespace nnaudio::detail
