#pragma once
// What every nnaudio module does the same way: registering kernels as buffers or parameters,
// and printing the options that differ from their defaults.

#include <torch/torch.h>

#include <optional>
#include <sstream>
#include <string>

#include "nnaudio/kernels/window.h"
#include "nnaudio/types.h"

namespace nnaudio::detail {

/// Registers `value` under `name` as a parameter when trainable, else as a buffer (so that
/// state_dict, to() and clone() carry it either way), and returns the registered tensor.
inline torch::Tensor register_kernel(torch::nn::Module& module, const std::string& name,
                                     const torch::Tensor& value, bool trainable) {
  return trainable ? module.register_parameter(name, value) : module.register_buffer(name, value);
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
