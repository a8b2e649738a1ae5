#pragma once
// librosa.util.normalize along one dimension, as differentiable tensor operations: shared by
// the chroma filter bank (kernels) and the chroma transforms (functional).

#include <torch/torch.h>

#include <cmath>
#include <limits>
#include <optional>

#include "functional/power_law.h"

namespace nnaudio::detail {

/// x divided by its `norm` along `dim`: p > 0 the p-norm, +infinity the largest magnitude,
/// -infinity the smallest, 0 the number of nonzeros; unset: x unchanged. Slices whose norm is
/// below `threshold` are left as they are (librosa's fill=None). The gradient stays finite where
/// a slice is zero. `norm` must be valid (callers check it).
inline torch::Tensor librosa_normalize(const torch::Tensor& x, std::optional<double> norm,
                                       int64_t dim, double threshold) {
  if (!norm) return x;
  const double p = *norm;
  const auto magnitude = x.abs();
  torch::Tensor length;
  if (std::isinf(p)) {
    length = p > 0 ? magnitude.amax(dim, true) : magnitude.amin(dim, true);
  } else if (p == 0.0) {
    length = magnitude.gt(0).sum(dim, true).to(x.scalar_type());
  } else {
    const auto sum = power_law(magnitude, p).sum(dim, true);
    torch::Tensor small;
    {
      torch::NoGradGuard no_grad;
      small = sum.pow(1.0 / p).lt(threshold);
    }
    // 1 where the slice is too small, so that the discarded branch has a finite gradient too.
    length = torch::where(small, torch::ones_like(sum), sum).pow(1.0 / p);
  }
  const auto small = length.lt(threshold);
  return x / torch::where(small, torch::ones_like(length), length);
}

/// The smallest positive normal number of a floating dtype (numpy's finfo.tiny, librosa's
/// default threshold of normalize).
inline double tiny(torch::ScalarType dtype) {
  switch (dtype) {
    case torch::kFloat64:
      return std::numeric_limits<double>::min();
    case torch::kHalf:
      return 6.103515625e-05;
    case torch::kBFloat16:
      return std::numeric_limits<float>::min();
    default:
      return std::numeric_limits<float>::min();
  }
}

/// True when `norm` is one librosa.util.normalize accepts: unset, +-infinity, 0 or a finite p > 0.
inline bool valid_librosa_norm(std::optional<double> norm) {
  return !norm || std::isinf(*norm) || *norm == 0.0 || (std::isfinite(*norm) && *norm > 0.0);
}

}  // namespace nnaudio::detail
