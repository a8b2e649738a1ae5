#include "transforms.h"

#include "module_axes.h"

#include <nnaudio/nnaudio.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <sstream>

namespace nnaudio::cli {
namespace {

const std::vector<std::pair<Kind, const char*>> kKindNames = {{Kind::Stft, "stft"},
                                                              {Kind::Mel, "mel"},
                                                              {Kind::Mfcc, "mfcc"},
                                                              {Kind::Cqt, "cqt"},
                                                              {Kind::Vqt, "vqt"},
                                                              {Kind::Gammatone, "gammatone"},
                                                              {Kind::Cfp, "cfp"},
                                                              {Kind::HybridCqt, "hybrid_cqt"},
                                                              {Kind::PseudoCqt, "pseudo_cqt"},
                                                              {Kind::ChromaStft, "chroma_stft"},
                                                              {Kind::ChromaCqt, "chroma_cqt"},
                                                              {Kind::ChromaCens, "chroma_cens"},
                                                              {Kind::Pcen, "pcen"}};

/// What --output-format asks for; `Complex` is written as (real, imag) pairs.
enum class Format { Complex, Magnitude, Power, Phase, Db };

Format parse_format(const std::string& name) {
  if (name == "db") return Format::Db;
  try {
    switch (parse_output_format(name)) {
      case OutputFormat::Magnitude:
        return Format::Magnitude;
      case OutputFormat::Power:
        return Format::Power;
      case OutputFormat::Phase:
        return Format::Phase;
      case OutputFormat::Complex:
      case OutputFormat::RealImag:
        break;
    }
    return Format::Complex;
  } catch (const std::invalid_argument& error) {
    throw OptionError(std::string("--output-format: ") + error.what() + ", db");
  }
}

/// The kinds whose output is a complex spectrum, which every format applies to; mel and
/// gammatone take only `db` (their output is already a power), as do hybrid_cqt and pseudo_cqt
/// (magnitudes), mfcc and cfp nothing.
bool format_applies(Kind kind, Format format) {
  if (kind == Kind::Stft || kind == Kind::Cqt || kind == Kind::Vqt) return true;
  return format == Format::Db && (kind == Kind::Mel || kind == Kind::Gammatone ||
                                  kind == Kind::HybridCqt || kind == Kind::PseudoCqt);
}

MelNorm parse_mel_norm(const std::string& name) {
  if (name == "slaney") return MelNorm::slaney();
  if (name == "none") return MelNorm::none();
  if (name == "inf") return MelNorm::p_norm(std::numeric_limits<double>::infinity());
  try {
    std::size_t used = 0;
    const double p = std::stod(name, &used);
    if (used == name.size() && p > 0) return MelNorm::p_norm(p);
  } catch (const std::exception&) {
  }
  throw OptionError("--norm: norm='" + name +
                    "' is not supported; allowed: slaney, none, inf or a number > 0");
}

/// Which kinds each transform option applies to.
struct OptionUse {
  const char* flag;
  bool (*is_set)(const TransformOptions&);
  std::vector<Kind> kinds;
};

const std::vector<OptionUse>& option_uses() {
  using K = Kind;
  using O = TransformOptions;
  // pcen is PCEN of a magnitude mel spectrogram: the mel options apply to it.
  static const std::vector<K> framed = {K::Stft,      K::Mel,        K::Mfcc,
                                        K::Gammatone, K::ChromaStft, K::Pcen};
  static const std::vector<K> windowed = {K::Stft,       K::Mel, K::Mfcc,      K::Gammatone,
                                          K::Cqt,        K::Vqt, K::HybridCqt, K::PseudoCqt,
                                          K::ChromaStft, K::Pcen};
  static const std::vector<K> constant_q = {K::Cqt, K::Vqt, K::HybridCqt, K::PseudoCqt};
  static const std::vector<K> mel_bank = {K::Mel, K::Mfcc, K::Pcen};
  static const std::vector<K> chroma = {K::ChromaStft, K::ChromaCqt, K::ChromaCens};
  static const std::vector<K> chroma_cqt = {K::ChromaCqt, K::ChromaCens};
  static const std::vector<OptionUse> uses = {
      {"--n-fft", [](const O& o) { return o.n_fft.has_value(); }, framed},
      {"--win-length", [](const O& o) { return o.win_length.has_value(); }, framed},
      {"--backend", [](const O& o) { return o.backend.has_value(); }, framed},
      {"--hop-length", [](const O& o) { return o.hop_length.has_value(); }, all_kinds()},
      {"--window", [](const O& o) { return o.window.has_value(); }, windowed},
      {"--center/--no-center", [](const O& o) { return o.center.has_value(); }, windowed},
      {"--pad-mode", [](const O& o) { return o.pad_mode.has_value(); }, windowed},
      {"--fmin",
       [](const O& o) { return o.fmin.has_value(); },
       {K::Stft, K::Mel, K::Mfcc, K::Gammatone, K::Cqt, K::Vqt, K::HybridCqt, K::PseudoCqt,
        K::ChromaCqt, K::ChromaCens, K::Pcen}},
      {"--fmax",
       [](const O& o) { return o.fmax.has_value(); },
       {K::Stft, K::Mel, K::Mfcc, K::Gammatone, K::Cqt, K::Vqt, K::Pcen}},
      {"--freq-scale", [](const O& o) { return o.freq_scale.has_value(); }, {K::Stft}},
      {"--n-mels", [](const O& o) { return o.n_mels.has_value(); }, mel_bank},
      {"--htk", [](const O& o) { return o.htk.has_value(); }, mel_bank},
      {"--norm", [](const O& o) { return o.norm.has_value(); }, mel_bank},
      {"--power", [](const O& o) { return o.power.has_value(); }, {K::Mel, K::Gammatone}},
      {"--n-mfcc", [](const O& o) { return o.n_mfcc.has_value(); }, {K::Mfcc}},
      {"--dct-type", [](const O& o) { return o.dct_type.has_value(); }, {K::Mfcc}},
      {"--lifter", [](const O& o) { return o.lifter.has_value(); }, {K::Mfcc}},
      {"--n-bins",
       [](const O& o) { return o.n_bins.has_value(); },
       {K::Cqt, K::Vqt, K::Gammatone, K::HybridCqt, K::PseudoCqt}},
      {"--bins-per-octave",
       [](const O& o) { return o.bins_per_octave.has_value(); },
       {K::Cqt, K::Vqt, K::HybridCqt, K::PseudoCqt, K::ChromaCqt, K::ChromaCens}},
      {"--filter-scale", [](const O& o) { return o.filter_scale.has_value(); }, constant_q},
      {"--algorithm",
       [](const O& o) { return o.algorithm.has_value(); },
       {K::Cqt, K::Vqt, K::HybridCqt, K::ChromaCqt, K::ChromaCens}},
      {"--gamma", [](const O& o) { return o.gamma.has_value(); }, {K::Vqt}},
      {"--output-format",
       [](const O& o) { return o.output_format.has_value(); },
       {K::Stft, K::Cqt, K::Vqt, K::Mel, K::Gammatone, K::HybridCqt, K::PseudoCqt}},
      {"--n-chroma", [](const O& o) { return o.n_chroma.has_value(); }, chroma},
      {"--tuning",
       [](const O& o) { return o.tuning.has_value(); },
       {K::HybridCqt, K::PseudoCqt, K::ChromaStft, K::ChromaCqt, K::ChromaCens}},
      {"--n-octaves", [](const O& o) { return o.n_octaves.has_value(); }, chroma_cqt},
      {"--pcen-gain", [](const O& o) { return o.pcen_gain.has_value(); }, {K::Pcen}},
      {"--pcen-bias", [](const O& o) { return o.pcen_bias.has_value(); }, {K::Pcen}},
      {"--pcen-power", [](const O& o) { return o.pcen_power.has_value(); }, {K::Pcen}},
      {"--pcen-time-constant",
       [](const O& o) { return o.pcen_time_constant.has_value(); },
       {K::Pcen}},
      {"--pcen-eps", [](const O& o) { return o.pcen_eps.has_value(); }, {K::Pcen}},
  };
  return uses;
}

std::string join_kinds(const std::vector<Kind>& kinds) {
  std::string text;
  for (Kind kind : kinds) text += (text.empty() ? "" : ", ") + to_string(kind);
  return text;
}

bool contains(const std::vector<Kind>& kinds, Kind kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

/// The fields that STFTOptions and the options declared with NNAUDIO_FRAMING_OPTIONS share.
template <typename Options>
void set_framing(Options& o, const TransformOptions& t) {
  if (t.n_fft) o.n_fft(*t.n_fft);
  if (t.win_length) o.win_length(*t.win_length);
  if (t.hop_length) o.hop_length(*t.hop_length);
  if (t.window) o.window(Window::parse(*t.window));
  if (t.center) o.center(*t.center);
  if (t.pad_mode) o.pad_mode(parse_pad_mode(*t.pad_mode));
  if (t.backend) o.backend(parse_backend(*t.backend));
}

/// The mel bank fields of MelSpectrogramOptions and MFCCOptions.
template <typename Options>
void set_mel_bank(Options& o, const TransformOptions& t) {
  if (t.n_mels) o.n_mels(*t.n_mels);
  if (t.fmin) o.fmin(*t.fmin);
  if (t.fmax) o.fmax(*t.fmax);
  if (t.htk) o.htk(*t.htk);
  if (t.norm) o.norm(parse_mel_norm(*t.norm));
}

/// librosa.vqt's default gamma (gamma=None): the ERB bandwidth offset 24.7 alpha / 0.108.
double librosa_vqt_gamma(int64_t bins_per_octave) {
  const double r = std::pow(2.0, 2.0 / static_cast<double>(bins_per_octave));
  return 24.7 * ((r - 1) / (r + 1)) / 0.108;
}

/// The options CQTOptions, HybridCQTOptions and PseudoCQTOptions share (librosa's defaults;
/// tuning 0).
template <typename Options>
void set_constant_q(Options& o, const TransformOptions& t) {
  if (t.hop_length) o.hop_length(*t.hop_length);
  if (t.fmin) o.fmin(*t.fmin);
  if (t.n_bins) o.n_bins(*t.n_bins);
  if (t.bins_per_octave) o.bins_per_octave(*t.bins_per_octave);
  if (t.filter_scale) o.filter_scale(*t.filter_scale);
  if (t.window) o.window(Window::parse(*t.window));
  if (t.center) o.center(*t.center);
  if (t.pad_mode) o.pad_mode(parse_pad_mode(*t.pad_mode));
}

OutputFormat library_format(Format format) {
  switch (format) {
    case Format::Magnitude:
      return OutputFormat::Magnitude;
    case Format::Power:
    case Format::Db:
      return OutputFormat::Power;
    case Format::Phase:
      return OutputFormat::Phase;
    case Format::Complex:
      break;
  }
  return OutputFormat::RealImag;
}

ImageScale spectrum_scale(Format format) {
  switch (format) {
    case Format::Complex:
      return {true, 20.0};
    case Format::Magnitude:
      return {false, 20.0};
    case Format::Power:
      return {false, 10.0};
    case Format::Phase:
    case Format::Db:
      break;
  }
  return {false, 0.0};
}

}  // namespace

const std::vector<Kind>& all_kinds() {
  static const std::vector<Kind> kinds = [] {
    std::vector<Kind> list;
    for (const auto& [kind, name] : kKindNames) list.push_back(kind);
    return list;
  }();
  return kinds;
}

std::string to_string(Kind kind) {
  for (const auto& [entry, name] : kKindNames) {
    if (entry == kind) return name;
  }
  return "?";
}

Kind parse_kind(const std::string& name) {
  for (const auto& [kind, entry] : kKindNames) {
    if (name == entry) return kind;
  }
  throw OptionError("--kind: kind='" + name +
                    "' is not supported; allowed: " + join_kinds(all_kinds()) + ", all");
}

void check_options(const TransformOptions& options, const std::vector<Kind>& kinds) {
  for (const auto& use : option_uses()) {
    const bool applies = std::any_of(kinds.begin(), kinds.end(),
                                     [&](Kind kind) { return contains(use.kinds, kind); });
    if (use.is_set(options) && !applies) {
      throw OptionError(std::string(use.flag) + " does not apply to --kind " + join_kinds(kinds) +
                        " (it applies to " + join_kinds(use.kinds) + ")");
    }
  }
  if (options.output_format) {
    const Format format = parse_format(*options.output_format);
    if (std::none_of(kinds.begin(), kinds.end(),
                     [&](Kind kind) { return format_applies(kind, format); })) {
      throw OptionError("--output-format " + *options.output_format + " does not apply to --kind " +
                        join_kinds(kinds) +
                        " (mel, gammatone, hybrid_cqt and pseudo_cqt take db only; mfcc and cfp "
                        "none)");
    }
  }
  if (options.top_db && !(*options.top_db >= 0)) {
    throw OptionError("--top-db: top_db=" + std::to_string(*options.top_db) + " must be >= 0");
  }
  // The names, so that a typo fails here rather than at the first file.
  const auto check = [](const std::optional<std::string>& value, const char* flag,
                        const auto& parse) {
    if (!value) return;
    try {
      parse(*value);
    } catch (const OptionError&) {
      throw;
    } catch (const std::exception& error) {
      throw OptionError(std::string(flag) + ": " + error.what());
    }
  };
  const TransformOptions& o = options;
  check(o.output_format, "--output-format", parse_format);
  check(o.window, "--window", Window::parse);
  check(o.pad_mode, "--pad-mode", parse_pad_mode);
  check(o.backend, "--backend", parse_backend);
  check(o.freq_scale, "--freq-scale", parse_freq_scale);
  check(o.algorithm, "--algorithm", parse_cqt_algorithm);
  check(o.norm, "--norm", parse_mel_norm);
}

void check_device(const std::string& device) {
  if (device == "cuda" && !torch::cuda::is_available()) {
    throw OptionError(
        "--device cuda: no CUDA device is available (this LibTorch build has no CUDA support "
        "or no GPU is visible); use --device cpu");
  }
}

struct TransformSet::Impl {
  struct Entry {
    std::shared_ptr<torch::nn::Module> module;
    std::function<torch::Tensor(const torch::Tensor&)> forward;
    std::string after;       ///< conversion applied after the module, for describe()
    bool converted = false;  ///< forward is the module and a conversion (db), not the module
    ImageScale scale;
  };
  std::map<Kind, Entry> entries;
  torch::Device device = torch::kCPU;
  double sample_rate = 0;

  void add(Kind kind, const TransformOptions& t, double sr);
};

void TransformSet::Impl::add(Kind kind, const TransformOptions& t, double sr) {
  const Format format = t.output_format ? parse_format(*t.output_format) : Format::Complex;
  const bool db = t.output_format && format == Format::Db;
  const double top_db = t.top_db.value_or(80.0);
  Entry entry;
  // Holders are captured by value: they share the module that `entry.module` keeps.
  const auto use = [&entry](auto holder) {
    entry.module = holder.ptr();
    entry.forward = [holder](const torch::Tensor& x) mutable { return holder(x); };
  };
  switch (kind) {
    case Kind::Stft:
    case Kind::Cqt:
    case Kind::Vqt: {
      // The library's default output is complex: written as (real, imag) pairs.
      const Format chosen = t.output_format ? format : Format::Complex;
      entry.scale = spectrum_scale(chosen);
      if (kind == Kind::Stft) {
        STFTOptions o;
        set_framing(o, t);
        o.sr(sr).output_format(library_format(chosen));
        if (t.freq_scale) o.freq_scale(parse_freq_scale(*t.freq_scale));
        if (t.fmin) o.fmin(*t.fmin);
        if (t.fmax) o.fmax(*t.fmax);
        use(STFT(o));
      } else {
        CQTOptions o(sr);
        set_constant_q(o, t);
        if (t.fmax) o.fmax(*t.fmax);
        if (t.algorithm) o.algorithm(parse_cqt_algorithm(*t.algorithm));
        if (kind == Kind::Vqt) o.gamma(t.gamma.value_or(librosa_vqt_gamma(o.bins_per_octave())));
        o.output_format(library_format(chosen));
        use(CQT(o));
      }
      break;
    }
    case Kind::Mel:
    case Kind::Gammatone:
    case Kind::HybridCqt:
    case Kind::PseudoCqt: {
      double power = 2.0;
      if (kind == Kind::HybridCqt) {
        HybridCQTOptions o(sr);
        set_constant_q(o, t);
        o.tuning(t.tuning.value_or(0.0));
        if (t.algorithm) o.algorithm(parse_cqt_algorithm(*t.algorithm));
        power = 1.0;  // magnitudes, as librosa's
        use(HybridCQT(o));
      } else if (kind == Kind::PseudoCqt) {
        PseudoCQTOptions o(sr);
        set_constant_q(o, t);
        o.tuning(t.tuning.value_or(0.0));
        power = 1.0;
        use(PseudoCQT(o));
      } else if (kind == Kind::Mel) {
        MelSpectrogramOptions o(sr);
        set_framing(o, t);
        set_mel_bank(o, t);
        if (t.power) o.power(*t.power);
        power = o.power();
        use(MelSpectrogram(o));
      } else {
        GammatonegramOptions o(sr);
        set_framing(o, t);
        if (t.n_bins) o.n_bins(*t.n_bins);
        if (t.fmin) o.fmin(*t.fmin);
        if (t.fmax) o.fmax(*t.fmax);
        if (t.power) o.power(*t.power);
        power = o.power();
        use(Gammatonegram(o));
      }
      // The bank sums |X|^power: in decibels that is (20 / power) log10.
      entry.scale = {false, 20.0 / power};
      if (db) {
        entry.forward = [inner = entry.forward, power, top_db](const torch::Tensor& x) {
          return functional::power_to_db(inner(x).pow(2.0 / power), 1.0, 1e-10, top_db);
        };
      }
      break;
    }
    case Kind::Mfcc: {
      MFCCOptions o(sr);
      set_framing(o, t);
      set_mel_bank(o, t);
      if (t.n_mfcc) o.n_mfcc(*t.n_mfcc);
      if (t.dct_type) o.dct_type(*t.dct_type);
      if (t.lifter) o.lifter(*t.lifter);
      if (t.top_db) {
        o.top_db(*t.top_db);
      } else if (t.streaming) {
        o.top_db(std::nullopt);
      }
      use(MFCC(o));
      break;
    }
    case Kind::Cfp: {
      CFPOptions o;
      o.fs(sr);
      if (t.hop_length) o.hop_length(*t.hop_length);
      use(CFP(o));
      entry.scale = {false, 10.0};
      break;
    }
    case Kind::ChromaStft: {
      ChromaSTFTOptions o(sr);
      set_framing(o, t);
      if (t.n_chroma) o.n_chroma(*t.n_chroma);
      o.tuning(t.tuning.value_or(0.0));
      use(ChromaSTFT(o));
      break;
    }
    case Kind::ChromaCqt:
    case Kind::ChromaCens: {
      // librosa.feature.chroma_cqt's CQT: fmin C1, 7 octaves of 36 bins.
      const auto set = [&t](auto& o) {
        if (t.hop_length) o.hop_length(*t.hop_length);
        if (t.fmin) o.fmin(*t.fmin);
        if (t.n_chroma) o.n_chroma(*t.n_chroma);
        if (t.n_octaves) o.n_octaves(*t.n_octaves);
        if (t.bins_per_octave) o.bins_per_octave(*t.bins_per_octave);
        if (t.algorithm) o.algorithm(parse_cqt_algorithm(*t.algorithm));
        o.tuning(t.tuning.value_or(0.0));
      };
      if (kind == Kind::ChromaCqt) {
        ChromaCQTOptions o(sr);
        set(o);
        use(ChromaCQT(o));
      } else {
        ChromaCENSOptions o(sr);
        set(o);
        use(ChromaCENS(o));
      }
      break;
    }
    case Kind::Pcen: {
      // librosa.pcen of the magnitude mel spectrogram scaled by 2^31, as librosa's
      // documentation advises for floating-point input.
      MelSpectrogramOptions m(sr);
      set_framing(m, t);
      set_mel_bank(m, t);
      MelSpectrogram mel(m.power(1.0));
      PCENOptions p(sr);
      p.hop_length(mel->stft->hop_length());
      if (t.pcen_gain) p.gain(*t.pcen_gain);
      if (t.pcen_bias) p.bias(*t.pcen_bias);
      if (t.pcen_power) p.power(*t.pcen_power);
      if (t.pcen_time_constant) p.time_constant(*t.pcen_time_constant);
      if (t.pcen_eps) p.eps(*t.pcen_eps);
      PCEN pcen(p);
      entry.module = torch::nn::Sequential(mel, pcen).ptr();
      entry.forward = [mel, pcen](const torch::Tensor& x) mutable {
        return pcen(mel(x) * std::pow(2.0, 31));
      };
      entry.after = " (pcen = PCEN(MelSpectrogram(x) * 2^31))";
      break;
    }
  }
  if (db && format_applies(kind, format)) {
    if (kind == Kind::Stft || kind == Kind::Cqt || kind == Kind::Vqt) {
      entry.forward = [inner = entry.forward, top_db](const torch::Tensor& x) {
        return functional::power_to_db(inner(x), 1.0, 1e-10, top_db);
      };
    }
    entry.after = " -> power_to_db(ref=1, amin=1e-10, top_db=" + std::to_string(top_db) + ")";
    entry.converted = true;
    entry.scale = {false, 0.0};
  }
  entry.module->to(device, torch::kFloat32);
  entries.emplace(kind, std::move(entry));
}

TransformSet::TransformSet(const TransformOptions& options, const std::vector<Kind>& kinds,
                           double sample_rate, const std::string& device)
    : impl_(std::make_unique<Impl>()) {
  impl_->device = torch::Device(device);
  impl_->sample_rate = sample_rate;
  const auto where = [sample_rate](Kind kind) {
    std::ostringstream text;
    text << "--kind " << to_string(kind) << " at " << sample_rate << " Hz: ";
    return text.str();
  };
  for (Kind kind : kinds) {
    try {
      impl_->add(kind, options, sample_rate);
    } catch (const c10::Error& error) {
      throw OptionError(where(kind) + error.what_without_backtrace());
    } catch (const OptionError&) {
      throw;
    } catch (const std::exception& error) {
      throw OptionError(where(kind) + error.what());
    }
  }
}

TransformSet::~TransformSet() = default;

std::vector<Array> TransformSet::compute(Kind kind, const float* audio, int64_t batch,
                                         int64_t channels, int64_t time, bool channel_axis) const {
  const auto& entry = impl_->entries.at(kind);
  torch::NoGradGuard no_grad;
  torch::Tensor output;
  try {
    // from_blob does not copy; the caller's buffer outlives the call.
    auto input = torch::from_blob(const_cast<float*>(audio), {batch, channels, time});
    if (!channel_axis) input = input.view({batch, time});
    output = entry.forward(input.to(impl_->device)).to(torch::kCPU, torch::kFloat32).contiguous();
  } catch (const c10::Error& error) {
    throw std::runtime_error(error.what_without_backtrace());
  }
  std::vector<Array> arrays(static_cast<std::size_t>(batch));
  const auto item_shape = output.sizes().slice(1).vec();
  const int64_t item_size = output.numel() / batch;
  const float* values = output.data_ptr<float>();
  for (int64_t i = 0; i < batch; ++i) {
    arrays[i].shape = item_shape;
    arrays[i].values.assign(values + i * item_size, values + (i + 1) * item_size);
  }
  return arrays;
}

struct FrameStream::Impl {
  Stream stream;
  int64_t channels;
  torch::Device device;
};

FrameStream::FrameStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FrameStream::~FrameStream() = default;

namespace {

// (..., freq, frames[, 2]) with the frames axis at `frames_dim` as a frames-first array.
Array frames_first(const torch::Tensor& output, int64_t frames_dim) {
  const auto moved =
      output.movedim(output.dim() + frames_dim, 0).to(torch::kCPU, torch::kFloat32).contiguous();
  Array array;
  array.shape = moved.sizes().vec();
  array.values.assign(moved.data_ptr<float>(), moved.data_ptr<float>() + moved.numel());
  return array;
}

}  // namespace

Array FrameStream::push(const float* audio, int64_t count) {
  torch::NoGradGuard no_grad;
  auto input = torch::from_blob(const_cast<float*>(audio), {impl_->channels, count});
  if (impl_->channels == 1) input = input.view({count});
  try {
    return frames_first(impl_->stream.push(input.to(impl_->device)), impl_->stream.frames_dim());
  } catch (const c10::Error& error) {
    throw std::runtime_error(error.what_without_backtrace());
  }
}

Array FrameStream::flush() {
  torch::NoGradGuard no_grad;
  try {
    return frames_first(impl_->stream.flush(), impl_->stream.frames_dim());
  } catch (const c10::Error& error) {
    throw std::runtime_error(error.what_without_backtrace());
  }
}

Array FrameStream::spectrogram_layout(const std::vector<Array>& frames_first) const {
  std::vector<torch::Tensor> parts;
  for (const auto& array : frames_first) {
    parts.push_back(torch::from_blob(const_cast<float*>(array.values.data()), array.shape));
  }
  const auto joined = torch::cat(parts, 0);
  const auto laid_out = joined.movedim(0, joined.dim() + impl_->stream.frames_dim()).contiguous();
  Array array;
  array.shape = laid_out.sizes().vec();
  array.values.assign(laid_out.data_ptr<float>(), laid_out.data_ptr<float>() + laid_out.numel());
  return array;
}

int64_t FrameStream::latency() const {
  return impl_->stream.latency();
}

std::unique_ptr<FrameStream> TransformSet::stream(Kind kind, int64_t channels) const {
  const auto& entry = impl_->entries.at(kind);
  if (entry.converted) {
    throw OptionError(
        "--output-format db clips to the signal's maximum - top_db, which a "
        "stream does not know until the end; stream power and convert each frame");
  }
  try {
    return std::unique_ptr<FrameStream>(new FrameStream(std::make_unique<FrameStream::Impl>(
        FrameStream::Impl{Stream(entry.module), channels, impl_->device})));
  } catch (const c10::Error& error) {
    throw OptionError("--kind " + to_string(kind) + ": " + error.what_without_backtrace());
  }
}

std::string TransformSet::describe(Kind kind) const {
  const auto& entry = impl_->entries.at(kind);
  std::ostringstream text;
  text << *entry.module;  // the module and its children (a mel spectrogram's STFT, ...)
  return text.str() + entry.after;
}

ImageScale TransformSet::image_scale(Kind kind) const {
  return impl_->entries.at(kind).scale;
}

FigureAxes TransformSet::figure_axes(Kind kind) const {
  const auto& entry = impl_->entries.at(kind);
  return module_axes(*entry.module, impl_->sample_rate, entry.scale, entry.converted);
}

}  // namespace nnaudio::cli
