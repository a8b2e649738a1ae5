#pragma once
// The checks of the decibel settings, shared by functional::power_to_db and the modules that
// validate the same settings in reset().

#include <torch/torch.h>

#include <cmath>
#include <optional>

#include "nnaudio/functional/amplitude.h"

namespace nnaudio::detail {

inline void check_db_options(const DbReference& ref, double amin,
                             const std::optional<double>& top_db, const char* transform) {
  TORCH_CHECK_VALUE(amin > 0.0 && std::isfinite(amin), transform, ": amin=", amin,
                    " must be positive and finite");
  TORCH_CHECK_VALUE(!top_db || *top_db >= 0.0, transform, ": top_db=", top_db.value_or(0.0),
                    " must be >= 0 (or unset: no clipping)");
  TORCH_CHECK_VALUE(ref.use_max() || (ref.value() > 0.0 && std::isfinite(ref.value())), transform,
                    ": ref=", ref.value(), " must be positive and finite (or DbReference::max())");
}

}  // namespace nnaudio::detail
