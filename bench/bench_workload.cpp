// The seed paper's workload (nnAudio, IEEE Access 2020): clips of 80,000 samples at 44.1 kHz,
// n_fft 2048, hop 512, 128 mels, for each nnaudio transform and backend beside the in-process
// LibTorch baselines, printed as one table of seconds and ratios. Each row's ratio is against
// its group's baseline; the last column is against this library's own STFT magnitude.
//
//   nnaudio_bench [--clips 1770] [--samples 80000] [--batch 64] [--repeats 3]
//                 [--device cpu|cuda] [--threads N] [--only stft,conv,mel,derived]

#include <nnaudio/nnaudio.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Settings {
  int64_t clips = 1770;
  int64_t samples = 80000;
  int64_t batch = 64;
  int repeats = 3;
  std::string device = "cpu";
  int threads = 0;
  std::string only;  // comma-separated groups; empty: all
};

Settings parse(int argc, char** argv) {
  Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help") {
      std::cout << "nnaudio_bench [--clips N] [--samples N] [--batch N] [--repeats N] "
                   "[--device cpu|cuda] [--threads N] [--only stft,conv,mel,derived]\n";
      std::exit(0);
    }
    if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--clips")
      s.clips = std::stoll(value);
    else if (flag == "--samples")
      s.samples = std::stoll(value);
    else if (flag == "--batch")
      s.batch = std::stoll(value);
    else if (flag == "--repeats")
      s.repeats = std::stoi(value);
    else if (flag == "--device")
      s.device = value;
    else if (flag == "--threads")
      s.threads = std::stoi(value);
    else if (flag == "--only")
      s.only = value;
    else
      throw std::invalid_argument("unknown option " + flag);
  }
  if (s.clips <= 0 || s.samples <= 0 || s.batch <= 0 || s.repeats <= 0) {
    throw std::invalid_argument("--clips, --samples, --batch and --repeats must be positive");
  }
  if (s.device != "cpu" && s.device != "cuda") {
    throw std::invalid_argument("--device must be cpu or cuda");
  }
  return s;
}

struct Row {
  std::string group;  // which baseline the ratio is taken against
  std::string name;
  std::function<torch::Tensor(const torch::Tensor&)> run;
  bool baseline = false;
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) try {
  const Settings s = parse(argc, argv);
  if (s.threads > 0) nnaudio::set_num_threads(s.threads);
  const torch::Device device(s.device);
  if (device.is_cuda() && !torch::cuda::is_available()) {
    std::cerr << "no CUDA device available\n";
    return 2;
  }
  torch::NoGradGuard no_grad;
  torch::manual_seed(0);
  const auto audio = torch::randn({s.clips, s.samples}).to(device);
  const int64_t n_fft = 2048, hop = 512;

  auto make_stft = [&](nnaudio::Backend backend, nnaudio::OutputFormat format) {
    nnaudio::STFT stft(
        nnaudio::STFTOptions(n_fft).hop_length(hop).backend(backend).output_format(format));
    stft->to(device, torch::kFloat32);
    return stft;
  };
  auto fft_magnitude = make_stft(nnaudio::Backend::FFT, nnaudio::OutputFormat::Magnitude);
  auto fft_complex = make_stft(nnaudio::Backend::FFT, nnaudio::OutputFormat::Complex);
  auto conv_magnitude = make_stft(nnaudio::Backend::Conv, nnaudio::OutputFormat::Magnitude);
  const auto window = torch::hann_window(n_fft, torch::TensorOptions(device));
  const auto conv_kernels = torch::cat({conv_magnitude->kernel_cos * conv_magnitude->window,
                                        conv_magnitude->kernel_sin * conv_magnitude->window})
                                .unsqueeze(1)
                                .contiguous();

  nnaudio::MelSpectrogram mel(nnaudio::MelSpectrogramOptions(44100).n_fft(n_fft).hop_length(hop));
  nnaudio::MFCC mfcc(nnaudio::MFCCOptions(44100).n_fft(n_fft).hop_length(hop));
  nnaudio::Gammatonegram gammatone(
      nnaudio::GammatonegramOptions(44100).n_fft(n_fft).hop_length(hop));
  // CFP's defaults (16 kHz, 8000-point frames, hop 320) on the same clips read as 16 kHz audio.
  nnaudio::CFP cfp(nnaudio::CFPOptions{});
  for (auto* module : std::initializer_list<torch::nn::Module*>{
           mel.ptr().get(), mfcc.ptr().get(), gammatone.ptr().get(), cfp.ptr().get()}) {
    module->to(device, torch::kFloat32);
  }
  const auto dense_mel = mel->mel_basis.to(torch::kFloat32);

  std::vector<Row> rows = {
      {"stft", "torch::stft(...).abs() [baseline]",
       [&](const torch::Tensor& x) {
         return torch::stft(x, n_fft, hop, n_fft, window, true, "constant", false, true, true)
             .abs();
       },
       true},
      {"stft", "nnaudio STFT fft magnitude",
       [&](const torch::Tensor& x) { return fft_magnitude(x); }},
      {"stft", "nnaudio STFT fft complex", [&](const torch::Tensor& x) { return fft_complex(x); }},
      {"conv", "torch::conv1d, same kernels [baseline]",
       [&](const torch::Tensor& x) {
         return torch::conv1d(torch::constant_pad_nd(x, {n_fft / 2, n_fft / 2}).unsqueeze(1),
                              conv_kernels, {}, hop);
       },
       true},
      {"conv", "nnaudio STFT conv magnitude",
       [&](const torch::Tensor& x) { return conv_magnitude(x); }},
      {"mel", "torch::stft -> power -> dense matmul [baseline]",
       [&](const torch::Tensor& x) {
         const auto power =
             torch::stft(x, n_fft, hop, n_fft, window, true, "constant", false, true, true)
                 .abs()
                 .pow(2);
         return torch::matmul(dense_mel, power);
       },
       true},
      {"mel", "nnaudio MelSpectrogram (128 mels)", [&](const torch::Tensor& x) { return mel(x); }},
      {"derived", "nnaudio MFCC (20 of 128 mels)", [&](const torch::Tensor& x) { return mfcc(x); }},
      {"derived", "nnaudio Gammatonegram (64 bins)",
       [&](const torch::Tensor& x) { return gammatone(x); }},
      {"derived", "nnaudio CFP (defaults, clips read as 16 kHz)",
       [&](const torch::Tensor& x) { return cfp(x); }},
  };

  std::printf(
      "workload: %lld clips x %lld samples, n_fft %lld, hop %lld, batch %lld, device %s, "
      "%d threads, median of %d\n",
      static_cast<long long>(s.clips), static_cast<long long>(s.samples),
      static_cast<long long>(n_fft), static_cast<long long>(hop), static_cast<long long>(s.batch),
      s.device.c_str(), nnaudio::get_num_threads(), s.repeats);
  std::printf("%-48s %9s %12s %12s\n", "transform", "seconds", "vs baseline", "vs STFT mag");
  std::map<std::string, double> baseline_seconds;
  double stft_magnitude_seconds = 0.0;
  for (const auto& row : rows) {
    if (!s.only.empty() && ("," + s.only + ",").find("," + row.group + ",") == std::string::npos) {
      continue;
    }
    row.run(audio.narrow(0, 0, std::min(s.batch, s.clips)));  // warm-up: plans, allocator
    std::vector<double> times;
    for (int r = 0; r < s.repeats; ++r) {
      if (device.is_cuda()) torch::cuda::synchronize();
      const auto start = std::chrono::steady_clock::now();
      for (int64_t first = 0; first < s.clips; first += s.batch) {
        row.run(audio.narrow(0, first, std::min(s.batch, s.clips - first)));
      }
      if (device.is_cuda()) torch::cuda::synchronize();
      times.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    const double seconds = median(times);
    if (row.baseline) baseline_seconds[row.group] = seconds;
    if (row.name == "nnaudio STFT fft magnitude") stft_magnitude_seconds = seconds;
    const auto base = baseline_seconds.find(row.group);
    const auto ratio = [](double value, double reference) {
      char text[32];
      if (reference > 0)
        std::snprintf(text, sizeof text, "%.2fx", value / reference);
      else
        std::snprintf(text, sizeof text, "-");
      return std::string(text);
    };
    std::printf("%-48s %9.3f %12s %12s\n", row.name.c_str(), seconds,
                ratio(seconds, base != baseline_seconds.end() ? base->second : 0.0).c_str(),
                ratio(seconds, stft_magnitude_seconds).c_str());
    std::fflush(stdout);
  }
  return 0;
} catch (const std::exception& error) {
  std::cerr << "nnaudio_bench: " << error.what() << '\n';
  return 2;
}
