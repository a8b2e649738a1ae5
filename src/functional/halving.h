#pragma once
// functional::halve_rate in pieces, for a caller that keeps the low-pass filter's spectrum
// between calls (the CQT module: at batch 1 the filter's transforms were a quarter of a call).

#include <torch/torch.h>

namespace nnaudio::detail {

/// The FFT size halve_rate uses for `length` samples and a filter of `taps` taps.
int64_t halving_size(int64_t length, int64_t taps);

/// The filter's n-point spectrum, centred on sample 0: complex (n/2 + 1) of `like`'s precision,
/// on its device.
torch::Tensor halving_spectrum(const torch::Tensor& lowpass, int64_t n, const torch::Tensor& like);

/// halve_rate of a finite (..., length) signal given that spectrum (n from halving_size).
torch::Tensor halve_finite(const torch::Tensor& signal, const torch::Tensor& spectrum, int64_t n);

}  // namespace nnaudio::detail
