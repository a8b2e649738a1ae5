#include "nnaudio/streaming/stream.h"

#include <algorithm>
#include <string>

namespace nnaudio {
namespace {

// The state() layout: a header of int64 values, then the buffer, head and tail tensors.
constexpr int64_t kStateVersion = 1;
enum StateField : int64_t {
  kVersion,
  kFrameLength,
  kHop,
  kCenter,
  kPadMode,
  kHasSignal,
  kStarted,
  kFlushed,
  kSkip,
  kFieldCount
};

// The last `count` samples of x (all of them when it has fewer), in their own storage so that
// what is kept does not hold on to the chunk it came from.
torch::Tensor last_samples(const torch::Tensor& x, int64_t count) {
  const int64_t keep = std::min(count, x.size(-1));
  return x.narrow(-1, x.size(-1) - keep, keep).clone();
}

std::vector<int64_t> with_samples(std::vector<int64_t> leading, int64_t samples) {
  leading.push_back(samples);
  return leading;
}

}  // namespace

Stream::Stream(std::shared_ptr<torch::nn::Module> module)
    : framing_(detail::stream_framing(module)) {}

int64_t Stream::pad() const {
  return framing_.center ? framing_.frame_length / 2 : 0;
}

int64_t Stream::latency() const {
  if (!framing_.center) return framing_.frame_length;
  const int64_t second_half = framing_.frame_length - pad();
  return framing_.pad_mode == PadMode::Reflect ? std::max(second_half, pad() + 1) : second_half;
}

int64_t Stream::frame_length() const {
  return framing_.frame_length;
}

int64_t Stream::hop_length() const {
  return framing_.hop;
}

void Stream::check_chunk(const torch::Tensor& chunk) const {
  TORCH_CHECK_VALUE(!flushed_, "Stream: push after flush(); call reset() to start a new signal");
  TORCH_CHECK_VALUE(chunk.defined(), "Stream: the chunk is an undefined tensor");
  TORCH_CHECK_TYPE(chunk.is_floating_point() && !chunk.is_complex(),
                   "Stream: a chunk must be a real floating-point tensor (float32 or float64), "
                   "got ",
                   chunk.scalar_type());
  TORCH_CHECK_VALUE(chunk.dim() >= 1,
                    "Stream: a chunk must have shape (..., samples), got a 0-dim "
                    "tensor");
  const auto& probe = framing_.device_probe;
  TORCH_CHECK_VALUE(!probe.defined() || chunk.device() == probe.device(),
                    "Stream: the chunk is on ", chunk.device(), " but the module is on ",
                    probe.device());
  const std::vector<int64_t> leading(chunk.sizes().begin(), chunk.sizes().end() - 1);
  if (!leading_) {
    // The first chunk fixes the signal's leading dims and dtype: checked as the module would.
    TORCH_CHECK_VALUE(c10::multiply_integers(leading) > 0,
                      "Stream: the chunk holds no signals "
                      "(shape ",
                      chunk.sizes(), "): its leading dims must not be 0");
    TORCH_CHECK_TYPE(!chunk.device().is_cpu() || chunk.scalar_type() == torch::kFloat32 ||
                         chunk.scalar_type() == torch::kFloat64,
                     "Stream: ", chunk.scalar_type(),
                     " chunks are supported on CUDA only; on the CPU use float32 or float64");
    return;
  }
  TORCH_CHECK_VALUE(leading == *leading_, "Stream: the chunk has leading dims ",
                    torch::IntArrayRef(leading), " but this signal's are ",
                    torch::IntArrayRef(*leading_), " (call reset() to start another signal)");
  TORCH_CHECK_TYPE(chunk.scalar_type() == dtype_, "Stream: the chunk is ", chunk.scalar_type(),
                   " but this signal is ", dtype_, " (call reset() to start another signal)");
}

torch::Tensor Stream::push(const torch::Tensor& chunk) {
  check_chunk(chunk);
  if (!leading_) {
    leading_.emplace(chunk.sizes().begin(), chunk.sizes().end() - 1);
    dtype_ = chunk.scalar_type();
    const auto empty = torch::empty(with_samples(*leading_, 0), chunk.options());
    buffer_ = head_ = tail_ = empty;
  }
  if (framing_.center && framing_.pad_mode == PadMode::Reflect) {
    tail_ = last_samples(torch::cat({tail_, chunk}, -1), pad() + 1);
  }
  if (framing_.center && !started_) {
    head_ = torch::cat({head_, chunk}, -1);
    // The start's mirror is x[pad], ..., x[1]: it needs pad + 1 samples.
    if (framing_.pad_mode == PadMode::Reflect && head_.size(-1) <= pad()) return no_frames();
    const auto start_pad = framing_.pad_mode == PadMode::Reflect
                               ? head_.narrow(-1, 1, pad()).flip(-1)
                               : torch::zeros(with_samples(*leading_, pad()), head_.options());
    append(torch::cat({start_pad, head_}, -1));
    head_ = last_samples(head_, 0);
    started_ = true;
  } else {
    append(chunk);
  }
  return emit();
}

void Stream::append(const torch::Tensor& padded) {
  const int64_t dropped = std::min(skip_, padded.size(-1));
  skip_ -= dropped;
  buffer_ = torch::cat({buffer_, padded.narrow(-1, dropped, padded.size(-1) - dropped)}, -1);
}

torch::Tensor Stream::emit() {
  const int64_t available = buffer_.size(-1);
  if (available < framing_.frame_length) return no_frames();
  const int64_t frames = 1 + (available - framing_.frame_length) / framing_.hop;
  const int64_t span = (frames - 1) * framing_.hop + framing_.frame_length;
  const auto out = framing_.frames(buffer_.narrow(-1, 0, span));
  // The next frame starts frames * hop samples in; with hop > frame_length that may lie beyond
  // what has arrived.
  const int64_t next = frames * framing_.hop;
  skip_ = std::max<int64_t>(0, next - available);
  buffer_ = last_samples(buffer_, std::max<int64_t>(0, available - next));
  return out;
}

torch::Tensor Stream::no_frames() {
  if (!no_frames_.defined()) {
    // The module's own output for one frame, cut to none: its layout without knowing it.
    const torch::NoGradGuard no_grad;
    const auto frame = torch::zeros(with_samples(*leading_, framing_.frame_length),
                                    torch::TensorOptions().dtype(dtype_).device(buffer_.device()));
    no_frames_ = framing_.frames(frame).narrow(framing_.frames_dim, 0, 0);
  }
  return no_frames_;
}

torch::Tensor Stream::flush() {
  TORCH_CHECK_VALUE(!flushed_,
                    "Stream: flush() was already called; call reset() to start a new "
                    "signal");
  TORCH_CHECK_VALUE(leading_.has_value(), "Stream: flush() before any chunk was pushed");
  torch::Tensor out;
  if (!framing_.center) {
    out = no_frames();
  } else if (!started_) {
    // The whole signal is shorter than the start's mirror: the module decides (it refuses a
    // signal of at most n_fft/2 samples with pad_mode=reflect).
    out = framing_.whole(head_);
  } else {
    const auto end_pad = framing_.pad_mode == PadMode::Reflect
                             ? tail_.narrow(-1, 0, pad()).flip(-1)
                             : torch::zeros(with_samples(*leading_, pad()), buffer_.options());
    append(end_pad);
    out = emit();
  }
  flushed_ = true;
  return out;
}

void Stream::reset() {
  leading_.reset();
  buffer_ = head_ = tail_ = no_frames_ = torch::Tensor();
  skip_ = 0;
  started_ = flushed_ = false;
}

std::vector<torch::Tensor> Stream::state() const {
  const auto header =
      torch::tensor(std::vector<int64_t>{kStateVersion, framing_.frame_length, framing_.hop,
                                         framing_.center, static_cast<int64_t>(framing_.pad_mode),
                                         leading_.has_value(), started_, flushed_, skip_},
                    torch::kInt64);
  if (!leading_) return {header};
  return {header, buffer_, head_, tail_};
}

void Stream::load_state(const std::vector<torch::Tensor>& state) {
  TORCH_CHECK_VALUE(!state.empty() && state[0].defined() && state[0].dim() == 1 &&
                        state[0].scalar_type() == torch::kInt64 && state[0].numel() == kFieldCount,
                    "Stream: load_state needs a state() list (its first tensor is an int64 header "
                    "of ",
                    kFieldCount, " values)");
  const auto header = state[0].cpu();
  const auto field = [&](StateField f) { return header[f].item<int64_t>(); };
  TORCH_CHECK_VALUE(field(kVersion) == kStateVersion, "Stream: state version ", field(kVersion),
                    " is not ", kStateVersion);
  TORCH_CHECK_VALUE(field(kFrameLength) == framing_.frame_length && field(kHop) == framing_.hop &&
                        field(kCenter) == framing_.center &&
                        field(kPadMode) == static_cast<int64_t>(framing_.pad_mode),
                    "Stream: the state is of a stream with frame_length=", field(kFrameLength),
                    ", hop_length=", field(kHop), ", center=", field(kCenter),
                    ", pad_mode=", to_string(static_cast<PadMode>(field(kPadMode))),
                    "; this one has frame_length=", framing_.frame_length,
                    ", hop_length=", framing_.hop, ", center=", framing_.center,
                    ", pad_mode=", to_string(framing_.pad_mode));
  const bool has_signal = field(kHasSignal) != 0;
  TORCH_CHECK_VALUE(state.size() == (has_signal ? 4u : 1u), "Stream: the state holds ",
                    state.size(), " tensors, expected ", has_signal ? 4 : 1);
  reset();
  if (!has_signal) return;
  const auto device =
      framing_.device_probe.defined() ? framing_.device_probe.device() : state[1].device();
  for (size_t i = 2; i < 4; ++i) {
    TORCH_CHECK_VALUE(state[i].dim() == state[1].dim() &&
                          state[i].sizes().slice(0, state[1].dim() - 1) ==
                              state[1].sizes().slice(0, state[1].dim() - 1) &&
                          state[i].scalar_type() == state[1].scalar_type(),
                      "Stream: the state's signal tensors disagree in leading dims or dtype");
  }
  buffer_ = state[1].to(device);
  head_ = state[2].to(device);
  tail_ = state[3].to(device);
  leading_.emplace(buffer_.sizes().begin(), buffer_.sizes().end() - 1);
  dtype_ = buffer_.scalar_type();
  started_ = field(kStarted) != 0;
  flushed_ = field(kFlushed) != 0;
  skip_ = field(kSkip);
}

}  // namespace nnaudio
