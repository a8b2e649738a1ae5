// The Transforms of PseudoCQT and HybridCQT.

#include <nnaudio/nnaudio.h>

#include "transforms.h"

namespace nnaudio::python {
namespace {

// The fields of NNAUDIO_PSEUDO_CQT_OPTIONS.
template <typename Options>
Options read_pseudo_cqt(OptionReader& r) {
  Options o(r.real("sr"));
  NNAUDIO_READ_OPTION(o, r, hop_length, integer);
  NNAUDIO_READ_OPTION(o, r, fmin, real);
  NNAUDIO_READ_OPTION(o, r, n_bins, integer);
  NNAUDIO_READ_OPTION(o, r, bins_per_octave, integer);
  NNAUDIO_READ_OPTION(o, r, tuning, real);
  NNAUDIO_READ_OPTION(o, r, filter_scale, real);
  if (r.has("norm")) o.norm(WaveletNorm::parse(r.text("norm")));
  if (r.has("window")) o.window(Window::parse(r.text("window")));
  NNAUDIO_READ_OPTION(o, r, sparsity, real);
  NNAUDIO_READ_OPTION(o, r, center, boolean);
  if (r.has("pad_mode")) o.pad_mode(parse_pad_mode(r.text("pad_mode")));
  if (r.has("normalization_type")) {
    o.normalization_type(parse_cqt_normalization(r.text("normalization_type")));
  }
  NNAUDIO_READ_OPTION(o, r, trainable, boolean);
  NNAUDIO_READ_OPTION(o, r, max_kernel_bytes, integer);
  return o;
}

std::vector<Slot> pseudo_cqt_slots(PseudoCQTImpl& m, const std::string& prefix) {
  auto slots = fourier_slots(*m.stft, prefix + "stft.");
  slots.push_back({prefix + "cqt_basis", &m.cqt_basis});
  return slots;
}

class PseudoCQTTransform : public ModuleTransform<PseudoCQT> {
 public:
  explicit PseudoCQTTransform(OptionReader& r)
      : ModuleTransform(PseudoCQT(read_pseudo_cqt<PseudoCQTOptions>(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("PseudoCQT", call, {"forward"});
    return {primary_->forward(call.input)};
  }

 private:
  std::vector<Slot> slots_of(PseudoCQTImpl& m, const std::string& prefix) override {
    return pseudo_cqt_slots(m, prefix);
  }
};

class HybridCQTTransform : public ModuleTransform<HybridCQT> {
 public:
  explicit HybridCQTTransform(OptionReader& r) : ModuleTransform(HybridCQT(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("HybridCQT", call, {"forward"});
    return {primary_->forward(call.input)};
  }

 private:
  static HybridCQTOptions options(OptionReader& r) {
    auto o = read_pseudo_cqt<HybridCQTOptions>(r);
    if (r.has("algorithm")) o.algorithm(parse_cqt_algorithm(r.text("algorithm")));
    return o;
  }
  std::vector<Slot> slots_of(HybridCQTImpl& m, const std::string& prefix) override {
    return hybrid_cqt_slots(m, prefix);
  }
};

const bool registered = register_transform("PseudoCQT", make<PseudoCQTTransform>) &&
                        register_transform("HybridCQT", make<HybridCQTTransform>);

}  // namespace

std::vector<Slot> hybrid_cqt_slots(HybridCQTImpl& m, const std::string& prefix) {
  std::vector<Slot> slots;
  if (m.cqt) slots = cqt_slots(*m.cqt, prefix + "cqt.");
  if (m.pseudo_cqt) {
    const auto pseudo = pseudo_cqt_slots(*m.pseudo_cqt, prefix + "pseudo_cqt.");
    slots.insert(slots.end(), pseudo.begin(), pseudo.end());
  }
  return slots;
}

}  // namespace nnaudio::python
