#include "modules/module_support.h"

namespace nnaudio::detail {

torch::Tensor to_half_precision(const torch::Tensor& result, torch::ScalarType input_type,
                                const char* module) {
  if (result.is_complex()) return result;
  const auto type = input_type == torch::kBFloat16 ? torch::kBFloat16 : torch::kHalf;
  if (type == torch::kHalf && result.numel() > 0) {
    // bfloat16 has float32's range; float16 ends at 65504, and a finite value from 65520 on
    // (halfway to the next power of two's step) rounds to inf.
    const auto largest =
        torch::where(torch::isfinite(result), result.abs(), torch::zeros({}, result.options()))
            .max()
            .item<double>();
    TORCH_CHECK_VALUE(largest < 65520.0, module, ": the result reaches ", largest,
                      ", beyond float16's largest value 65504, so it cannot be returned as "
                      "float16; use bfloat16 or float32 input, a magnitude or dB output, or scale "
                      "the input down");
  }
  return result.to(type);
}

}  // namespace nnaudio::detail
