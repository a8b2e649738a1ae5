#pragma once
// The type-I DCT through FFTW on the CPU: CFP's layers (the DFT of a real even sequence) at
// half the cost of a full-length inverse real FFT.

#include <torch/torch.h>

namespace nnaudio::detail {

/// True when the library was built with FFTW and `x` is a float32/float64 CPU tensor.
bool fftw_dct1_can_run(const torch::Tensor& x);

/// scale * DCT-I along the last axis (N >= 2 values):
/// y[m] = scale (x[0] + (-1)^m x[N-1] + 2 sum_{k=1}^{N-2} x[k] cos(pi k m / (N - 1))),
/// which for N = n/2 + 1 is the DFT of the even length-n sequence whose first half is x.
/// Differentiable to any order (its adjoint is itself, weighted).
torch::Tensor fftw_dct1(const torch::Tensor& x, double scale);

}  // namespace nnaudio::detail
