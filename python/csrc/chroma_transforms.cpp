// The Transforms of the chroma family (ChromaSTFT, ChromaCQT, ChromaCENS) and PCEN.

#include <nnaudio/nnaudio.h>

#include "transforms.h"

namespace nnaudio::python {
namespace {

// The fields of NNAUDIO_CHROMA_CQT_OPTIONS.
template <typename Options>
void read_chroma_cqt(Options& o, OptionReader& r) {
  NNAUDIO_READ_OPTION(o, r, hop_length, integer);
  NNAUDIO_READ_OPTION(o, r, fmin, optional_real);
  NNAUDIO_READ_OPTION(o, r, tuning, real);
  NNAUDIO_READ_OPTION(o, r, n_chroma, integer);
  NNAUDIO_READ_OPTION(o, r, n_octaves, integer);
  NNAUDIO_READ_OPTION(o, r, bins_per_octave, integer);
  NNAUDIO_READ_OPTION(o, r, window, reals);
  if (r.has("cqt_mode")) o.cqt_mode(parse_chroma_cqt_mode(r.text("cqt_mode")));
  if (r.has("algorithm")) o.algorithm(parse_cqt_algorithm(r.text("algorithm")));
  NNAUDIO_READ_OPTION(o, r, trainable_CQT, boolean);
  NNAUDIO_READ_OPTION(o, r, norm, optional_real);
}

class ChromaSTFTTransform : public ModuleTransform<ChromaSTFT> {
 public:
  explicit ChromaSTFTTransform(OptionReader& r) : ModuleTransform(ChromaSTFT(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("ChromaSTFT", call, {"forward"});
    return {primary_->forward(call.input)};
  }

 private:
  static ChromaSTFTOptions options(OptionReader& r) {
    ChromaSTFTOptions o(r.real("sr"));
    read_framing(o, r);
    NNAUDIO_READ_OPTION(o, r, power, real);
    NNAUDIO_READ_OPTION(o, r, n_chroma, integer);
    NNAUDIO_READ_OPTION(o, r, tuning, real);
    NNAUDIO_READ_OPTION(o, r, ctroct, real);
    NNAUDIO_READ_OPTION(o, r, octwidth, optional_real);
    NNAUDIO_READ_OPTION(o, r, base_c, boolean);
    NNAUDIO_READ_OPTION(o, r, norm, optional_real);
    NNAUDIO_READ_OPTION(o, r, threshold, optional_real);
    if (r.has("chroma_dtype")) {
      const auto dtype = r.text("chroma_dtype");
      TORCH_CHECK_VALUE(dtype == "float32" || dtype == "float64", "chroma_dtype=", dtype,
                        " is not supported; allowed: float32, float64");
      o.chroma_dtype(dtype == "float32" ? torch::kFloat32 : torch::kFloat64);
    }
    NNAUDIO_READ_OPTION(o, r, trainable_chroma, boolean);
    NNAUDIO_READ_OPTION(o, r, trainable_STFT, boolean);
    return o;
  }
  std::vector<Slot> slots_of(ChromaSTFTImpl& m, const std::string& prefix) override {
    auto slots = fourier_slots(*m.stft, prefix + "stft.");
    slots.push_back({prefix + "chroma_basis", &m.chroma_basis});
    return slots;
  }
};

std::vector<Slot> chroma_cqt_slots(ChromaCQTImpl& m, const std::string& prefix) {
  auto slots = m.cqt ? cqt_slots(*m.cqt, prefix + "cqt.")
                     : hybrid_cqt_slots(*m.hybrid_cqt, prefix + "hybrid_cqt.");
  slots.push_back({prefix + "chroma_basis", &m.chroma_basis});
  return slots;
}

class ChromaCQTTransform : public ModuleTransform<ChromaCQT> {
 public:
  explicit ChromaCQTTransform(OptionReader& r) : ModuleTransform(ChromaCQT(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("ChromaCQT", call, {"forward"});
    return {primary_->forward(call.input)};
  }

 private:
  static ChromaCQTOptions options(OptionReader& r) {
    ChromaCQTOptions o(r.real("sr"));
    read_chroma_cqt(o, r);
    NNAUDIO_READ_OPTION(o, r, threshold, optional_real);
    return o;
  }
  std::vector<Slot> slots_of(ChromaCQTImpl& m, const std::string& prefix) override {
    return chroma_cqt_slots(m, prefix);
  }
};

class ChromaCENSTransform : public ModuleTransform<ChromaCENS> {
 public:
  explicit ChromaCENSTransform(OptionReader& r) : ModuleTransform(ChromaCENS(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("ChromaCENS", call, {"forward"});
    return {primary_->forward(call.input)};
  }

 private:
  static ChromaCENSOptions options(OptionReader& r) {
    ChromaCENSOptions o(r.real("sr"));
    read_chroma_cqt(o, r);
    NNAUDIO_READ_OPTION(o, r, win_len_smooth, optional_integer);
    if (r.has("smoothing_window")) o.smoothing_window(Window::parse(r.text("smoothing_window")));
    return o;
  }
  std::vector<Slot> slots_of(ChromaCENSImpl& m, const std::string& prefix) override {
    auto slots = chroma_cqt_slots(*m.chroma_cqt, prefix + "chroma_cqt.");
    slots.push_back({prefix + "smoothing", &m.smoothing});
    return slots;
  }
};

class PCENTransform : public ModuleTransform<PCEN> {
 public:
  explicit PCENTransform(OptionReader& r) : ModuleTransform(PCEN(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("PCEN", call, {"forward"});
    return {primary_->forward(call.input)};
  }

 private:
  static PCENOptions options(OptionReader& r) {
    PCENOptions o(r.real("sr"));
    NNAUDIO_READ_OPTION(o, r, hop_length, integer);
    NNAUDIO_READ_OPTION(o, r, gain, real);
    NNAUDIO_READ_OPTION(o, r, bias, real);
    NNAUDIO_READ_OPTION(o, r, power, real);
    NNAUDIO_READ_OPTION(o, r, time_constant, real);
    NNAUDIO_READ_OPTION(o, r, b, optional_real);
    NNAUDIO_READ_OPTION(o, r, eps, real);
    NNAUDIO_READ_OPTION(o, r, max_size, integer);
    NNAUDIO_READ_OPTION(o, r, max_axis, integer);
    NNAUDIO_READ_OPTION(o, r, trainable, boolean);
    NNAUDIO_READ_OPTION(o, r, channels, optional_integer);
    return o;
  }
  std::vector<Slot> slots_of(PCENImpl& m, const std::string& prefix) override {
    return {{prefix + "gain", &m.gain},
            {prefix + "bias", &m.bias},
            {prefix + "power", &m.power},
            {prefix + "b", &m.b}};
  }
};

const bool registered = register_transform("ChromaSTFT", make<ChromaSTFTTransform>) &&
                        register_transform("ChromaCQT", make<ChromaCQTTransform>) &&
                        register_transform("ChromaCENS", make<ChromaCENSTransform>) &&
                        register_transform("PCEN", make<PCENTransform>);

}  // namespace
}  // namespace nnaudio::python
