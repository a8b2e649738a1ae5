#pragma once
// The subcommands of the nnaudio program. Each returns the exit status (0 success, 1 when some
// file failed) and throws OptionError (exit status 2) for invalid options before any work.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "transforms.h"

namespace nnaudio::cli {

struct SpectrogramSettings {
  std::vector<std::string> inputs;
  std::string output_dir;
  std::vector<std::string> kinds;  ///< kind names, or "all"
  TransformOptions transform;
  std::optional<double> sample_rate;  ///< resample to this rate; unset: each file's own
  bool keep_channels = false;
  std::string format = "both";  ///< npy, png, svg, both (npy, png) or all
  std::string colormap = "magma";
  std::string device = "cpu";
  int64_t batch_size = 8;
  bool overwrite = false;
  bool quiet = false;
  /// FFTW plans measured for speed instead of torch's deterministic mode (same bits every run).
  bool fast_fft = false;
  std::string command_line;  ///< shown in index.html
};

int run_spectrogram(const SpectrogramSettings& settings);

int run_info(const std::vector<std::string>& inputs);

struct StreamSettings {
  std::string kind;
  double sample_rate = 0;
  TransformOptions transform;
  std::string input_encoding = "f32le";  ///< f32le or s16le, interleaved channels
  int64_t channels = 1;
  std::string encoding = "f32le";  ///< f32le, npy (at the end) or text
  int64_t block = 1024;            ///< samples per channel read at a time (at most)
  std::string device = "cpu";
};

/// Raw PCM on standard input to frames on standard output as they complete (`nnaudio stream`).
int run_stream(const StreamSettings& settings);

struct BenchSettings {
  int64_t clips = 1770;
  std::string device = "cpu";
  std::vector<std::string> kinds;  ///< empty: every kind
  bool json = false;
  int repeats = 3;
  int64_t batch = 64;
};

int run_bench(const BenchSettings& settings);

}  // namespace nnaudio::cli
