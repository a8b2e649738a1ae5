// The Transforms of the augmentation modules: FrequencyMasking, TimeMasking, TimeStretch. The
// Python classes call them in training mode only (eval is the identity there).

#include <nnaudio/nnaudio.h>

#include "transforms.h"

namespace nnaudio::python {
namespace {

std::optional<uint64_t> read_seed(OptionReader& r) {
  if (!r.has("seed")) return std::nullopt;
  const auto seed = r.optional_integer("seed");
  if (!seed) return std::nullopt;
  TORCH_CHECK_VALUE(*seed >= 0, "seed=", *seed, " must be >= 0 (or None)");
  return static_cast<uint64_t>(*seed);
}

template <typename Holder>
class MaskingTransform : public ModuleTransform<Holder> {
 public:
  using Impl = typename ModuleTransform<Holder>::Impl;
  explicit MaskingTransform(OptionReader& r) : ModuleTransform<Holder>(Holder(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("masking", call, {"forward"});
    return {this->primary_->forward(call.input, call.value)};
  }

 private:
  static MaskingOptions options(OptionReader& r) {
    MaskingOptions o(r.integer("mask_param"));
    NNAUDIO_READ_OPTION(o, r, iid_masks, boolean);
    NNAUDIO_READ_OPTION(o, r, mask_value, real);
    NNAUDIO_READ_OPTION(o, r, p, real);
    NNAUDIO_READ_OPTION(o, r, probability, real);
    o.seed(read_seed(r));
    return o;
  }
  std::vector<Slot> slots_of(Impl&, const std::string&) override { return {}; }
};

class TimeStretchTransform : public ModuleTransform<TimeStretch> {
 public:
  explicit TimeStretchTransform(OptionReader& r) : ModuleTransform(TimeStretch(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("TimeStretch", call, {"forward"});
    return {primary_->forward(call.input, call.value)};
  }

 private:
  static TimeStretchOptions options(OptionReader& r) {
    TimeStretchOptions o(r.integer("n_freq"));
    NNAUDIO_READ_OPTION(o, r, hop_length, optional_integer);
    NNAUDIO_READ_OPTION(o, r, fixed_rate, optional_real);
    NNAUDIO_READ_OPTION(o, r, min_rate, real);
    NNAUDIO_READ_OPTION(o, r, max_rate, real);
    o.seed(read_seed(r));
    return o;
  }
  std::vector<Slot> slots_of(TimeStretchImpl& m, const std::string& prefix) override {
    return {{prefix + "phase_advance", &m.phase_advance}};
  }
};

const bool registered =
    register_transform("FrequencyMasking", make<MaskingTransform<FrequencyMasking>>) &&
    register_transform("TimeMasking", make<MaskingTransform<TimeMasking>>) &&
    register_transform("TimeStretch", make<TimeStretchTransform>);

}  // namespace
}  // namespace nnaudio::python
