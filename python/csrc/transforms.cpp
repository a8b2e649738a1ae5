// The Transform of each kind of the STFT family, the mel family, Gammatonegram and CFP: how its
// options are read, which members hold its tensors, and what a call runs.

#include "transforms.h"

#include <nnaudio/nnaudio.h>

namespace nnaudio::python {
namespace {

MelNorm parse_mel_norm(const std::string& text) {
  if (text == "slaney") return MelNorm::slaney();
  if (text == "none") return MelNorm::none();
  const auto p = parse_number<double>(text);
  TORCH_CHECK_VALUE(p, "norm=", text,
                    " is not supported; allowed: slaney, none or a number p (p-norm)");
  return MelNorm::p_norm(*p);
}

torch::Dtype parse_dtype(const std::string& text) {
  TORCH_CHECK_VALUE(text == "float32" || text == "float64", "mel_dtype=", text,
                    " is not supported; allowed: float32, float64");
  return text == "float32" ? torch::kFloat32 : torch::kFloat64;
}

template <typename Options>
void read_mel_bank(Options& o, OptionReader& r) {
  NNAUDIO_READ_OPTION(o, r, n_mels, integer);
  NNAUDIO_READ_OPTION(o, r, fmin, real);
  NNAUDIO_READ_OPTION(o, r, fmax, optional_real);
  NNAUDIO_READ_OPTION(o, r, htk, boolean);
  if (r.has("norm")) o.norm(parse_mel_norm(r.text("norm")));
  if (r.has("mel_dtype")) o.mel_dtype(parse_dtype(r.text("mel_dtype")));
  NNAUDIO_READ_OPTION(o, r, trainable_mel, boolean);
  NNAUDIO_READ_OPTION(o, r, trainable_STFT, boolean);
}

// ref of the decibel conversions: "max" or a value.
DbReference reference(OptionReader& r) {
  return r.text("ref") == "max" ? DbReference::max() : DbReference(r.real("ref"));
}

std::vector<Slot> mel_slots(MelSpectrogramImpl& m, const std::string& prefix) {
  auto slots = fourier_slots(*m.stft, prefix + "stft.");
  slots.push_back({prefix + "mel_basis", &m.mel_basis});
  return slots;
}

class STFTTransform : public ModuleTransform<STFT> {
 public:
  explicit STFTTransform(OptionReader& r) : ModuleTransform(STFT(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("STFT", call, {"forward", "inverse"});
    if (call.method == "inverse") return {primary_->inverse(call.input, call.length)};
    if (!call.output_format) return {primary_->forward(call.input)};
    const auto format = parse_output_format(*call.output_format);
    if (format == primary_->options.output_format()) return {primary_->forward(call.input)};
    return {variant(to_string(format), [&](STFTOptions& o) {
              o.output_format(format);
            })->forward(call.input)};
  }

 private:
  static STFTOptions options(OptionReader& r) {
    STFTOptions o;
    read_framing(o, r);
    if (r.has("freq_scale")) o.freq_scale(parse_freq_scale(r.text("freq_scale")));
    NNAUDIO_READ_OPTION(o, r, fmin, real);
    NNAUDIO_READ_OPTION(o, r, fmax, real);
    NNAUDIO_READ_OPTION(o, r, freq_bins, optional_integer);
    NNAUDIO_READ_OPTION(o, r, sr, real);
    if (r.has("output_format")) o.output_format(parse_output_format(r.text("output_format")));
    NNAUDIO_READ_OPTION(o, r, trainable, boolean);
    return o;
  }
  std::vector<Slot> slots_of(STFTImpl& m, const std::string& prefix) override {
    return fourier_slots(m, prefix);
  }
};

class ISTFTTransform : public ModuleTransform<ISTFT> {
 public:
  explicit ISTFTTransform(OptionReader& r) : ModuleTransform(ISTFT(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("iSTFT", call, {"forward"});
    if (!call.onesided || *call.onesided == primary_->options.onesided()) {
      return {primary_->forward(call.input, call.length)};
    }
    const bool onesided = *call.onesided;
    return {variant(onesided ? "onesided" : "full", [&](ISTFTOptions& o) {
              o.onesided(onesided);
            })->forward(call.input, call.length)};
  }

 private:
  static ISTFTOptions options(OptionReader& r) {
    ISTFTOptions o;
    read_frame(o, r);
    if (r.has("backend")) o.backend(parse_backend(r.text("backend")));
    if (r.has("freq_scale")) o.freq_scale(parse_freq_scale(r.text("freq_scale")));
    NNAUDIO_READ_OPTION(o, r, length, optional_integer);
    NNAUDIO_READ_OPTION(o, r, onesided, boolean);
    NNAUDIO_READ_OPTION(o, r, trainable, boolean);
    return o;
  }
  std::vector<Slot> slots_of(ISTFTImpl& m, const std::string& prefix) override {
    return fourier_slots(m, prefix);
  }
};

class GriffinLimTransform : public ModuleTransform<GriffinLim> {
 public:
  explicit GriffinLimTransform(OptionReader& r) : ModuleTransform(GriffinLim(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("Griffin_Lim", call, {"forward"});
    return {primary_->forward(call.input, call.length)};
  }

 private:
  static GriffinLimOptions options(OptionReader& r) {
    GriffinLimOptions o;
    read_frame(o, r);
    if (r.has("pad_mode")) o.pad_mode(parse_pad_mode(r.text("pad_mode")));
    NNAUDIO_READ_OPTION(o, r, n_iter, integer);
    NNAUDIO_READ_OPTION(o, r, momentum, real);
    if (r.has("init")) {
      const auto init = r.text("init");
      TORCH_CHECK_VALUE(init == "random" || init == "zeros", "init=", init,
                        " is not supported; allowed: random, zeros");
      o.init(init == "random" ? functional::PhaseInit::Random : functional::PhaseInit::Zeros);
    }
    if (r.has("seed")) o.seed(static_cast<uint64_t>(r.integer("seed")));
    NNAUDIO_READ_OPTION(o, r, length, optional_integer);
    return o;
  }
  std::vector<Slot> slots_of(GriffinLimImpl& m, const std::string& prefix) override {
    return {{prefix + "window", &m.window}};
  }
};

class MelSpectrogramTransform : public ModuleTransform<MelSpectrogram> {
 public:
  explicit MelSpectrogramTransform(OptionReader& r) : ModuleTransform(MelSpectrogram(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("MelSpectrogram", call, {"forward"});
    return {primary_->forward(call.input)};
  }

 private:
  static MelSpectrogramOptions options(OptionReader& r) {
    MelSpectrogramOptions o(r.real("sr"));
    read_framing(o, r);
    NNAUDIO_READ_OPTION(o, r, power, real);
    read_mel_bank(o, r);
    return o;
  }
  std::vector<Slot> slots_of(MelSpectrogramImpl& m, const std::string& prefix) override {
    return mel_slots(m, prefix);
  }
};

class MFCCTransform : public ModuleTransform<MFCC> {
 public:
  explicit MFCCTransform(OptionReader& r) : ModuleTransform(MFCC(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("MFCC", call, {"forward"});
    return {primary_->forward(call.input)};
  }

 private:
  static MFCCOptions options(OptionReader& r) {
    MFCCOptions o(r.real("sr"));
    read_framing(o, r);
    NNAUDIO_READ_OPTION(o, r, n_mfcc, integer);
    NNAUDIO_READ_OPTION(o, r, dct_type, integer);
    NNAUDIO_READ_OPTION(o, r, ortho, boolean);
    NNAUDIO_READ_OPTION(o, r, lifter, real);
    NNAUDIO_READ_OPTION(o, r, log_mels_db, boolean);
    NNAUDIO_READ_OPTION(o, r, log_offset, real);
    if (r.has("ref")) o.ref(reference(r));
    NNAUDIO_READ_OPTION(o, r, amin, real);
    NNAUDIO_READ_OPTION(o, r, top_db, optional_real);
    read_mel_bank(o, r);
    return o;
  }
  std::vector<Slot> slots_of(MFCCImpl& m, const std::string& prefix) override {
    auto slots = mel_slots(*m.mel_spectrogram, prefix + "mel_spectrogram.");
    slots.push_back({prefix + "dct_matrix", &m.dct_matrix});
    slots.push_back({prefix + "lifter_weights", &m.lifter_weights});
    return slots;
  }
};

class AmplitudeToDBTransform : public ModuleTransform<AmplitudeToDB> {
 public:
  explicit AmplitudeToDBTransform(OptionReader& r) : ModuleTransform(AmplitudeToDB(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("AmplitudeToDB", call, {"forward"});
    return {primary_->forward(call.input)};
  }

 private:
  static AmplitudeToDBOptions options(OptionReader& r) {
    AmplitudeToDBOptions o;
    if (r.has("stype")) {
      const auto stype = r.text("stype");
      TORCH_CHECK_VALUE(stype == "power" || stype == "magnitude", "stype=", stype,
                        " is not supported; allowed: power, magnitude");
      o.stype(stype == "power" ? AmplitudeToDBOptions::Stype::Power
                               : AmplitudeToDBOptions::Stype::Magnitude);
    }
    if (r.has("ref")) o.ref(reference(r));
    NNAUDIO_READ_OPTION(o, r, amin, optional_real);
    NNAUDIO_READ_OPTION(o, r, top_db, optional_real);
    return o;
  }
  std::vector<Slot> slots_of(AmplitudeToDBImpl&, const std::string&) override { return {}; }
};

class GammatonegramTransform : public ModuleTransform<Gammatonegram> {
 public:
  explicit GammatonegramTransform(OptionReader& r) : ModuleTransform(Gammatonegram(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("Gammatonegram", call, {"forward"});
    return {primary_->forward(call.input)};
  }

 private:
  static GammatonegramOptions options(OptionReader& r) {
    GammatonegramOptions o(r.real("sr"));
    read_framing(o, r);
    NNAUDIO_READ_OPTION(o, r, n_bins, integer);
    NNAUDIO_READ_OPTION(o, r, power, real);
    NNAUDIO_READ_OPTION(o, r, fmin, real);
    NNAUDIO_READ_OPTION(o, r, fmax, optional_real);
    NNAUDIO_READ_OPTION(o, r, trainable_bins, boolean);
    NNAUDIO_READ_OPTION(o, r, trainable_STFT, boolean);
    return o;
  }
  std::vector<Slot> slots_of(GammatonegramImpl& m, const std::string& prefix) override {
    auto slots = fourier_slots(*m.stft, prefix + "stft.");
    slots.push_back({prefix + "gammatone_basis", &m.gammatone_basis});
    return slots;
  }
};

class CFPTransform : public ModuleTransform<CFP> {
 public:
  explicit CFPTransform(OptionReader& r) : ModuleTransform(CFP(options(r))) {}

  std::vector<torch::Tensor> run(const Call& call) override {
    require_method("CFP", call, {"forward", "features"});
    if (call.method == "forward") return {primary_->forward(call.input)};
    auto f = primary_->features(call.input);
    return {f.Z, f.tfrL0, f.tfrLF, f.tfrLQ};
  }

 private:
  static CFPOptions options(OptionReader& r) {
    CFPOptions o;
    NNAUDIO_READ_OPTION(o, r, fr, real);
    NNAUDIO_READ_OPTION(o, r, fs, real);
    NNAUDIO_READ_OPTION(o, r, hop_length, integer);
    NNAUDIO_READ_OPTION(o, r, window_size, integer);
    NNAUDIO_READ_OPTION(o, r, fc, real);
    NNAUDIO_READ_OPTION(o, r, tc, real);
    NNAUDIO_READ_OPTION(o, r, g, reals);
    NNAUDIO_READ_OPTION(o, r, NumPerOct, integer);
    NNAUDIO_READ_OPTION(o, r, max_kernel_bytes, integer);
    return o;
  }
  std::vector<Slot> slots_of(CFPImpl& m, const std::string& prefix) override {
    return {{prefix + "window", &m.window},
            {prefix + "freq2logfreq_matrix", &m.freq2logfreq_matrix},
            {prefix + "quef2logfreq_matrix", &m.quef2logfreq_matrix}};
  }
};

const bool registered = register_transform("STFT", make<STFTTransform>) &&
                        register_transform("iSTFT", make<ISTFTTransform>) &&
                        register_transform("Griffin_Lim", make<GriffinLimTransform>) &&
                        register_transform("MelSpectrogram", make<MelSpectrogramTransform>) &&
                        register_transform("MFCC", make<MFCCTransform>) &&
                        register_transform("AmplitudeToDB", make<AmplitudeToDBTransform>) &&
                        register_transform("Gammatonegram", make<GammatonegramTransform>) &&
                        register_transform("CFP", make<CFPTransform>);

}  // namespace
}  // namespace nnaudio::python
