#include "nnaudio/streaming/stream_parts.h"

#include <algorithm>
#include <limits>

#include "functional/framing.h"

namespace nnaudio::detail {
namespace {

// The last `count` samples of x (all of them when it has fewer), in their own storage so that
// what is kept does not hold on to the chunk it came from.
torch::Tensor last_samples(const torch::Tensor& x, int64_t count) {
  const int64_t keep = std::min(count, x.size(-1));
  return x.narrow(-1, x.size(-1) - keep, keep).clone();
}

// Halved samples computed at once: their windows (this many times the filter's taps) are copied.
constexpr int64_t kHalverBlock = 2048;

// Zeros of `like`'s leading dims, dtype and device.
torch::Tensor zero_samples(const torch::Tensor& like, int64_t count) {
  auto shape = like.sizes().vec();
  shape.back() = count;
  return torch::zeros(shape, like.options());
}

}  // namespace

Framer::Framer(int64_t frame_length, int64_t hop, bool center, PadMode pad_mode)
    : frame_length_(frame_length), hop_(hop), center_(center), pad_mode_(pad_mode) {}

void Framer::begin(const torch::Tensor& empty) {
  buffer_ = head_ = tail_ = empty;
  skip_ = 0;
  started_ = false;
}

int64_t Framer::latency() const {
  if (!center_) return frame_length_;
  const int64_t second_half = frame_length_ - pad();
  return pad_mode_ == PadMode::Reflect ? std::max(second_half, pad() + 1) : second_half;
}

torch::Tensor Framer::push(const torch::Tensor& samples) {
  const bool reflect = center_ && pad_mode_ == PadMode::Reflect;
  if (reflect) tail_ = last_samples(torch::cat({tail_, samples}, -1), pad() + 1);
  if (!center_ || started_) {
    append(samples);
    return complete_frames();
  }
  head_ = torch::cat({head_, samples}, -1);
  // The start's mirror is x[pad], ..., x[1]: it needs pad + 1 samples.
  if (reflect && head_.size(-1) <= pad()) return {};
  const auto start_pad = reflect ? head_.narrow(-1, 1, pad()).flip(-1) : zero_samples(head_, pad());
  append(torch::cat({start_pad, head_}, -1));
  head_ = last_samples(head_, 0);
  started_ = true;
  return complete_frames();
}

torch::Tensor Framer::finish() {
  if (!center_) return {};
  TORCH_INTERNAL_ASSERT(started_, "Framer::finish before the start pad");
  append(pad_mode_ == PadMode::Reflect ? tail_.narrow(-1, 0, pad()).flip(-1)
                                       : zero_samples(buffer_, pad()));
  return complete_frames();
}

void Framer::append(const torch::Tensor& padded) {
  const int64_t dropped = std::min(skip_, padded.size(-1));
  skip_ -= dropped;
  buffer_ = torch::cat({buffer_, padded.narrow(-1, dropped, padded.size(-1) - dropped)}, -1);
}

torch::Tensor Framer::complete_frames() {
  const int64_t available = buffer_.size(-1);
  if (available < frame_length_) return {};
  const int64_t frames = 1 + (available - frame_length_) / hop_;
  const auto span = buffer_.narrow(-1, 0, (frames - 1) * hop_ + frame_length_);
  // The next frame starts frames * hop samples in; with hop > frame_length that may lie beyond
  // what has arrived.
  const int64_t next = frames * hop_;
  skip_ = std::max<int64_t>(0, next - available);
  buffer_ = last_samples(buffer_, std::max<int64_t>(0, available - next));
  return span;
}

void Framer::restore(const std::vector<torch::Tensor>& tensors,
                     const std::vector<int64_t>& fields) {
  buffer_ = tensors.at(0);
  head_ = tensors.at(1);
  tail_ = tensors.at(2);
  started_ = fields.at(0) != 0;
  skip_ = fields.at(1);
}

void Halver::begin(const torch::Tensor& empty) {
  // The filter's first output reaches taps/2 samples before the signal, which are zeros.
  history_ = zero_samples(empty, taps_ / 2);
  received_ = produced_ = 0;
}

torch::Tensor Halver::push(const torch::Tensor& samples, const torch::Tensor& lowpass) {
  history_ = torch::cat({history_, samples}, -1);
  received_ += samples.size(-1);
  const int64_t available = history_.size(-1);
  return filter(available < taps_ ? 0 : (available - taps_) / 2 + 1, lowpass);
}

torch::Tensor Halver::finish(const torch::Tensor& lowpass) {
  // The zeros after the last sample, as many as the last output's taps reach.
  history_ = torch::cat({history_, zero_samples(history_, taps_)}, -1);
  return filter((received_ + 1) / 2 - produced_, lowpass);
}

torch::Tensor Halver::filter(int64_t count, const torch::Tensor& lowpass) {
  TORCH_INTERNAL_ASSERT(lowpass.numel() == taps_, "Halver: the low-pass filter changed length");
  if (count == 0) return zero_samples(history_, 0);
  // The direct filter (a convolution: the taps reversed) as products of windows with the
  // taps, cheaper for a chunk's few outputs than conv1d's parallel region; a long chunk's in
  // blocks, whose windows' copies stay small.
  const auto taps = lowpass.to(history_.options()).flip(0);
  std::vector<torch::Tensor> blocks;
  for (int64_t first = 0; first < count; first += kHalverBlock) {
    const int64_t outputs = std::min(kHalverBlock, count - first);
    const auto span = history_.narrow(-1, 2 * first, 2 * (outputs - 1) + taps_);
    blocks.push_back(torch::matmul(span.unfold(-1, taps_, 2).contiguous(), taps));
  }
  history_ = last_samples(history_, history_.size(-1) - 2 * count);
  produced_ += count;
  return blocks.size() == 1 ? blocks.front() : torch::cat(blocks, -1);
}

void Halver::restore(const std::vector<torch::Tensor>& tensors,
                     const std::vector<int64_t>& fields) {
  history_ = tensors.at(0);
  received_ = fields.at(0);
  produced_ = fields.at(1);
}

OverlapAdd::OverlapAdd(int64_t n_fft, int64_t hop, bool center, std::optional<int64_t> length)
    : n_fft_(n_fft), hop_(hop), center_(center), length_(length) {}

void OverlapAdd::begin(const torch::Tensor& empty) {
  signal_ = empty;
  envelope_ = torch::zeros({1, 0}, empty.options());
  position_ = frames_ = 0;
}

int64_t OverlapAdd::end(int64_t frames) const {
  const int64_t start = center_ ? n_fft_ / 2 : 0;
  if (length_) return start + *length_;
  return (frames - 1) * hop_ + n_fft_ - start;
}

int64_t OverlapAdd::latency() const {
  const int64_t start = center_ ? n_fft_ / 2 : 0;
  // Frame f completes the samples before (f + 1) hop; within n_fft / hop + 2 frames the first
  // output sample is out unless the output is empty (length 0).
  const int64_t most = (start + n_fft_) / hop_ + 2;
  for (int64_t frames = 1; frames < most; ++frames) {
    if (std::min(frames * hop_, end(frames)) > start) return frames;
  }
  return most;
}

torch::Tensor OverlapAdd::push(const torch::Tensor& frames, const torch::Tensor& window) {
  const int64_t count = frames.size(1);
  if (count > 0) {
    // The new frames' sum and squared windows, placed from their first sample on.
    const int64_t offset = frames_ * hop_ - position_;
    const auto added = overlap_add(frames, hop_);
    const auto squares = overlap_add((window * window).expand({1, count, n_fft_}), hop_);
    const int64_t grown = offset + added.size(1) - signal_.size(1);
    signal_ =
        torch::constant_pad_nd(signal_, {0, grown}) + torch::constant_pad_nd(added, {offset, 0});
    envelope_ = torch::constant_pad_nd(envelope_, {0, grown}) +
                torch::constant_pad_nd(squares, {offset, 0});
    frames_ += count;
  }
  // Later frames start at frames_ hop: the samples before are complete. The output's end is
  // known only at finish(), but it lies at end(frames_) or later.
  return take(std::max(position_, std::min(frames_ * hop_, end(frames_))));
}

torch::Tensor OverlapAdd::finish() {
  TORCH_CHECK_VALUE(frames_ > 0, "Stream: iSTFT got no frames (the spectrum has 0 frames)");
  const int64_t stop = end(frames_);
  const auto out = take(std::max(position_, std::min(stop, position_ + signal_.size(1))));
  // With a length beyond the frames: zeros, as functional::istft pads.
  const int64_t zeros = stop - std::max(position_, center_ ? n_fft_ / 2 : int64_t{0});
  return zeros > 0 ? torch::constant_pad_nd(out, {0, zeros}) : out;
}

torch::Tensor OverlapAdd::take(int64_t stop) {
  const int64_t count = stop - position_;
  const double tiny = signal_.scalar_type() == torch::kFloat64 ? std::numeric_limits<double>::min()
                                                               : std::numeric_limits<float>::min();
  const auto envelope = envelope_.narrow(1, 0, count);
  auto out = signal_.narrow(1, 0, count) /
             torch::where(envelope > tiny, envelope, torch::ones_like(envelope));
  signal_ = signal_.narrow(1, count, signal_.size(1) - count);
  envelope_ = envelope_.narrow(1, count, envelope_.size(1) - count);
  // The samples before the start trim are dropped.
  const int64_t trimmed = std::clamp<int64_t>((center_ ? n_fft_ / 2 : 0) - position_, 0, count);
  position_ = stop;
  return out.narrow(1, trimmed, count - trimmed);
}

void OverlapAdd::restore(const std::vector<torch::Tensor>& tensors,
                         const std::vector<int64_t>& fields) {
  signal_ = tensors.at(0);
  envelope_ = tensors.at(1);
  position_ = fields.at(0);
  frames_ = fields.at(1);
}

}  // namespace nnaudio::detail
