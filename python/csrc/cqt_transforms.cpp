// The Transforms of CQT (all algorithms, VQT) and iCQT.

#include <nnaudio/nnaudio.h>

#include "transforms.h"

namespace nnaudio::python {
namespace {

// The fields of NNAUDIO_CQT_OPTIONS, which CQTOptions and ICQTOptions share.
template <typename Options>
void read_cqt(Options& o, OptionReader& r) {
  NNAUDIO_READ_OPTION(o, r, hop_length, integer);
  NNAUDIO_READ_OPTION(o, r, fmin, real);
  NNAUDIO_READ_OPTION(o, r, fmax, optional_real);
  NNAUDIO_READ_OPTION(o, r, n_bins, integer);
  NNAUDIO_READ_OPTION(o, r, bins_per_octave, integer);
  NNAUDIO_READ_OPTION(o, r, filter_scale, real);
  NNAUDIO_READ_OPTION(o, r, gamma, real);
  if (r.has("norm")) o.norm(WaveletNorm::parse(r.text("norm")));
  if (r.has("window")) o.window(Window::parse(r.text("window")));
  if (r.has("filter_lengths")) o.filter_lengths(parse_filter_lengths(r.text("filter_lengths")));
  NNAUDIO_READ_OPTION(o, r, sparsity, real);
  NNAUDIO_READ_OPTION(o, r, center, boolean);
  if (r.has("pad_mode")) o.pad_mode(parse_pad_mode(r.text("pad_mode")));
  NNAUDIO_READ_OPTION(o, r, earlydownsample, boolean);
  if (r.has("normalization_type")) {
    o.normalization_type(parse_cqt_normalization(r.text("normalization_type")));
  }
  if (r.has("algorithm")) o.algorithm(parse_cqt_algorithm(r.text("algorithm")));
  NNAUDIO_READ_OPTION(o, r, trainable, boolean);
  NNAUDIO_READ_OPTION(o, r, max_kernel_bytes, integer);
  NNAUDIO_READ_OPTION(o, r, allow_above_nyquist, boolean);
}

class CQTTransform : public ModuleTransform<CQT> {
 public:
  explicit CQTTransform(OptionReader& r) : ModuleTransform(CQT(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("CQT", call, {"forward", "min_input_length"});
    if (call.method == "min_input_length") {
      return {torch::tensor(primary_->min_input_length(), torch::kInt64)};
    }
    const auto& o = primary_->options;
    const auto format =
        call.output_format ? parse_output_format(*call.output_format) : o.output_format();
    const auto normalization =
        call.normalization ? parse_cqt_normalization(*call.normalization) : o.normalization_type();
    return {primary_->transform(call.input, format, normalization)};
  }

 private:
  static CQTOptions options(OptionReader& r) {
    CQTOptions o(r.real("sr"));
    read_cqt(o, r);
    if (r.has("output_format")) o.output_format(parse_output_format(r.text("output_format")));
    return o;
  }
  std::vector<Slot> slots_of(CQTImpl& m, const std::string& prefix) override {
    return cqt_slots(m, prefix);
  }
};

class ICQTTransform : public ModuleTransform<ICQT> {
 public:
  explicit ICQTTransform(OptionReader& r) : ModuleTransform(ICQT(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("iCQT", call, {"forward"});
    return {primary_->forward(call.input, call.length)};
  }

 private:
  static ICQTOptions options(OptionReader& r) {
    ICQTOptions o(r.real("sr"));
    read_cqt(o, r);
    NNAUDIO_READ_OPTION(o, r, n_iter, integer);
    NNAUDIO_READ_OPTION(o, r, length, optional_integer);
    return o;
  }
  std::vector<Slot> slots_of(ICQTImpl& m, const std::string& prefix) override {
    return cqt_slots(*m.cqt, prefix + "cqt.");
  }
};

const bool registered = register_transform("CQT", make<CQTTransform>) &&
                        register_transform("iCQT", make<ICQTTransform>);

}  // namespace

std::vector<Slot> cqt_slots(CQTImpl& m, const std::string& prefix) {
  auto& stages = m.stages();
  std::vector<Slot> slots;
  for (size_t i = 0; i < stages.size(); ++i) {
    const auto suffix = std::to_string(i);
    slots.push_back({prefix + "kernel_real_" + suffix, &stages[i].kernel_real});
    slots.push_back({prefix + "kernel_imag_" + suffix, &stages[i].kernel_imag});
  }
  // The filter stays the registered buffer (its data is shared), so it stays defined between calls.
  if (m.lowpass.defined()) slots.push_back({prefix + "lowpass", &m.lowpass, /*shared_data=*/true});
  return slots;
}

}  // namespace nnaudio::python
