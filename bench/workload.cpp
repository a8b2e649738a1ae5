#include "workload.h"

#include <nnaudio/nnaudio.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
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

/// The paper's CQT: 44.1 kHz, fmin 32.70 Hz (C1), 84 bins, 12 per octave, hop 512.
Transform cqt(CQTAlgorithm algorithm, double gamma, const torch::Device& device) {
  return on_device(CQT(CQTOptions(kSampleRate)
                           .hop_length(kHop)
                           .fmin(32.70319566257483)
                           .n_bins(84)
                           .bins_per_octave(12)
                           .gamma(gamma)
                           .algorithm(algorithm)
                           .output_format(OutputFormat::Magnitude)),
                   device);
}

std::vector<Case> make_cases() {
  using D = const torch::Device&;
  std::vector<Case> cases = {
      {"stft", "backend", "torch", "stft", "torch::stft(...).abs() [baseline]", true,
       [](D d) { return torch_stft_magnitude(d); }},
      {"stft", "backend", "fft", "stft", kStftMagnitude, false,
       [](D d) { return stft(Backend::FFT, OutputFormat::Magnitude, d); }},
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
      // CFP's defaults (16 kHz, 8000-point frames, hop 320): the clips are read as 16 kHz.
      {"cfp", "backend", "auto", "derived", "nnaudio CFP (defaults, clips read as 16 kHz)", false,
       [](D d) { return on_device(CFP(CFPOptions{}), d); }},
  };
  for (const char* name : {"1992", "1992v2", "2010", "2010v2"}) {
    const CQTAlgorithm algorithm = parse_cqt_algorithm(name);
    cases.push_back({"cqt", "algorithm", name, "cqt",
                     std::string("nnaudio CQT") + name + " (84 bins from 32.7 Hz)", false,
                     [algorithm](D d) { return cqt(algorithm, 0.0, d); }});
  }
  cases.push_back({"vqt", "algorithm", "2010", "cqt", "nnaudio VQT2010 (gamma 20 Hz)", false,
                   [](D d) { return cqt(CQTAlgorithm::CQT2010, kGamma, d); }});
  return cases;
}

}  // namespace

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

void run_workload(const WorkloadSettings& settings,
                  const std::function<bool(const Case&)>& selected,
                  const std::function<void(const Case&, double)>& report) {
  const torch::Device device(settings.device);
  const auto clips = make_clips(settings);
  for (const auto& c : workload_cases()) {
    if (!selected(c)) continue;
    const Transform run = c.build(device);
    report(c, time_transform(run, clips, settings));
  }
}

TablePrinter::TablePrinter(const WorkloadSettings& s) {
  std::printf(
      "workload: %lld clips x %lld samples at 44.1 kHz, n_fft %lld, hop %lld, batch %lld, "
      "device %s, %d threads, median of %d\n",
      static_cast<long long>(s.clips), static_cast<long long>(s.samples),
      static_cast<long long>(kNFFT), static_cast<long long>(kHop), static_cast<long long>(s.batch),
      s.device.c_str(), get_num_threads(), s.repeats);
  std::printf("%-48s %9s %12s %12s\n", "transform", "seconds", "vs baseline", "vs STFT mag");
}

void TablePrinter::row(const Case& c, double seconds) {
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
  std::printf("%-48s %9.3f %12s %12s\n", c.label.c_str(), seconds, ratio(baseline).c_str(),
              ratio(stft_magnitude_seconds_).c_str());
  std::fflush(stdout);
}

std::string json_line(const Case& c, const WorkloadSettings& settings, double seconds) {
  std::ostringstream line;
  line << "{\"kind\": \"" << c.kind << "\", \"" << c.variant_key << "\": \"" << c.variant
       << "\", \"device\": \"" << settings.device << "\", \"clips\": " << settings.clips
       << ", \"samples\": " << settings.samples << ", \"threads\": " << get_num_threads()
       << ", \"seconds\": " << seconds << ", \"transform\": \"" << c.label << "\"}";
  return line.str();
}

}  // namespace nnaudio::bench
