#include "functional/spectrum_format.h"

namespace nnaudio::detail {
namespace {

class SafeMagnitude : public torch::autograd::Function<SafeMagnitude> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& real,
                               const torch::Tensor& imag) {
    auto magnitude = torch::sqrt(real * real + imag * imag);
    ctx->save_for_backward({real, imag, magnitude});
    return magnitude;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto& magnitude = saved[2];
    // d|X|/dRe = Re/|X|, taken as 0 at |X| = 0 (the subgradient of smallest norm). The
    // division is by 1 there, not by 0, so that a second derivative through it stays finite
    // (0 * inf would be NaN even in the branch torch::where discards).
    const auto nonzero = magnitude > 0;
    const auto divisor = torch::where(nonzero, magnitude, torch::ones_like(magnitude));
    const auto scale = torch::where(nonzero, grads[0] / divisor, torch::zeros_like(magnitude));
    return {scale * saved[0], scale * saved[1]};
  }
};

// atan2(imag, real), 0 with a zero gradient where the bin is exactly 0 (atan2's gradient is 0/0
// there): both arguments are replaced before atan2 so that neither branch of the where has a
// NaN gradient.
torch::Tensor safe_phase(const torch::Tensor& real, const torch::Tensor& imag) {
  const auto zero = real.eq(0).logical_and(imag.eq(0));
  const auto phase = torch::atan2(torch::where(zero, torch::zeros_like(imag), imag),
                                  torch::where(zero, torch::ones_like(real), real));
  return torch::where(zero, torch::zeros_like(phase), phase);
}

}  // namespace

torch::Tensor safe_magnitude(const torch::Tensor& real, const torch::Tensor& imag) {
  return SafeMagnitude::apply(real, imag);
}

torch::Tensor format_spectrum(const torch::Tensor& real_imag, OutputFormat format) {
  switch (format) {
    case OutputFormat::Complex:
      return torch::view_as_complex(real_imag.contiguous());
    case OutputFormat::RealImag:
      return real_imag;
    default:
      return format_spectrum(real_imag.select(-1, 0), real_imag.select(-1, 1), format);
  }
}

torch::Tensor format_spectrum(const torch::Tensor& real, const torch::Tensor& imag,
                              OutputFormat format) {
  switch (format) {
    case OutputFormat::Complex:
      return torch::complex(real, imag);
    case OutputFormat::RealImag:
      return torch::stack({real, imag}, -1);
    case OutputFormat::Magnitude:
      return safe_magnitude(real, imag);
    case OutputFormat::Power:
      return real * real + imag * imag;
    case OutputFormat::Phase:
      return safe_phase(real, imag);
  }
  TORCH_CHECK_VALUE(false, "unknown output_format");
}

torch::Tensor as_complex_spectrum(const torch::Tensor& spectrum, const char* transform) {
  TORCH_CHECK_VALUE(spectrum.defined(), transform, ": spectrum is an undefined tensor");
  if (spectrum.is_complex()) {
    TORCH_CHECK_VALUE(spectrum.dim() >= 2, transform,
                      ": complex spectrum must have shape (..., freq, frames), got ",
                      spectrum.sizes());
    return spectrum;
  }
  TORCH_CHECK_TYPE(spectrum.is_floating_point(), transform,
                   ": spectrum must be complex or real floating point, got ",
                   spectrum.scalar_type());
  TORCH_CHECK_VALUE(spectrum.dim() >= 3 && spectrum.size(-1) == 2, transform,
                    ": a real spectrum must have shape (..., freq, frames, 2), got ",
                    spectrum.sizes());
  return torch::view_as_complex(spectrum.contiguous());
}

}  // namespace nnaudio::detail
