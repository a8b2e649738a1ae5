#pragma once
// Turning a spectrum held as (..., 2) real/imaginary pairs into the requested output format.

#include <torch/torch.h>

#include "nnaudio/types.h"

namespace nnaudio::detail {

/// sqrt(re^2 + im^2) whose gradient is 0 (not NaN) where the magnitude is 0.
torch::Tensor safe_magnitude(const torch::Tensor& real, const torch::Tensor& imag);

/// real_imag: (..., 2). Returns the spectrum in `format` (Complex and RealImag without a copy).
torch::Tensor format_spectrum(const torch::Tensor& real_imag, OutputFormat format);

/// The same from separate real and imaginary parts, without stacking them first unless the
/// format needs it.
torch::Tensor format_spectrum(const torch::Tensor& real, const torch::Tensor& imag,
                              OutputFormat format);

/// A complex spectrum as a complex tensor: accepts complex (...) or real (..., 2) input.
torch::Tensor as_complex_spectrum(const torch::Tensor& spectrum, const char* transform);

}  // namespace nnaudio::detail
