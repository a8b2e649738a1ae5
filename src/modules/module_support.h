#pragma once
// What every nnaudio module does the same way: registering kernels as buffers or parameters,
// bounding the working memory of a batch, and printing the options that differ from their
// defaults.

#include <torch/torch.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "nnaudio/kernels/window.h"
#include "nnaudio/memory.h"
#include "nnaudio/types.h"

namespace nnaudio::detail {

/// Registers `value` under `name` as a parameter when trainable, else as a buffer (so that
/// state_dict, to() and clone() carry it either way), and returns the registered tensor.
inline torch::Tensor register_kernel(torch::nn::Module& module, const std::string& name,
                                     const torch::Tensor& value, bool trainable) {
  return trainable ? module.register_parameter(name, value) : module.register_buffer(name, value);
}

/// Checks, before anything is built, that a module's window (win_length samples) and, when
/// fourier_bins > 0, its (fourier_bins, n_fft) cosine and sine kernels fit in `limit` bytes.
/// Built in float64: the window and its padded copy; the products, phases, cosines and sines
/// (measured peak: 6.0 arrays of the kernels' size at n_fft = 2048), 7 arrays counted.
inline void check_framing_kernel_bytes(const std::string& module, int64_t n_fft, int64_t win_length,
                                       int64_t fourier_bins, int64_t limit) {
  const double window = 2.0 * 8.0 * static_cast<double>(win_length);
  const double kernels = 7.0 * 8.0 * static_cast<double>(fourier_bins) * static_cast<double>(n_fft);
  check_kernel_bytes(window + kernels, limit,
                     module + ": the window" + (fourier_bins > 0 ? " and Fourier kernels" : "") +
                         " (n_fft=" + std::to_string(n_fft) + ")",
                     "lower n_fft");
}

/// Checks, before it is built, that a (rows, columns) float64 bank fits in `limit` bytes with
/// the temporaries of its construction: up to `arrays` arrays of its size at once.
inline void check_bank_bytes(const std::string& what, int64_t rows, int64_t columns, double arrays,
                             int64_t limit, const std::string& advice) {
  check_kernel_bytes(arrays * 8.0 * static_cast<double>(rows) * static_cast<double>(columns), limit,
                     what, advice);
}

/// The temporaries one block of a batch may hold in a module's forward without autograd.
constexpr int64_t kBatchBlockBytes = int64_t{32} << 20;

/// True when a forward pass of `module` on `input` records an autograd graph.
inline bool records_graph(const torch::nn::Module& module, const torch::Tensor& input) {
  if (!torch::GradMode::is_enabled()) return false;
  if (input.defined() && input.requires_grad()) return true;
  const auto parameters = module.parameters();
  return std::any_of(parameters.begin(), parameters.end(),
                     [](const torch::Tensor& p) { return p.requires_grad(); });
}

/// Runs `compute` ((n, time) -> (n, ...)) on blocks of the (..., time) input's items whose
/// temporaries, `item_bytes` each, stay below kBatchBlockBytes (one item at least), and joins
/// the results: a transform's working memory then does not grow with the batch (fresh large
/// buffers are slow to touch; see DESIGN.md). Without blocks to make, or when `graph` (the
/// autograd graph keeps the temporaries anyway), compute(input) as it is.
template <typename Compute>
torch::Tensor in_item_blocks(const torch::Tensor& input, int64_t item_bytes, bool graph,
                             const Compute& compute) {
  const int64_t block = std::max<int64_t>(1, kBatchBlockBytes / std::max<int64_t>(item_bytes, 1));
  // Invalid inputs (undefined, no samples) go straight to compute, which names the problem.
  if (graph || !input.defined() || input.dim() < 2 || input.size(-1) == 0 ||
      input.numel() / input.size(-1) <= block) {
    return compute(input);
  }
  const auto items = input.reshape({-1, input.size(-1)});
  std::vector<torch::Tensor> parts;
  for (int64_t first = 0; first < items.size(0); first += block) {
    parts.push_back(compute(items.narrow(0, first, std::min(block, items.size(0) - first))));
  }
  const auto joined = torch::cat(parts, 0);
  std::vector<int64_t> shape(input.sizes().begin(), input.sizes().end() - 1);
  shape.insert(shape.end(), joined.sizes().begin() + 1, joined.sizes().end());
  return joined.reshape(shape);
}

/// True for the half-precision dtypes a module computes in float32: float16, bfloat16 and
/// complex float16 (a half-precision complex spectrum).
inline bool is_half_precision(torch::ScalarType type) {
  return type == torch::kHalf || type == torch::kBFloat16 || type == torch::kComplexHalf;
}

/// Casts a transform's float32 result back to the half-precision type of its input: real
/// results to float16 (from float16 or complex float16 input) or bfloat16; complex results stay
/// complex64 (there is no complex bfloat16, and complex float16 has few operators). A finite
/// value beyond float16's range is refused rather than returned as inf.
torch::Tensor to_half_precision(const torch::Tensor& result, torch::ScalarType input_type,
                                const char* module);

/// Runs `compute` (a module's forward) on `input` as it is, or, for a half-precision input, on
/// its float32 (or complex64) copy, returning the result in the input's precision: FFTs of any
/// length and long sums (filter banks, kernels of thousands of taps) then accumulate in float32,
/// on every device. Gradients flow through both casts.
template <typename Compute>
torch::Tensor in_float32_if_half(const torch::Tensor& input, const char* module,
                                 const Compute& compute) {
  if (!input.defined() || !is_half_precision(input.scalar_type())) return compute(input);
  const auto wide = input.is_complex() ? torch::kComplexFloat : torch::kFloat32;
  return to_half_precision(compute(input.to(wide)), input.scalar_type(), module);
}

/// Builds "nnaudio::Name(a=1, b=2)" from the always-shown fields and those off their default.
class OptionPrinter {
 public:
  explicit OptionPrinter(const std::string& name) { text_ << "nnaudio::" << name << '('; }

  template <typename T>
  OptionPrinter& always(const char* field, const T& value) {
    separate();
    text_ << field << '=' << show(value);
    return *this;
  }

  template <typename T>
  OptionPrinter& unless_default(const char* field, const T& value, const T& default_value) {
    if (!(value == default_value)) always(field, value);
    return *this;
  }

  std::string str() const { return text_.str() + ')'; }

 private:
  void separate() {
    if (!first_) text_ << ", ";
    first_ = false;
  }
  template <typename T>
  static std::string show(const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      return value ? "true" : "false";
    } else if constexpr (std::is_enum_v<T>) {
      return to_string(value);
    } else {
      std::ostringstream out;
      out << value;
      return out.str();
    }
  }
  static std::string show(const Window& window) { return window.to_string(); }
  template <typename T>
  static std::string show(const std::optional<T>& value) {
    return value ? show(*value) : "none";
  }

  std::ostringstream text_;
  bool first_ = true;
};

}  // namespace nnaudio::detail
