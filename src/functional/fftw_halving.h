#pragma once
// The multirate CQTs' halvings (functional::halve_rate) through FFTW on the CPU, for calls that
// need no gradient: LibTorch's CPU FFT took 0.8 ms for the 81,000-point transform of one
// 80,000-sample clip, FFTW a fifth of that.

#include <torch/torch.h>

namespace nnaudio::detail {

/// True when the library was built with FFTW, `signal` is a float32/float64 CPU tensor and no
/// gradient is wanted from it.
bool fftw_halving_can_run(const torch::Tensor& signal);

/// halve_rate's result for a (rows, length) signal and the filter's n-point spectrum `spectrum`
/// (complex, n/2 + 1 bins, of the signal's precision; n a multiple of 4 and at least length + the
/// filter's half length): (rows, (length + 1) / 2).
torch::Tensor fftw_halve(const torch::Tensor& signal, const torch::Tensor& spectrum, int64_t n);

}  // namespace nnaudio::detail
