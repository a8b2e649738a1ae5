#pragma once
// The spectrogram kinds of the nnaudio command, built from its options (the library's option
// names, unset ones keeping the library's defaults). The only part of the command that
// includes LibTorch: the rest sees plain float arrays.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "axes.h"
#include "image.h"
#include "npy.h"

namespace nnaudio::cli {

enum class Kind {
  Stft,
  Mel,
  Mfcc,
  Cqt,
  Vqt,
  Gammatone,
  Cfp,
  HybridCqt,
  PseudoCqt,
  ChromaStft,
  ChromaCqt,
  ChromaCens,
  Pcen
};

/// Every kind, in the order `--kind all` computes them.
const std::vector<Kind>& all_kinds();
std::string to_string(Kind kind);

/// A mistake on the command line: reported with exit status 2 before any work starts.
struct OptionError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// "stft", ..., "cfp", "chroma_stft", ..., "pcen"; throws OptionError listing the names otherwise.
Kind parse_kind(const std::string& name);

/// The transform options of the command line (--n-fft is n_fft, ...); unset: library default.
struct TransformOptions {
  std::optional<int64_t> n_fft, hop_length, win_length, n_mels, n_mfcc, dct_type, n_bins,
      bins_per_octave;
  std::optional<double> fmin, fmax, power, lifter, top_db, filter_scale, gamma;
  std::optional<std::string> window, pad_mode, freq_scale, norm, output_format, algorithm, backend;
  std::optional<bool> center, htk;
  // The chroma kinds and pcen.
  std::optional<int64_t> n_chroma, n_octaves;
  std::optional<double> tuning, pcen_gain, pcen_bias, pcen_power, pcen_time_constant, pcen_eps;
  /// Built for `nnaudio stream`: MFCC without top_db unless --top-db is given (the clipping
  /// needs the whole signal's maximum, which a stream refuses).
  bool streaming = false;
};

/// A stream of one kind (`nnaudio stream`): audio in blocks, frames out as they complete.
class FrameStream {
 public:
  ~FrameStream();
  FrameStream(const FrameStream&) = delete;
  FrameStream& operator=(const FrameStream&) = delete;

  /// `audio` holds (channels, count) floats, channel after channel. Returns the frames this
  /// block completes, frames first: (frames, values of one frame...), where one frame is
  /// (freq) or (freq, 2) for one channel and (channels, freq[, 2]) for several.
  Array push(const float* audio, int64_t count);
  /// Ends the signal: the remaining frames, as push() returns them.
  Array flush();
  /// Frames-first arrays joined and laid out as `nnaudio spectrogram` writes one file:
  /// (freq, frames[, 2]), or (channels, freq, frames[, 2]) for several channels.
  Array spectrogram_layout(const std::vector<Array>& frames_first) const;
  /// Samples before the first frame comes out.
  int64_t latency() const;

 private:
  friend class TransformSet;
  struct Impl;
  explicit FrameStream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The checks that need no audio: every option given applies to one of `kinds` (each kind
/// takes the options it has and ignores the others), and every name parses. Throws
/// OptionError with the library's message.
void check_options(const TransformOptions& options, const std::vector<Kind>& kinds);

/// Throws OptionError when `device` is "cuda" and LibTorch sees no CUDA device.
void check_device(const std::string& device);

/// The transforms of some kinds at one sample rate, kernels built, on one device.
class TransformSet {
 public:
  /// Throws OptionError with the library's message when the options are invalid at this rate.
  TransformSet(const TransformOptions& options, const std::vector<Kind>& kinds, double sample_rate,
               const std::string& device);
  ~TransformSet();
  TransformSet(const TransformSet&) = delete;
  TransformSet& operator=(const TransformSet&) = delete;

  /// `audio` holds (batch, channels, time) floats. Returns one float32 array per batch item:
  /// (freq, frames), or (channels, freq, frames) with `channel_axis`; complex output has a
  /// trailing axis of 2 (real, imag). Throws std::runtime_error with the library's message
  /// (for example an input shorter than the transform needs).
  std::vector<Array> compute(Kind kind, const float* audio, int64_t batch, int64_t channels,
                             int64_t time, bool channel_axis) const;

  /// A stream of `kind` for audio of `channels` channels; throws OptionError with the
  /// library's message for a kind or options that do not stream.
  std::unique_ptr<FrameStream> stream(Kind kind, int64_t channels) const;

  /// The module with its options, as LibTorch prints it, and any conversion after it.
  std::string describe(Kind kind) const;
  /// How compute()'s arrays of this kind become images.
  ImageScale image_scale(Kind kind) const;
  /// What the rows and frames of this kind's arrays stand for, for its figures.
  FigureAxes figure_axes(Kind kind) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nnaudio::cli
