#pragma once
// The pieces a Stream (stream.h) is made of: the framing of one signal at one rate, the halving
// of a signal's rate (the multirate CQTs'), and the iSTFT's overlap-add, each carrying what it
// needs between chunks.

#include <torch/torch.h>

#include <optional>
#include <vector>

#include "nnaudio/types.h"

namespace nnaudio::detail {

/// Frames of `frame_length` samples every `hop` of a signal arriving in pieces (..., samples),
/// centred (padded by frame_length / 2 at both ends) or not, as the STFT frames it.
class Framer {
 public:
  Framer(int64_t frame_length, int64_t hop, bool center, PadMode pad_mode);

  /// Starts a signal: `empty` is (..., 0) in its leading dims, dtype and device.
  void begin(const torch::Tensor& empty);
  /// Appends samples; returns the padded signal's samples that the frames they complete span,
  /// (..., (frames - 1) hop + frame_length), or an undefined tensor when none is complete.
  torch::Tensor push(const torch::Tensor& samples);
  /// Ends the signal: the span of the frames the end pad completes (undefined when none).
  /// With center=true, only once started().
  torch::Tensor finish();

  /// center=true: the start pad is in (false until it has the samples a reflection needs).
  bool started() const { return started_; }
  /// center=true before started(): every sample so far.
  const torch::Tensor& head() const { return head_; }
  /// Samples before the first frame is complete.
  int64_t latency() const;
  int64_t frame_length() const { return frame_length_; }
  int64_t hop() const { return hop_; }

  /// State: (buffer, head, tail) and (started, skip).
  std::vector<torch::Tensor> tensors() const { return {buffer_, head_, tail_}; }
  std::vector<int64_t> fields() const { return {started_, skip_}; }
  void restore(const std::vector<torch::Tensor>& tensors, const std::vector<int64_t>& fields);

 private:
  int64_t pad() const { return center_ ? frame_length_ / 2 : 0; }
  void append(const torch::Tensor& padded);
  torch::Tensor complete_frames();

  int64_t frame_length_, hop_;
  bool center_;
  PadMode pad_mode_;
  /// The padded signal from the next frame's first sample on.
  torch::Tensor buffer_;
  /// center=true before the start pad is known: every sample so far.
  torch::Tensor head_;
  /// center=true, reflect: the last frame_length/2 + 1 samples, which the end pad mirrors.
  torch::Tensor tail_;
  /// Samples of the padded signal still to drop before the next frame (hop > frame).
  int64_t skip_ = 0;
  bool started_ = false;
};

/// functional::halve_rate of a signal arriving in pieces: the odd-length zero-phase low-pass
/// filter (zeros before the signal's first sample and after its last), every other sample kept,
/// output sample m at input sample 2m. Each output comes out once the input reaches the filter's
/// last tap; the rest (ceil(samples / 2) in all) at finish().
class Halver {
 public:
  explicit Halver(int64_t taps) : taps_(taps) {}

  void begin(const torch::Tensor& empty);
  /// The outputs the samples complete (..., count), possibly none.
  torch::Tensor push(const torch::Tensor& samples, const torch::Tensor& lowpass);
  torch::Tensor finish(const torch::Tensor& lowpass);

  /// Input samples that output sample m needs.
  int64_t needs(int64_t m) const { return 2 * m + taps_ / 2 + 1; }

  /// State: (history) and (received, produced).
  std::vector<torch::Tensor> tensors() const { return {history_}; }
  std::vector<int64_t> fields() const { return {received_, produced_}; }
  void restore(const std::vector<torch::Tensor>& tensors, const std::vector<int64_t>& fields);

 private:
  torch::Tensor filter(int64_t count, const torch::Tensor& lowpass);

  int64_t taps_;
  /// The input from sample 2 produced - taps/2 on (zeros before sample 0).
  torch::Tensor history_;
  int64_t received_ = 0, produced_ = 0;
};

/// The iSTFT's overlap-add of windowed frames arriving in groups, each sample divided by the
/// sum of the squared windows over it once every frame that covers it is in (frame f covers
/// samples f hop .. f hop + n_fft - 1), then trimmed as functional::istft trims: n_fft/2
/// samples at the start with center=true, and at the end n_fft/2 or, with a length, cut or
/// zero-padded to it (known at finish()).
class OverlapAdd {
 public:
  OverlapAdd(int64_t n_fft, int64_t hop, bool center, std::optional<int64_t> length);

  /// Starts a signal: `empty` is (batch, 0) in its dtype and device.
  void begin(const torch::Tensor& empty);
  /// Adds frames (batch, frames, n_fft) windowed by `window` (n_fft); returns the output
  /// samples now complete (batch, samples).
  torch::Tensor push(const torch::Tensor& frames, const torch::Tensor& window);
  /// The rest of the output. Refused when no frame came.
  torch::Tensor finish();
  /// Frames to add before the first output sample is complete.
  int64_t latency() const;

  /// State: (signal, envelope) and (position, frames).
  std::vector<torch::Tensor> tensors() const { return {signal_, envelope_}; }
  std::vector<int64_t> fields() const { return {position_, frames_}; }
  void restore(const std::vector<torch::Tensor>& tensors, const std::vector<int64_t>& fields);

 private:
  /// Where the output ends for a signal of `frames` frames.
  int64_t end(int64_t frames) const;
  /// The output samples from position_ up to `stop` (normalised, before the start trimmed).
  torch::Tensor take(int64_t stop);

  int64_t n_fft_, hop_;
  bool center_;
  std::optional<int64_t> length_;
  /// The overlap-added samples and squared windows from position_ on.
  torch::Tensor signal_, envelope_;
  /// Samples before position_ are out (or trimmed); frames_ frames are in.
  int64_t position_ = 0, frames_ = 0;
};

}  // namespace nnaudio::detail
