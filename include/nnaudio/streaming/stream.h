#pragma once
// Streaming: a transform's frames computed chunk by chunk as the audio arrives, equal to the
// transform of the whole signal.
//
//   nnaudio::MelSpectrogram mel(nnaudio::MelSpectrogramOptions(16000).n_fft(512).hop_length(160));
//   nnaudio::Stream stream(mel);
//   while (read(chunk)) consume(stream.push(chunk));  // (..., n_mels, new frames)
//   consume(stream.flush());                          // the frames the end padding completes

#include <torch/torch.h>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "nnaudio/types.h"

namespace nnaudio {

namespace detail {

/// What a stream needs of a streamable module (built in src/streaming/stream_framing.cpp).
struct StreamFraming {
  int64_t frame_length = 0;
  int64_t hop = 0;
  bool center = true;
  PadMode pad_mode = PadMode::Constant;
  /// The output's frames axis, counted from the end (-1, or -2 for RealImag).
  int64_t frames_dim = -1;
  /// The module on a signal whose frames it must take as they are (no centring).
  std::function<torch::Tensor(const torch::Tensor&)> frames;
  /// The module as the user would call it (used for a whole signal shorter than the pad).
  std::function<torch::Tensor(const torch::Tensor&)> whole;
  /// One of the module's tensors (it follows Module::to), undefined when it has none.
  torch::Tensor device_probe;
};

/// The framing of `module`; refuses, saying why, a module that cannot stream.
StreamFraming stream_framing(const std::shared_ptr<torch::nn::Module>& module);

}  // namespace detail

/// A framed analysis module driven by a signal that arrives in chunks. Streams: STFT (every
/// output format and frequency scale), MelSpectrogram, MFCC (without top_db and ref=max, which
/// need the whole signal's maximum), Gammatonegram, the full-rate CQTs (algorithms 1992 and
/// 1992v2, VQT included: a frame is the longest kernel), and a torch::nn::Sequential of one of
/// them followed by AmplitudeToDB modules with a fixed ref and no top_db. Other modules (the
/// multirate CQTs, iSTFT, ...) are refused.
///
/// The stream holds the module itself (not a copy): trained kernels stream as they are, and
/// the output is differentiable with respect to the chunks and the kernels like the module's.
/// The frames pushed and flushed, joined along the frames axis, equal the module's output for
/// the whole signal (same frames, the same numbers up to the round-off of computing them in
/// other groups). With center=true the stream pads the start of the signal once it has the
/// samples the pad needs, and the end at flush(). With center=false the samples after the
/// last complete frame are dropped, as the module drops them; a signal shorter than one frame
/// gives no frames (the module refuses it).
///
/// A stream is used by one thread at a time. The module stays usable from other threads
/// meanwhile: the stream runs it uncentred through a thread-local switch.
class Stream {
 public:
  explicit Stream(std::shared_ptr<torch::nn::Module> module);
  template <typename Impl>
  explicit Stream(const torch::nn::ModuleHolder<Impl>& module) : Stream(module.ptr()) {}

  /// Appends chunk (..., samples) and returns the frames it completes, in the module's output
  /// layout with only those frames on the frames axis (possibly none). Every chunk of a stream
  /// has the same leading dims and dtype (float32 or float64; others on CUDA) and lies on the
  /// module's device; any number of samples, 0 included. A chunk that breaks a rule is refused
  /// with an error and leaves the stream as it was.
  torch::Tensor push(const torch::Tensor& chunk);

  /// Ends the signal: returns the frames that remain (those the end padding completes with
  /// center=true, none with center=false). After flush() only reset() (or load_state()) lets
  /// the stream take samples again. Refused when nothing was pushed.
  torch::Tensor flush();

  /// Forgets the signal: the next push starts a new one (with new leading dims and dtype).
  void reset();

  /// Samples that must be pushed before the first frame comes out; every further hop_length()
  /// samples complete one more frame. With center=true: n_fft - n_fft/2 (the frame's second
  /// half), or n_fft/2 + 1 if more with pad_mode=reflect (the start's mirror needs them);
  /// center=false: n_fft.
  int64_t latency() const;
  /// Samples in one frame (n_fft; a full-rate CQT's longest kernel) and between frames.
  int64_t frame_length() const;
  int64_t hop_length() const;
  /// The output's frames axis, counted from the end: -1, or -2 for a RealImag output.
  int64_t frames_dim() const { return framing_.frames_dim; }

  /// The stream's position in its signal, as tensors (on the module's device) for torch::save:
  /// load_state() on a stream of an equal module resumes it without losing or repeating a
  /// frame. Holds at most about frame_length() samples per signal, however long the stream.
  std::vector<torch::Tensor> state() const;
  /// Restores a state() of a stream with the same framing (checked), moving it to the
  /// module's device.
  void load_state(const std::vector<torch::Tensor>& state);

 private:
  void check_chunk(const torch::Tensor& chunk) const;
  void append(const torch::Tensor& padded);
  torch::Tensor emit();
  torch::Tensor no_frames();
  int64_t pad() const;

  detail::StreamFraming framing_;
  /// Leading dims and dtype fixed by the first chunk; unset before it.
  std::optional<std::vector<int64_t>> leading_;
  torch::ScalarType dtype_ = torch::kFloat32;
  /// The padded signal from the next frame's first sample on: (..., samples).
  torch::Tensor buffer_;
  /// center=true before the start pad is known: every sample so far.
  torch::Tensor head_;
  /// center=true, reflect: the last n_fft/2 + 1 samples, which the end pad mirrors.
  torch::Tensor tail_;
  /// Samples of the padded signal still to drop before the next frame (hop > frame).
  int64_t skip_ = 0;
  bool started_ = false;
  bool flushed_ = false;
  /// (..., frames=0) in the output layout, made once per signal.
  torch::Tensor no_frames_;
};

}  // namespace nnaudio
