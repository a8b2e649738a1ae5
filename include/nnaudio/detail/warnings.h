#pragma once
// Collecting the warnings LibTorch's TORCH_WARN issues, across LibTorch 1.13 and 2.x (2.x made
// c10::Warning a class and moved the handler API to c10::WarningUtils, with a new signature).

#include <torch/torch.h>
#include <torch/version.h>

#include <string>
#include <vector>

namespace nnaudio::detail {

#if TORCH_VERSION_MAJOR >= 2
namespace warning_api = c10::WarningUtils;
#else
namespace warning_api = c10::Warning;
#endif

/// While it exists, the warnings of this thread go to messages() instead of the handler that
/// was in place (the log, or Python's warnings in a Python call).
class WarningRecorder : public c10::WarningHandler {
 public:
  WarningRecorder() : previous_(warning_api::get_warning_handler()) {
    warning_api::set_warning_handler(this);
  }
  ~WarningRecorder() override { warning_api::set_warning_handler(previous_); }
  WarningRecorder(const WarningRecorder&) = delete;
  WarningRecorder& operator=(const WarningRecorder&) = delete;

#if TORCH_VERSION_MAJOR >= 2
  void process(const c10::Warning& warning) override {
    messages_.push_back(warning.msg());
  }
#else
  void process(const c10::SourceLocation&, const std::string& message, const bool) override {
    messages_.push_back(message);
  }
#endif
  const std::vector<std::string>& messages() const {
    return messages_;
  }

 private:
  c10::WarningHandler* previous_;
  std::vector<std::string> messages_;
};

}  // namespace nnaudio::detail
