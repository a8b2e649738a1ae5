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
#include <string>
#include <utility>
#include <vector>

#include "nnaudio/streaming/stream_parts.h"
#include "nnaudio/types.h"

namespace nnaudio {

namespace detail {

using TensorFunction = std::function<torch::Tensor(const torch::Tensor&)>;

/// One rate at which a module frames its signal (the multirate CQTs have one per octave).
struct StreamStage {
  int64_t frame_length = 0;
  int64_t hop = 0;
  /// Times the signal's rate is halved before this stage frames it.
  int64_t halvings = 0;
  /// The stage's frames of a signal (..., samples) at its rate, taken as they are.
  TensorFunction frames;
};

/// What a stream needs of a streamable module (built in src/streaming/stream_framing.cpp).
struct StreamFraming {
  std::vector<StreamStage> stages;
  bool center = true;
  PadMode pad_mode = PadMode::Constant;
  /// The frames axis, counted from the end, of the output (-1, or -2 for RealImag) and of
  /// the stages' frames.
  int64_t frames_dim = -1;
  int64_t stage_frames_dim = -1;
  /// The output from as many frames of every stage, the signal's leading dims given.
  std::function<torch::Tensor(const std::vector<torch::Tensor>&, const std::vector<int64_t>&)> join;
  /// The module as the user would call it (used for a whole signal shorter than the pad).
  TensorFunction whole;
  /// The halvings' low-pass filter, read at each call (it follows Module::to); set when a
  /// stage is halved.
  std::function<torch::Tensor()> lowpass;
  int64_t lowpass_taps = 0;
  /// One of the module's tensors (it follows Module::to), undefined when it has none.
  torch::Tensor device_probe;
  /// The shortest signal the module takes (a multirate CQT's reflection at its lowest rate
  /// needs more samples than the stream's first stage), and the module's name.
  int64_t min_length = 1;
  std::string name;
  /// Set for an inverse transform (iSTFT; its one stage gives n_fft and hop): the windowed
  /// frames (batch, frames, n_fft) of a spectrum chunk and the window (n_fft) they were
  /// windowed with, and the output length option.
  std::function<std::pair<torch::Tensor, torch::Tensor>(const torch::Tensor&)> synthesis;
  std::optional<int64_t> length;
};

/// The framing of `module`; refuses, saying why, a module that cannot stream.
StreamFraming stream_framing(const std::shared_ptr<torch::nn::Module>& module);

}  // namespace detail

/// A framed analysis module driven by a signal that arrives in chunks. Streams: STFT (every
/// output format and frequency scale), MelSpectrogram, MFCC (without top_db and ref=max, which
/// need the whole signal's maximum), Gammatonegram, every CQT and VQT (the full-rate ones frame
/// the signal with their longest kernel; the multirate ones carry each halving's filter history
/// and each octave's framing at its rate, and give a frame once every octave has it), and a
/// torch::nn::Sequential of one of them followed by AmplitudeToDB modules with a fixed ref and
/// no top_db. The inverse direction: ISTFT takes frames and gives samples (see push()). Other
/// modules (iCQT, Griffin-Lim, CFP, ...) are refused.
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
  ///
  /// ISTFT: the chunk is frames, (..., freq, frames) complex or (..., freq, frames, 2) real
  /// (any number of frames), and the output (..., samples) the overlap-added samples that no
  /// later frame covers, divided by the window-sum as offline; flush() returns the rest
  /// (trimmed, or cut or zero-padded to the module's length, as offline).
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
  /// center=false: n_fft. A multirate CQT: its lowest octave's, through the halving filters.
  /// ISTFT: the frames pushed before the first samples come out.
  int64_t latency() const;
  /// Samples in one frame (n_fft; a full-rate CQT's longest kernel, a multirate one's at its
  /// rate times the rate's reduction) and between frames, at the input's rate.
  int64_t frame_length() const;
  int64_t hop_length() const;
  /// The output's frames axis, counted from the end: -1, or -2 for a RealImag output (an
  /// ISTFT's samples: -1).
  int64_t frames_dim() const { return framing_.frames_dim; }

  /// The stream's position in its signal, as tensors (on the module's device) for torch::save:
  /// load_state() on a stream of an equal module resumes it without losing or repeating a
  /// frame. Holds at most about frame_length() samples per signal, however long the stream
  /// (a multirate CQT: each octave's frame and filter span, and the frames of the faster
  /// octaves waiting for the slowest).
  std::vector<torch::Tensor> state() const;
  /// Restores a state() of a stream with the same framing (checked), moving it to the
  /// module's device.
  void load_state(const std::vector<torch::Tensor>& state);

 private:
  void check_chunk(const torch::Tensor& chunk) const;
  /// The chunk's time axis (samples, or an inverse transform's frames) and the other dims.
  int64_t chunk_time_dim(const torch::Tensor& chunk) const;
  std::vector<int64_t> chunk_leading(const torch::Tensor& chunk) const;
  /// An inverse transform's output dims before the samples, and its samples (batch, samples)
  /// in them.
  std::vector<int64_t> output_leading() const;
  torch::Tensor samples_out(const torch::Tensor& packed) const;
  void begin(const torch::Tensor& chunk);
  torch::Tensor push_checked(const torch::Tensor& chunk);
  /// Passes samples (..., samples) of the signal at its full rate through the halvings and
  /// stages; with `last`, ends the signal in each of them.
  void feed(const torch::Tensor& samples, bool last);
  void add_frames(size_t stage, const torch::Tensor& span);
  torch::Tensor emit();
  torch::Tensor no_frames();
  /// The dtype and device of the signal's samples.
  torch::TensorOptions signal_options() const;

  detail::StreamFraming framing_;
  /// One per stage, and halvers_[i] halving the signal halved i times already.
  std::vector<detail::Framer> framers_;
  std::vector<detail::Halver> halvers_;
  /// Each stage's frames not yet out (undefined before its first), waiting for the other
  /// stages' frames of the same time.
  std::vector<torch::Tensor> pending_;
  /// An inverse transform's overlap-add (then there are no framers).
  std::optional<detail::OverlapAdd> overlap_add_;
  /// Leading dims and dtype fixed by the first chunk; unset before it.
  std::optional<std::vector<int64_t>> leading_;
  torch::ScalarType dtype_ = torch::kFloat32;
  bool flushed_ = false;
  /// (..., frames=0) in the output layout, made once per signal.
  torch::Tensor no_frames_;
};

}  // namespace nnaudio
