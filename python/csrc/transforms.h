#pragma once
// Building blocks of the Transform of each kind (transforms.cpp, cqt_transforms.cpp).

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include <nnaudio/nnaudio.h>

#include "engine.h"

namespace nnaudio::python {

/// A Transform around one module holder (STFT, MelSpectrogram, ...) of type Holder, whose
/// members `slots_of(impl, prefix)` lists.
template <typename Holder>
class ModuleTransform : public Transform {
 public:
  using Impl = typename Holder::ContainedType;

  explicit ModuleTransform(Holder primary) : primary_(std::move(primary)) {}
  torch::nn::Module& module() override { return *primary_; }
  std::vector<Slot> slots(torch::nn::Module& module) override {
    return slots_of(*module.as<Impl>(), "");
  }

 protected:
  virtual std::vector<Slot> slots_of(Impl& impl, const std::string& prefix) = 0;

  /// The module built from the primary's options changed by `change` (keyed by `key`), built
  /// once, bound to the state.
  template <typename Key, typename Change>
  Holder& variant(const Key& key, Change&& change) {
    auto found = variants_.find(key);
    if (found == variants_.end()) {
      auto options = primary_->options;
      change(options);
      found = variants_.emplace(key, Holder(options)).first;
      release(*found->second);
    }
    bind(*found->second);
    return found->second;
  }

  Holder primary_;
  std::map<std::string, Holder> variants_;
};

/// A TransformMaker for the Transform class T (constructed from the OptionReader).
template <typename T>
std::unique_ptr<Transform> make(OptionReader& options) {
  return std::make_unique<T>(options);
}

/// The framing fields that every STFT-based options struct has.
template <typename Options>
void read_frame(Options& o, OptionReader& r) {
  NNAUDIO_READ_OPTION(o, r, n_fft, integer);
  NNAUDIO_READ_OPTION(o, r, win_length, optional_integer);
  NNAUDIO_READ_OPTION(o, r, hop_length, optional_integer);
  if (r.has("window")) o.window(Window::parse(r.text("window")));
  NNAUDIO_READ_OPTION(o, r, center, boolean);
  NNAUDIO_READ_OPTION(o, r, max_kernel_bytes, integer);
}

/// ... and those of NNAUDIO_FRAMING_OPTIONS.
template <typename Options>
void read_framing(Options& o, OptionReader& r) {
  read_frame(o, r);
  if (r.has("pad_mode")) o.pad_mode(parse_pad_mode(r.text("pad_mode")));
  if (r.has("backend")) o.backend(parse_backend(r.text("backend")));
}

/// The members of STFTImpl and ISTFTImpl.
template <typename Impl>
std::vector<Slot> fourier_slots(Impl& m, const std::string& prefix) {
  return {{prefix + "window", &m.window},
          {prefix + "kernel_cos", &m.kernel_cos},
          {prefix + "kernel_sin", &m.kernel_sin}};
}

/// The stage kernels and the multirate algorithms' low-pass filter of a CQT (cqt_transforms.cpp).
std::vector<Slot> cqt_slots(CQTImpl& m, const std::string& prefix);

/// The full CQT's and the pseudo CQT's kernels of a HybridCQT (hybrid_cqt_transforms.cpp).
std::vector<Slot> hybrid_cqt_slots(HybridCQTImpl& m, const std::string& prefix);

/// Refuses a method this kind does not have.
inline void require_method(const std::string& kind, const Call& call,
                           std::initializer_list<const char*> methods) {
  for (const char* method : methods) {
    if (call.method == method) return;
  }
  TORCH_CHECK_VALUE(false, kind, " has no method ", call.method);
}

}  // namespace nnaudio::python
