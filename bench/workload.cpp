#include "workload.h"

#include <nnaudio/nnaudio.h>

#include <ATen/Parallel.h>
#include <malloc.h>
#ifdef NNAUDIO_BENCH_HAVE_FFTW
#include <fftw3.h>
#endif

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace nnaudio::bench {
namespace {

constexpr double kSampleRate = 44100.0;
constexpr int64_t kNFFT = 2048;
constexpr int64_t kHop = 512;
constexpr double kGamma = 20.0;  // VQT bandwidth offset in Hz
// The row the table's last column is relative to.
constexpr const char* kStftMagnitude = "nnaudio STFT fft magnitude";

/// A module built on the device in float32, called through its holder.
template <typename Holder>
Transform on_device(Holder holder, const torch::Device& device) {
  holder->to(device, torch::kFloat32);
  return [holder](const torch::Tensor& x) mutable { return holder(x); };
}

Transform stft(Backend backend, OutputFormat format, const torch::Device& device) {
  return on_device(STFT(STFTOptions(kNFFT).hop_length(kHop).backend(backend).output_format(format)),
                   device);
}

Transform torch_stft_magnitude(const torch::Device& device) {
  const auto window = torch::hann_window(kNFFT, torch::TensorOptions(device));
  return [window](const torch::Tensor& x) {
    return torch::stft(x, kNFFT, kHop, kNFFT, window, true, "constant", false, true, true).abs();
  };
}

/// The magnitude mel spectrogram PCEN is applied to (128 mels, power 1).
Transform magnitude_mel(const torch::Device& device) {
  return on_device(
      MelSpectrogram(MelSpectrogramOptions(kSampleRate).n_fft(kNFFT).hop_length(kHop).power(1.0)),
      device);
}

/// The paper's CQT: 44.1 kHz, fmin 32.70 Hz (C1), 84 bins, 12 per octave, hop 512.
CQTOptions paper_cqt(CQTAlgorithm algorithm, double gamma) {
  return CQTOptions(kSampleRate)
      .hop_length(kHop)
      .fmin(32.70319566257483)
      .n_bins(84)
      .bins_per_octave(12)
      .gamma(gamma)
      .algorithm(algorithm)
      .output_format(OutputFormat::Magnitude);
}

Transform cqt(CQTAlgorithm algorithm, double gamma, const torch::Device& device) {
  return on_device(CQT(paper_cqt(algorithm, gamma)), device);
}

/// The transform as a training step runs it: autograd on (inside the timing's no-grad scope)
/// and, with `backward`, the gradient of the output's sum computed.
Transform training(Transform forward, bool backward) {
  return [forward, backward](const torch::Tensor& x) {
    torch::AutoGradMode enabled(true);
    auto y = forward(x);
    if (backward) y.sum().backward();
    return y;
  };
}

Transform trainable_cqt(CQTAlgorithm algorithm, bool backward, const torch::Device& device) {
  return training(on_device(CQT(paper_cqt(algorithm, 0.0).trainable(true)), device), backward);
}

/// nnAudio's CQT1992v2: one strided conv1d of the constant-padded clips with CQT1992v2's
/// full-rate time-domain kernels (32,768 taps), complex as (real, imag) channels.
Transform conv1d_cqt(const torch::Device& device, bool trainable) {
  CQT module(paper_cqt(CQTAlgorithm::CQT1992v2, 0.0));
  const auto& stage = module->stages().at(0);
  auto kernels = torch::cat({stage.kernel_real, stage.kernel_imag})
                     .unsqueeze(1)
                     .to(device, torch::kFloat32)
                     .contiguous();
  kernels.set_requires_grad(trainable);
  const int64_t half = stage.kernel_size / 2;
  const Transform forward = [kernels, half](const torch::Tensor& x) {
    return torch::conv1d(torch::constant_pad_nd(x, {half, half}).unsqueeze(1), kernels, {}, kHop);
  };
  return trainable ? training(forward, true) : forward;
}

#ifdef NNAUDIO_BENCH_HAVE_FFTW
/// The STFT magnitude's physical limit on this machine: FFTW's r2c of every windowed frame
/// (the same plan kind as the library's, no output kept), then the magnitude-sized output
/// written once into a buffer touched beforehand (the machine's write bandwidth).
Transform stft_limit() {
  const int64_t bins = kNFFT / 2 + 1;
  // Planned on scratch arrays; executed on per-thread arrays of the same (FFTW) alignment.
  float* scratch_in = fftwf_alloc_real(kNFFT);
  fftwf_complex* scratch_out = fftwf_alloc_complex(bins);
  const auto plan = std::shared_ptr<fftwf_plan_s>(
      fftwf_plan_dft_r2c_1d(kNFFT, scratch_in, scratch_out, FFTW_MEASURE), fftwf_destroy_plan);
  fftwf_free(scratch_in);
  fftwf_free(scratch_out);
  const auto window = torch::hann_window(kNFFT).contiguous();
  auto output = std::make_shared<torch::Tensor>();
  return [=](const torch::Tensor& x) {
    const auto padded = torch::constant_pad_nd(x, {kNFFT / 2, kNFFT / 2}).contiguous();
    const int64_t length = padded.size(1);
    const int64_t frames = 1 + (length - kNFFT) / kHop;
    at::parallel_for(0, padded.size(0), 1, [&](int64_t begin, int64_t end) {
      std::unique_ptr<float, void (*)(void*)> in(fftwf_alloc_real(kNFFT), fftwf_free);
      std::unique_ptr<fftwf_complex, void (*)(void*)> out(fftwf_alloc_complex(bins), fftwf_free);
      const float* w = window.data_ptr<float>();
      for (int64_t item = begin; item < end; ++item) {
        const float* signal = padded.data_ptr<float>() + item * length;
        for (int64_t t = 0; t < frames; ++t) {
          for (int64_t n = 0; n < kNFFT; ++n) in.get()[n] = signal[t * kHop + n] * w[n];
          fftwf_execute_dft_r2c(plan.get(), in.get(), out.get());
        }
      }
    });
    const std::vector<int64_t> shape{x.size(0), bins, frames};
    if (!output->defined() || output->sizes() != shape) *output = torch::zeros(shape);
    output->fill_(1.0f);
    return *output;
  };
}
#endif

/// A HybridCQT or PseudoCQT row with the paper's CQT bins (84 from 32.70 Hz, 12 per octave).
template <typename Module, typename Options>
Case paper_bins_case(const std::string& kind, const std::string& name) {
  return {kind,
          "algorithm",
          kind.substr(0, kind.find('_')),
          "cqt",
          "nnaudio " + name + " (84 bins from 32.7 Hz)",
          false,
          [](const torch::Device& d) {
            return on_device(
                Module(Options(kSampleRate).hop_length(kHop).fmin(32.70319566257483).n_bins(84)),
                d);
          }};
}

std::vector<Case> make_cases() {
  using D = const torch::Device&;
  std::vector<Case> cases = {
      {"stft", "backend", "torch", "stft", "torch::stft(...).abs() [baseline]", true,
       [](D d) { return torch_stft_magnitude(d); }},
      {"stft", "backend", "fft", "stft", kStftMagnitude, false,
       [](D d) { return stft(Backend::FFT, OutputFormat::Magnitude, d); }},
#ifdef NNAUDIO_BENCH_HAVE_FFTW
      {"stft", "backend", "limit", "stft", "limit: bare FFTW frames + one output write", false,
       [](D d) -> Transform {
         TORCH_CHECK(d.is_cpu(), "the STFT's limit row is measured on the CPU");
         return stft_limit();
       }},
#endif
      {"stft", "backend", "fft", "stft", "nnaudio STFT fft complex", false,
       [](D d) { return stft(Backend::FFT, OutputFormat::Complex, d); }},
      {"stft", "backend", "torch-conv1d", "conv", "torch::conv1d, same kernels [baseline]", true,
       [](D d) -> Transform {
         STFT module(STFTOptions(kNFFT).hop_length(kHop).backend(Backend::Conv));
         const auto kernels =
             torch::cat({module->kernel_cos * module->window, module->kernel_sin * module->window})
                 .unsqueeze(1)
                 .to(d, torch::kFloat32)
                 .contiguous();
         return [kernels](const torch::Tensor& x) {
           return torch::conv1d(torch::constant_pad_nd(x, {kNFFT / 2, kNFFT / 2}).unsqueeze(1),
                                kernels, {}, kHop);
         };
       }},
      {"stft", "backend", "conv", "conv", "nnaudio STFT conv magnitude", false,
       [](D d) { return stft(Backend::Conv, OutputFormat::Magnitude, d); }},
      {"mel", "backend", "torch-matmul", "mel", "torch::stft -> power -> dense matmul [baseline]",
       true,
       [](D d) -> Transform {
         MelSpectrogram mel(MelSpectrogramOptions(kSampleRate).n_fft(kNFFT).hop_length(kHop));
         const auto bank = mel->mel_basis.to(d, torch::kFloat32);
         const auto magnitude = torch_stft_magnitude(d);
         return [bank, magnitude](const torch::Tensor& x) {
           return torch::matmul(bank, magnitude(x).pow(2));
         };
       }},
      {"mel", "backend", "auto", "mel", "nnaudio MelSpectrogram (128 mels)", false,
       [](D d) {
         return on_device(
             MelSpectrogram(MelSpectrogramOptions(kSampleRate).n_fft(kNFFT).hop_length(kHop)), d);
       }},
      {"mfcc", "backend", "auto", "derived", "nnaudio MFCC (20 of 128 mels)", false,
       [](D d) {
         return on_device(MFCC(MFCCOptions(kSampleRate).n_fft(kNFFT).hop_length(kHop)), d);
       }},
      {"gammatone", "backend", "auto", "derived", "nnaudio Gammatonegram (64 bins)", false,
       [](D d) {
         return on_device(
             Gammatonegram(GammatonegramOptions(kSampleRate).n_fft(kNFFT).hop_length(kHop)), d);
       }},
      {"chroma_stft", "backend", "auto", "derived", "nnaudio ChromaSTFT (12 chroma)", false,
       [](D d) {
         return on_device(ChromaSTFT(ChromaSTFTOptions(kSampleRate).n_fft(kNFFT).hop_length(kHop)),
                          d);
       }},
      {"chroma_cqt", "backend", "auto", "derived", "nnaudio ChromaCQT (7 x 36 bins from C1)", false,
       [](D d) { return on_device(ChromaCQT(ChromaCQTOptions(kSampleRate).hop_length(kHop)), d); }},
      {"chroma_cens", "backend", "auto", "derived", "nnaudio ChromaCENS (7 x 36 bins from C1)",
       false,
       [](D d) {
         return on_device(ChromaCENS(ChromaCENSOptions(kSampleRate).hop_length(kHop)), d);
       }},
      {"pcen", "backend", "mel+pcen", "derived",
       "nnaudio MelSpectrogram (magnitude, 128 mels) -> PCEN", false,
       [](D d) -> Transform {
         auto mel = magnitude_mel(d);
         PCEN pcen(PCENOptions(kSampleRate).hop_length(kHop));
         return [mel, pcen](const torch::Tensor& x) mutable { return pcen(mel(x)); };
       }},
      {"pcen", "backend", "pcen", "derived", "nnaudio PCEN alone (of those mel spectrograms)",
       false, [](D d) { return on_device(PCEN(PCENOptions(kSampleRate).hop_length(kHop)), d); },
       [](D d) { return magnitude_mel(d); }},
      // CFP's defaults (16 kHz, 8000-point frames, hop 320): the clips are read as 16 kHz.
      {"cfp", "backend", "auto", "derived", "nnaudio CFP (defaults, clips read as 16 kHz)", false,
       [](D d) { return on_device(CFP(CFPOptions{}), d); }},
  };
  cases.push_back({"cqt", "algorithm", "torch-conv1d", "cqt",
                   "torch::conv1d, CQT1992v2's kernels [baseline]", true,
                   [](D d) { return conv1d_cqt(d, false); }});
  for (const char* name : {"1992", "1992v2", "2010", "2010v2"}) {
    const CQTAlgorithm algorithm = parse_cqt_algorithm(name);
    cases.push_back({"cqt", "algorithm", name, "cqt",
                     std::string("nnaudio CQT") + name + " (84 bins from 32.7 Hz)", false,
                     [algorithm](D d) { return cqt(algorithm, 0.0, d); }});
  }
  cases.push_back({"vqt", "algorithm", "2010", "cqt", "nnaudio VQT2010 (gamma 20 Hz)", false,
                   [](D d) { return cqt(CQTAlgorithm::CQT2010, kGamma, d); }});
  cases.push_back(paper_bins_case<HybridCQT, HybridCQTOptions>("hybrid_cqt", "HybridCQT"));
  cases.push_back(paper_bins_case<PseudoCQT, PseudoCQTOptions>("pseudo_cqt", "PseudoCQT"));
  // Trainable kernels: every tap is a parameter, so the full-rate algorithms use all of them.
  for (const char* name : {"1992", "1992v2"}) {
    const CQTAlgorithm algorithm = parse_cqt_algorithm(name);
    cases.push_back({"cqt-train", "algorithm", std::string(name) + "-trainable", "cqt",
                     std::string("nnaudio CQT") + name + " trainable, forward (autograd on)", false,
                     [algorithm](D d) { return trainable_cqt(algorithm, false, d); }});
    cases.push_back({"cqt-train", "algorithm", std::string(name) + "-trainable-eval", "cqt",
                     std::string("nnaudio CQT") + name + " trainable, forward under no_grad", false,
                     [algorithm](D d) {
                       return on_device(CQT(paper_cqt(algorithm, 0.0).trainable(true)), d);
                     }});
  }
  cases.push_back({"cqt-train", "algorithm", "torch-conv1d-backward", "cqt-train",
                   "torch::conv1d forward + backward [baseline]", true,
                   [](D d) { return conv1d_cqt(d, true); }});
  for (const char* name : {"1992", "1992v2"}) {
    const CQTAlgorithm algorithm = parse_cqt_algorithm(name);
    cases.push_back({"cqt-train", "algorithm", std::string(name) + "-trainable-backward",
                     "cqt-train",
                     std::string("nnaudio CQT") + name + " trainable, forward + backward", false,
                     [algorithm](D d) { return trainable_cqt(algorithm, true, d); }});
  }
  return cases;
}

}  // namespace

void keep_freed_memory() {
#ifdef __GLIBC__
  mallopt(M_MMAP_MAX, 0);              // large blocks from the heap, which is reused
  mallopt(M_TRIM_THRESHOLD, INT_MAX);  // and not handed back when freed
  mallopt(M_TOP_PAD, int{64} << 20);   // grown 64 MB at a time
#endif
}

const std::vector<Case>& workload_cases() {
  static const std::vector<Case> cases = make_cases();
  return cases;
}

std::vector<std::string> workload_kinds() {
  std::vector<std::string> kinds;
  for (const auto& c : workload_cases()) {
    if (std::find(kinds.begin(), kinds.end(), c.kind) == kinds.end()) kinds.push_back(c.kind);
  }
  return kinds;
}

torch::Tensor make_clips(const WorkloadSettings& settings) {
  torch::manual_seed(0);
  return torch::randn({settings.clips, settings.samples}).to(torch::Device(settings.device));
}

double time_transform(const Transform& run, const torch::Tensor& clips,
                      const WorkloadSettings& settings) {
  torch::NoGradGuard no_grad;
  const bool cuda = clips.is_cuda();
  const int64_t clips_count = clips.size(0);
  run(clips.narrow(0, 0, std::min(settings.batch, clips_count)));  // plans, allocator
  std::vector<double> times;
  for (int r = 0; r < settings.repeats; ++r) {
    if (cuda) torch::cuda::synchronize();
    const auto start = std::chrono::steady_clock::now();
    for (int64_t first = 0; first < clips_count; first += settings.batch) {
      run(clips.narrow(0, first, std::min(settings.batch, clips_count - first)));
    }
    if (cuda) torch::cuda::synchronize();
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

namespace {

/// A field of /proc/self/status in bytes ("VmHWM:  1234 kB"), or -1.
double status_bytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return 1024.0 * std::stod(line.substr(field.size() + 1));
  }
  return -1;
}

/// `prepare` of every clip, in batches, joined.
torch::Tensor prepare_input(const Transform& prepare, const torch::Tensor& clips,
                            const WorkloadSettings& settings) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  for (int64_t first = 0; first < clips.size(0); first += settings.batch) {
    parts.push_back(
        prepare(clips.narrow(0, first, std::min(settings.batch, clips.size(0) - first))));
  }
  return torch::cat(parts);
}

/// Resets the peak resident set (VmHWM) to the current one; false where Linux cannot.
bool reset_peak_resident() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

}  // namespace

void run_workload(const WorkloadSettings& settings,
                  const std::function<bool(const Case&)>& selected,
                  const std::function<void(const Case&, const Timing&)>& report) {
  const torch::Device device(settings.device);
  const auto clips = make_clips(settings);
  for (const auto& c : workload_cases()) {
    if (!selected(c)) continue;
    const bool peak_known = reset_peak_resident();
    const double before = status_bytes("VmRSS");
    Timing timing;
    {
      const auto input = c.prepare ? prepare_input(c.prepare(device), clips, settings) : clips;
      const Transform run = c.build(device);
      timing.seconds = time_transform(run, input, settings);
    }
    const double peak = status_bytes("VmHWM");
    if (peak_known && before >= 0 && peak >= 0) timing.peak_mib = (peak - before) / (1 << 20);
    report(c, timing);
  }
}

TablePrinter::TablePrinter(const WorkloadSettings& s) {
  std::printf(
      "workload: %lld clips x %lld samples at 44.1 kHz, n_fft %lld, hop %lld, batch %lld, "
      "device %s, %d threads, median of %d\n",
      static_cast<long long>(s.clips), static_cast<long long>(s.samples),
      static_cast<long long>(kNFFT), static_cast<long long>(kHop), static_cast<long long>(s.batch),
      s.device.c_str(), get_num_threads(), s.repeats);
  std::printf("%-52s %9s %12s %12s %10s\n", "transform", "seconds", "vs baseline", "vs STFT mag",
              "peak MiB");
}

void TablePrinter::row(const Case& c, const Timing& timing) {
  const double seconds = timing.seconds;
  if (c.baseline) baselines_.emplace_back(c.group, seconds);
  if (c.label == kStftMagnitude) stft_magnitude_seconds_ = seconds;
  double baseline = 0;
  for (const auto& [group, value] : baselines_) {
    if (group == c.group) baseline = value;
  }
  const auto ratio = [seconds](double reference) {
    char text[32] = "-";
    if (reference > 0) std::snprintf(text, sizeof text, "%.2fx", seconds / reference);
    return std::string(text);
  };
  std::printf("%-52s %9.3f %12s %12s %10.0f\n", c.label.c_str(), seconds, ratio(baseline).c_str(),
              ratio(stft_magnitude_seconds_).c_str(), timing.peak_mib);
  std::fflush(stdout);
}

std::string json_line(const Case& c, const WorkloadSettings& settings, const Timing& timing) {
  std::ostringstream line;
  line << "{\"kind\": \"" << c.kind << "\", \"" << c.variant_key << "\": \"" << c.variant
       << "\", \"device\": \"" << settings.device << "\", \"clips\": " << settings.clips
       << ", \"samples\": " << settings.samples << ", \"batch\": " << settings.batch
       << ", \"threads\": " << get_num_threads() << ", \"seconds\": " << timing.seconds
       << ", \"peak_mib\": " << timing.peak_mib << ", \"transform\": \"" << c.label << "\"}";
  return line.str();
}

}  // namespace nnaudio::bench
