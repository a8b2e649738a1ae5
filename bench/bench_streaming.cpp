// nnaudio_bench_streaming: the per-chunk cost of nnaudio::Stream on one CPU thread (issue 13's
// cases), its real-time factor, and its memory over a long stream.
//
//   nnaudio_bench_streaming [--seconds 60] [--memory-minutes 60]
//
// Each case pushes `--seconds` of random float32 mono audio in fixed chunks (after a warm-up
// second) and reports the mean, median and 99th percentile microseconds per chunk and the
// real-time factor (the time a chunk costs over the time it lasts; below 1 keeps up). Then the
// mel and CQT2010 streams run `--memory-minutes` of audio each, printing the process's resident
// memory and the values the stream holds as it goes: both must stay flat.

#include <nnaudio/nnaudio.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Case {
  std::string name;
  double sr;
  int64_t chunk;
  std::shared_ptr<torch::nn::Module> module;
};

std::vector<Case> cases() {
  using namespace nnaudio;
  const auto mel16k =
      MelSpectrogramOptions(16000).n_fft(512).hop_length(160).n_mels(64).center(true);
  return {
      {"mel 16 kHz, n_fft 512, hop 160, 64 mels", 16000, 160, MelSpectrogram(mel16k).ptr()},
      {"MFCC 16 kHz, n_fft 512, hop 160, 64 mels, 20 coefficients", 16000, 160,
       MFCC(MFCCOptions(16000).n_fft(512).hop_length(160).n_mels(64).top_db(std::nullopt)).ptr()},
      {"STFT 44.1 kHz, n_fft 2048, hop 512, magnitude", 44100, 512,
       STFT(STFTOptions(2048).hop_length(512).output_format(OutputFormat::Magnitude)).ptr()},
      // The CQT case (multirate: 7 octaves, each halved signal framed at its own rate),
      // and the full-rate CQT of the same bins (a chunk's frame multiplied directly).
      {"CQT2010 44.1 kHz, 84 bins from 32.70 Hz, hop 512, magnitude", 44100, 512,
       CQT2010(CQTOptions(44100).hop_length(512).output_format(OutputFormat::Magnitude)).ptr()},
      {"CQT1992v2 44.1 kHz, 84 bins from 32.70 Hz, hop 512, magnitude", 44100, 512,
       CQT1992v2(CQTOptions(44100).hop_length(512).output_format(OutputFormat::Magnitude)).ptr()},
  };
}

// Resident set size in KiB (Linux /proc/self/status), 0 where unreadable.
int64_t resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return 0;
}

int64_t held_samples(const nnaudio::Stream& stream) {
  int64_t held = 0;
  for (const auto& tensor : stream.state()) {
    if (tensor.dim() > 0 && tensor.scalar_type() != torch::kInt64) held += tensor.numel();
  }
  return held;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(p * static_cast<double>(values.size() - 1))];
}

void time_case(const Case& c, double seconds) {
  nnaudio::Stream stream(c.module);
  const int64_t chunks = static_cast<int64_t>(seconds * c.sr) / c.chunk;
  const int64_t warmup = static_cast<int64_t>(c.sr) / c.chunk;
  const auto audio = torch::randn({chunks + warmup, c.chunk});
  std::vector<double> micros;
  micros.reserve(static_cast<size_t>(chunks));
  int64_t frames = 0;
  for (int64_t i = 0; i < chunks + warmup; ++i) {
    const auto chunk = audio[i];
    const auto start = std::chrono::steady_clock::now();
    const auto out = stream.push(chunk);
    const auto stop = std::chrono::steady_clock::now();
    if (i >= warmup) {
      micros.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
      frames += out.size(-1);
    }
  }
  const double mean = std::accumulate(micros.begin(), micros.end(), 0.0) / micros.size();
  const double chunk_micros = 1e6 * static_cast<double>(c.chunk) / c.sr;
  std::printf("| %s | %lld | %.1f | %.1f | %.1f | %.4f | %lld | %lld |\n", c.name.c_str(),
              static_cast<long long>(c.chunk), mean, percentile(micros, 0.5),
              percentile(micros, 0.99), mean / chunk_micros, static_cast<long long>(frames),
              static_cast<long long>(stream.latency()));
}

void memory_run(const Case& c, double minutes) {
  nnaudio::Stream stream(c.module);
  const auto chunk = torch::randn({c.chunk});
  const int64_t per_minute = static_cast<int64_t>(60.0 * c.sr) / c.chunk;
  std::printf(
      "\n%s, %.0f minutes in %lld-sample chunks:\n\n| minute | resident MiB | samples "
      "held |\n|---|---|---|\n",
      c.name.c_str(), minutes, static_cast<long long>(c.chunk));
  for (int64_t minute = 0; minute <= static_cast<int64_t>(minutes); ++minute) {
    if (minute % 10 == 0 || minute == 1) {
      std::printf("| %lld | %.1f | %lld |\n", static_cast<long long>(minute),
                  static_cast<double>(resident_kib()) / 1024.0,
                  static_cast<long long>(held_samples(stream)));
      std::fflush(stdout);
    }
    for (int64_t i = 0; i < per_minute; ++i) stream.push(chunk);
  }
}

double number_after(int& i, int argc, char** argv) {
  if (i + 1 >= argc) throw std::invalid_argument(std::string(argv[i]) + " needs a value");
  const double value = std::stod(argv[++i]);
  if (!(value > 0)) throw std::invalid_argument(std::string(argv[i - 1]) + " must be positive");
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 60;
  double memory_minutes = 60;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string flag = argv[i];
      if (flag == "--seconds") {
        seconds = number_after(i, argc, argv);
      } else if (flag == "--memory-minutes") {
        memory_minutes = number_after(i, argc, argv);
      } else {
        throw std::invalid_argument("unknown option " + flag);
      }
    }
  } catch (const std::exception& error) {
    std::cerr << "nnaudio_bench_streaming: " << error.what()
              << "\nusage: nnaudio_bench_streaming [--seconds 60] [--memory-minutes 60]\n";
    return 2;
  }
  nnaudio::set_num_threads(1);
  torch::NoGradGuard no_grad;
  torch::manual_seed(0);
  const auto all = cases();
  std::printf("One CPU thread, float32 mono, %.0f s of audio per case after a 1 s warm-up.\n\n",
              seconds);
  std::printf(
      "| stream | chunk | mean µs/chunk | median | p99 | real-time factor | frames | latency |\n"
      "|---|---|---|---|---|---|---|---|\n");
  for (const auto& c : all) time_case(c, seconds);
  memory_run(all.front(), memory_minutes);
  memory_run(all[3], memory_minutes);  // CQT2010: every octave's state
  return 0;
}
