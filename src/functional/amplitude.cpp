#include "nnaudio/functional/amplitude.h"

#include <sstream>
#include <vector>

#include "functional/db_options.h"

namespace nnaudio {

std::string DbReference::to_string() const {
  if (use_max_) return "max";
  std::ostringstream text;
  text << value_;
  return text.str();
}

namespace functional {
namespace {

// The dims one example spans: (freq, frames), or everything below rank 2.
std::vector<int64_t> example_dims(const torch::Tensor& values) {
  if (values.dim() >= 2) return {-2, -1};
  std::vector<int64_t> all(values.dim());
  for (int64_t d = 0; d < values.dim(); ++d) all[d] = d;
  return all;
}

// factor * log10(max(amin, values)) relative to the reference, clipped to top_db below each
// example's maximum. `values` is already non-negative.
torch::Tensor to_db(const torch::Tensor& values, double factor, const DbReference& ref, double amin,
                    const std::optional<double>& top_db, const char* caller) {
  TORCH_CHECK_VALUE(values.defined(), caller, ": input is an undefined tensor");
  TORCH_CHECK_TYPE(values.is_floating_point(), caller,
                   ": input must be a real floating-point tensor, got ", values.scalar_type());
  detail::check_db_options(ref, amin, top_db, caller);
  const auto log_values = factor * torch::log10(torch::clamp_min(values, amin));
  if (values.numel() == 0) return log_values;
  const auto dims = example_dims(values);
  torch::Tensor db;
  if (ref.use_max()) {
    // max(amin, max S) = the maximum of the clamped values, whose log is already computed.
    db = log_values - log_values.amax(dims, /*keepdim=*/true);
  } else {
    db = log_values - factor * std::log10(std::max(amin, ref.value()));
  }
  if (!top_db) return db;
  return torch::maximum(db, db.amax(dims, /*keepdim=*/true) - *top_db);
}

}  // namespace

torch::Tensor power_to_db(const torch::Tensor& power, DbReference ref, double amin,
                          std::optional<double> top_db) {
  return to_db(power, 10.0, ref, amin, top_db, "power_to_db");
}

torch::Tensor amplitude_to_db(const torch::Tensor& amplitude, DbReference ref, double amin,
                              std::optional<double> top_db) {
  TORCH_CHECK_VALUE(amplitude.defined(), "amplitude_to_db: input is an undefined tensor");
  return to_db(amplitude.abs(), 20.0, ref, amin, top_db, "amplitude_to_db");
}

}  // namespace functional
}  // namespace nnaudio
