// stft_example INPUT OUTPUT.npy [n_fft] [hop]
//
// Reads an audio file (anything libsndfile reads: WAV, FLAC, OGG, ...), mixes it to mono, computes
// its STFT magnitude with nnaudio::STFT and writes it as a float32 .npy array of shape
// (freq, frames). Prints the shape and, for each stretch of frames that share their strongest
// bin, that bin's frequency and the nearest note: a chromatic scale reads as its notes.

#include <nnaudio/nnaudio.h>
#include <sndfile.h>
#include <torch/torch.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr const char* kUsage =
    "usage: stft_example INPUT OUTPUT.npy [n_fft] [hop]\n"
    "  INPUT   an audio file libsndfile reads (WAV, FLAC, OGG, ...)\n"
    "  OUTPUT  where to write the magnitude spectrogram, float32 .npy of shape (freq, frames)\n"
    "  n_fft   FFT length in samples (default 2048)\n"
    "  hop     samples between frames (default 512)\n";

/// A usage mistake: reported with the usage text and exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

int64_t parse_positive(const std::string& text, const char* name) {
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value <= 0) {
    throw UsageError(std::string(name) + "='" + text + "' must be a positive integer");
  }
  return value;
}

struct Audio {
  torch::Tensor mono;  ///< float32 (time)
  double sample_rate = 0;
  int channels = 0;
};

Audio read_mono(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    throw std::runtime_error("cannot open " + path + ": no such file");
  }
  SF_INFO info{};
  std::unique_ptr<SNDFILE, int (*)(SNDFILE*)> file(sf_open(path.c_str(), SFM_READ, &info),
                                                   sf_close);
  if (!file) {
    throw std::runtime_error("cannot read " + path + " as audio: " + sf_strerror(nullptr));
  }
  if (info.frames <= 0 || info.channels <= 0) {
    throw std::runtime_error(path + " holds no audio samples");
  }
  std::vector<float> interleaved(static_cast<std::size_t>(info.frames) * info.channels);
  const sf_count_t got = sf_readf_float(file.get(), interleaved.data(), info.frames);
  if (got <= 0) {
    throw std::runtime_error("cannot read samples from " + path + ": " + sf_strerror(file.get()));
  }
  auto samples = torch::from_blob(interleaved.data(), {got, info.channels}, torch::kFloat32);
  return {samples.mean(1), static_cast<double>(info.samplerate), info.channels};
}

/// Writes a C-order float32 array in NumPy's .npy format (version 1.0) to a temporary file next
/// to `path` and renames it into place, so that a failed run leaves no half-written file.
void write_npy(const std::filesystem::path& path, const torch::Tensor& array) {
  const auto values = array.to(torch::kFloat32).contiguous();
  std::string shape;
  for (int64_t size : values.sizes()) shape += (shape.empty() ? "" : ", ") + std::to_string(size);
  if (values.dim() == 1) shape += ',';
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
  // Magic (6) + version (2) + length (2) + header + '\n' is padded to a multiple of 64 bytes.
  header.append(63 - (10 + header.size()) % 64, ' ');
  header += '\n';

  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  const auto temporary = std::filesystem::path(path.string() + ".partial");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw std::runtime_error("cannot create " + temporary.string() + ": " + std::strerror(errno));
    }
    const uint16_t length = static_cast<uint16_t>(header.size());
    const char prefix[] = {'\x93',
                           'N',
                           'U',
                           'M',
                           'P',
                           'Y',
                           1,
                           0,
                           static_cast<char>(length & 0xff),
                           static_cast<char>(length >> 8)};
    out.write(prefix, sizeof prefix);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    // .npy says little-endian ('<f4'); x86-64 and ARM64 Linux are.
    out.write(static_cast<const char*>(values.data_ptr()),
              static_cast<std::streamsize>(values.numel() * sizeof(float)));
    out.close();
    if (!out) {
      std::filesystem::remove(temporary);
      throw std::runtime_error("cannot write " + temporary.string());
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary);
    throw std::runtime_error("cannot rename " + temporary.string() + " to " + path.string() + ": " +
                             error.message());
  }
}

/// Nearest equal-tempered note (A4 = 440 Hz), "-" below C-1.
std::string note_name(double hz) {
  static const char* names[] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
  if (!(hz >= 8.0)) return "-";
  const long midi = std::lround(69.0 + 12.0 * std::log2(hz / 440.0));
  return names[midi % 12] + std::to_string(midi / 12 - 1);
}

/// Prints one line per run of at least `min_frames` consecutive frames whose strongest bin is
/// the same (frames more than 60 dB below the loudest are skipped as silence).
void print_peaks(const torch::Tensor& magnitude, const torch::Tensor& frequencies,
                 double frame_seconds, int64_t min_frames) {
  const auto peak = magnitude.max(0);
  const auto loudness = std::get<0>(peak).contiguous();
  const auto bins = std::get<1>(peak).contiguous();
  const float floor = loudness.max().item<float>() * 1e-3f;
  const auto* level = loudness.data_ptr<float>();
  const auto* bin = bins.data_ptr<int64_t>();
  const auto* hz = frequencies.data_ptr<double>();
  const int64_t frames = magnitude.size(1);

  if (!(floor > 0)) {
    std::printf("  (no signal)\n");
    return;
  }
  int printed = 0;
  constexpr int kMaxLines = 40;
  for (int64_t start = 0; start < frames;) {
    int64_t end = start + 1;
    while (end < frames && bin[end] == bin[start] &&
           (level[end] > floor) == (level[start] > floor)) {
      ++end;
    }
    if (level[start] > floor && end - start >= min_frames) {
      if (printed++ == kMaxLines) {
        std::printf("  ...\n");
        return;
      }
      std::printf("  %6.2f - %6.2f s  peak %7.1f Hz  (%s)\n", start * frame_seconds,
                  end * frame_seconds, hz[bin[start]], note_name(hz[bin[start]]).c_str());
    }
    start = end;
  }
}

int run(int argc, char** argv) {
  if (argc == 2 && (std::string(argv[1]) == "-h" || std::string(argv[1]) == "--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (argc < 3 || argc > 5)
    throw UsageError("expected 2 to 4 arguments, got " + std::to_string(argc - 1));
  const std::string input = argv[1];
  const std::filesystem::path output = argv[2];
  const int64_t n_fft = argc > 3 ? parse_positive(argv[3], "n_fft") : 2048;
  const int64_t hop = argc > 4 ? parse_positive(argv[4], "hop") : 512;

  const Audio audio = read_mono(input);
  std::printf("%s: %lld samples, %.0f Hz, %d channel%s%s\n", input.c_str(),
              static_cast<long long>(audio.mono.numel()), audio.sample_rate, audio.channels,
              audio.channels == 1 ? "" : "s", audio.channels == 1 ? "" : " mixed to mono");

  nnaudio::STFT stft(nnaudio::STFTOptions(n_fft)
                         .hop_length(hop)
                         .sr(audio.sample_rate)
                         .output_format(nnaudio::OutputFormat::Magnitude));
  const auto started = std::chrono::steady_clock::now();
  torch::Tensor magnitude;
  {
    torch::NoGradGuard no_grad;
    magnitude = stft->forward(audio.mono);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::ostringstream description;
  stft->pretty_print(description);
  std::printf(
      "%s, %d thread%s: (freq, frames) = (%lld, %lld) in %.1f ms (first call: includes one-time "
      "FFT planning)\n",
      description.str().c_str(), nnaudio::get_num_threads(),
      nnaudio::get_num_threads() == 1 ? "" : "s", static_cast<long long>(magnitude.size(0)),
      static_cast<long long>(magnitude.size(1)), seconds * 1e3);

  write_npy(output, magnitude);
  std::printf("wrote %s: float32 (%lld, %lld)\n", output.c_str(),
              static_cast<long long>(magnitude.size(0)), static_cast<long long>(magnitude.size(1)));

  const double frame_seconds = static_cast<double>(hop) / audio.sample_rate;
  std::printf("strongest bin (runs of >= 50 ms):\n");
  print_peaks(magnitude, stft->frequencies(), frame_seconds,
              std::max<int64_t>(1, std::lround(0.05 / frame_seconds)));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const UsageError& error) {
    std::fprintf(stderr, "stft_example: %s\n%s", error.what(), kUsage);
    return 2;
  } catch (const c10::Error& error) {
    std::fprintf(stderr, "stft_example: %s\n", error.what_without_backtrace());
    return 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "stft_example: %s\n", error.what());
    return 1;
  }
}
