#include "nnaudio/streaming/stream.h"

#include <algorithm>
#include <string>

namespace nnaudio {
namespace {

// The state() layout: a header of int64 values (these fields, then each framer's, halver's,
// the overlap-add's and each stage's), then the signal's leading dims and the same parts'
// tensors.
constexpr int64_t kStateVersion = 2;
enum StateField : int64_t {
  kVersion,
  kFrameLength,
  kHop,
  kCenter,
  kPadMode,
  kStages,
  kHalvings,
  kInverse,
  kHasSignal,
  kFlushed,
  kDtype,
  kFieldCount
};
// A stage's pending frames in the state: none yet, real, or complex (saved as (real, imag)).
enum Pending : int64_t { kNoPending, kRealPending, kComplexPending };

std::vector<int64_t> with_samples(std::vector<int64_t> leading, int64_t samples) {
  leading.push_back(samples);
  return leading;
}

}  // namespace

Stream::Stream(std::shared_ptr<torch::nn::Module> module)
    : framing_(detail::stream_framing(module)) {
  if (framing_.synthesis) {
    const auto& frame = framing_.stages.front();
    overlap_add_.emplace(frame.frame_length, frame.hop, framing_.center, framing_.length);
    return;
  }
  int64_t halvings = 0;
  for (const auto& stage : framing_.stages) {
    framers_.emplace_back(stage.frame_length, stage.hop, framing_.center, framing_.pad_mode);
    halvings = std::max(halvings, stage.halvings);
  }
  for (int64_t i = 0; i < halvings; ++i) halvers_.emplace_back(framing_.lowpass_taps);
  pending_.resize(framing_.stages.size());
}

int64_t Stream::latency() const {
  if (overlap_add_) return overlap_add_->latency();
  int64_t latency = 0;
  for (size_t s = 0; s < framers_.size(); ++s) {
    // The last sample the stage's first frame needs, traced back through the halvings.
    int64_t last = framers_[s].latency() - 1;
    for (int64_t level = framing_.stages[s].halvings - 1; level >= 0; --level) {
      last = halvers_[level].needs(last) - 1;
    }
    latency = std::max(latency, last + 1);
  }
  return latency;
}

int64_t Stream::frame_length() const {
  int64_t length = 0;
  for (const auto& stage : framing_.stages) {
    length = std::max(length, stage.frame_length << stage.halvings);
  }
  return length;
}

int64_t Stream::hop_length() const {
  return framing_.stages.front().hop << framing_.stages.front().halvings;
}

int64_t Stream::chunk_time_dim(const torch::Tensor& chunk) const {
  // An inverse transform's chunk holds frames: (..., freq, frames) complex or (..., freq,
  // frames, 2) real.
  if (!overlap_add_) return -1;
  return chunk.is_complex() ? -1 : -2;
}

std::vector<int64_t> Stream::chunk_leading(const torch::Tensor& chunk) const {
  auto leading = chunk.sizes().vec();
  leading.erase(leading.end() + chunk_time_dim(chunk));
  return leading;
}

void Stream::check_chunk(const torch::Tensor& chunk) const {
  TORCH_CHECK_VALUE(!flushed_, "Stream: push after flush(); call reset() to start a new signal");
  TORCH_CHECK_VALUE(chunk.defined(), "Stream: the chunk is an undefined tensor");
  if (overlap_add_) {
    const bool complex = chunk.is_complex();
    TORCH_CHECK_TYPE(complex || chunk.is_floating_point(),
                     "Stream: an iSTFT chunk must be a complex (..., freq, frames) or real (..., "
                     "freq, frames, 2) spectrum, got ",
                     chunk.scalar_type());
    TORCH_CHECK_VALUE(complex ? chunk.dim() >= 2 : chunk.dim() >= 3 && chunk.size(-1) == 2,
                      "Stream: an iSTFT chunk must have shape (..., freq, frames) (complex) or "
                      "(..., freq, frames, 2) (real), got ",
                      chunk.sizes());
  } else {
    TORCH_CHECK_TYPE(chunk.is_floating_point() && !chunk.is_complex(),
                     "Stream: a chunk must be a real floating-point tensor (float32 or float64), "
                     "got ",
                     chunk.scalar_type());
    TORCH_CHECK_VALUE(chunk.dim() >= 1,
                      "Stream: a chunk must have shape (..., samples), got a 0-dim "
                      "tensor");
  }
  const auto& probe = framing_.device_probe;
  TORCH_CHECK_VALUE(!probe.defined() || chunk.device() == probe.device(),
                    "Stream: the chunk is on ", chunk.device(), " but the module is on ",
                    probe.device());
  const auto leading = chunk_leading(chunk);
  if (!leading_) {
    // The first chunk fixes the signal's leading dims and dtype: checked as the module would.
    TORCH_CHECK_VALUE(c10::multiply_integers(leading) > 0,
                      "Stream: the chunk holds no signals "
                      "(shape ",
                      chunk.sizes(), "): its leading dims must not be 0");
    const auto real_type = c10::toRealValueType(chunk.scalar_type());
    TORCH_CHECK_TYPE(
        !chunk.device().is_cpu() || real_type == torch::kFloat32 || real_type == torch::kFloat64,
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
  if (leading_) return push_checked(chunk);
  // The first chunk starts the signal; if the module refuses it there is none.
  begin(chunk);
  try {
    return push_checked(chunk);
  } catch (...) {
    reset();
    throw;
  }
}

torch::Tensor Stream::push_checked(const torch::Tensor& chunk) {
  if (overlap_add_) {
    const int64_t frames = chunk.size(chunk_time_dim(chunk));
    const auto [windowed, window] =
        frames > 0 ? framing_.synthesis(chunk) : std::pair<torch::Tensor, torch::Tensor>();
    return samples_out(overlap_add_->push(
        frames > 0 ? windowed : torch::empty({0, 0, 0}, signal_options()), window));
  }
  feed(chunk, false);
  return emit();
}

std::vector<int64_t> Stream::output_leading() const {
  // An iSTFT's output drops the frequency axis (and a real spectrum's last axis of 2).
  const auto drop = c10::isComplexType(dtype_) ? 1 : 2;
  return std::vector<int64_t>(leading_->begin(), leading_->end() - drop);
}

torch::Tensor Stream::samples_out(const torch::Tensor& packed) const {
  return packed.reshape(with_samples(output_leading(), packed.size(-1)));
}

void Stream::begin(const torch::Tensor& chunk) {
  leading_.emplace(chunk_leading(chunk));
  dtype_ = chunk.scalar_type();
  if (overlap_add_) {
    const auto real = chunk.options().dtype(c10::toRealValueType(dtype_));
    overlap_add_->begin(torch::empty({c10::multiply_integers(output_leading()), 0}, real));
    return;
  }
  const auto empty = torch::empty(with_samples(*leading_, 0), chunk.options());
  for (auto& framer : framers_) framer.begin(empty);
  for (auto& halver : halvers_) halver.begin(empty);
  std::fill(pending_.begin(), pending_.end(), torch::Tensor());
}

void Stream::feed(const torch::Tensor& samples, bool last) {
  const auto lowpass = halvers_.empty() ? torch::Tensor() : framing_.lowpass();
  auto signal = samples;
  for (size_t level = 0;; ++level) {
    for (size_t s = 0; s < framers_.size(); ++s) {
      if (framing_.stages[s].halvings != static_cast<int64_t>(level)) continue;
      add_frames(s, framers_[s].push(signal));
      if (!last || !framing_.center) continue;
      TORCH_CHECK_VALUE(framers_[s].started(),
                        "Stream: the signal ended too short: ", framing_.name,
                        " with pad_mode=reflect needs at least ", framing_.min_length,
                        " samples (or pad_mode=constant)");
      add_frames(s, framers_[s].finish());
    }
    if (level == halvers_.size()) return;
    signal = halvers_[level].push(signal, lowpass);
    if (last) signal = torch::cat({signal, halvers_[level].finish(lowpass)}, -1);
  }
}

void Stream::add_frames(size_t stage, const torch::Tensor& span) {
  if (!span.defined()) return;
  const auto frames = framing_.stages[stage].frames(span);
  auto& pending = pending_[stage];
  pending = pending.defined() ? torch::cat({pending, frames}, framing_.stage_frames_dim) : frames;
}

torch::Tensor Stream::emit() {
  const int64_t dim = framing_.stage_frames_dim;
  int64_t ready = -1;
  for (const auto& pending : pending_) {
    const int64_t frames = pending.defined() ? pending.size(dim) : 0;
    ready = ready < 0 ? frames : std::min(ready, frames);
  }
  if (ready == 0) return no_frames();
  std::vector<torch::Tensor> parts;
  for (auto& pending : pending_) {
    parts.push_back(pending.narrow(dim, 0, ready));
    pending = pending.narrow(dim, ready, pending.size(dim) - ready);
  }
  return framing_.join(parts, *leading_);
}

torch::TensorOptions Stream::signal_options() const {
  return overlap_add_ ? overlap_add_->tensors().front().options()
                      : framers_.front().tensors().front().options();
}

torch::Tensor Stream::no_frames() {
  if (!no_frames_.defined()) {
    // The module's own output for one frame, cut to none: its layout without knowing it.
    const torch::NoGradGuard no_grad;
    const auto options = signal_options();
    std::vector<torch::Tensor> parts;
    for (const auto& stage : framing_.stages) {
      const auto frame = torch::zeros(with_samples(*leading_, stage.frame_length), options);
      parts.push_back(stage.frames(frame).narrow(framing_.stage_frames_dim, 0, 0));
    }
    no_frames_ = framing_.join(parts, *leading_);
  }
  return no_frames_;
}

torch::Tensor Stream::flush() {
  TORCH_CHECK_VALUE(!flushed_,
                    "Stream: flush() was already called; call reset() to start a new "
                    "signal");
  TORCH_CHECK_VALUE(leading_.has_value(), "Stream: flush() before any chunk was pushed");
  torch::Tensor out;
  if (overlap_add_) {
    out = samples_out(overlap_add_->finish());
  } else if (framing_.center && halvers_.empty() && framers_.size() == 1 &&
             !framers_[0].started()) {
    // The whole signal is shorter than the start's mirror: the module decides (it refuses a
    // signal of at most n_fft/2 samples with pad_mode=reflect).
    out = framing_.whole(framers_[0].head());
  } else {
    feed(torch::empty(with_samples(*leading_, 0), signal_options()), true);
    // Stages that end with more frames than the others: the module drops those too.
    out = emit();
  }
  flushed_ = true;
  return out;
}

void Stream::reset() {
  leading_.reset();
  no_frames_ = torch::Tensor();
  std::fill(pending_.begin(), pending_.end(), torch::Tensor());
  flushed_ = false;
}

std::vector<torch::Tensor> Stream::state() const {
  std::vector<int64_t> header = {kStateVersion,
                                 frame_length(),
                                 hop_length(),
                                 framing_.center,
                                 static_cast<int64_t>(framing_.pad_mode),
                                 static_cast<int64_t>(framers_.size()),
                                 static_cast<int64_t>(halvers_.size()),
                                 overlap_add_.has_value(),
                                 leading_.has_value(),
                                 flushed_,
                                 static_cast<int64_t>(dtype_)};
  if (!leading_) return {torch::tensor(header, torch::kInt64)};
  std::vector<torch::Tensor> tensors = {torch::tensor(*leading_, torch::kInt64)};
  const auto add = [&](const std::vector<int64_t>& fields, const std::vector<torch::Tensor>& more) {
    header.insert(header.end(), fields.begin(), fields.end());
    tensors.insert(tensors.end(), more.begin(), more.end());
  };
  for (const auto& framer : framers_) add(framer.fields(), framer.tensors());
  for (const auto& halver : halvers_) add(halver.fields(), halver.tensors());
  if (overlap_add_) add(overlap_add_->fields(), overlap_add_->tensors());
  for (const auto& pending : pending_) {
    if (!pending.defined()) {
      add({kNoPending}, {torch::empty({0}, torch::kInt64)});
    } else if (pending.is_complex()) {
      add({kComplexPending}, {torch::view_as_real(pending)});
    } else {
      add({kRealPending}, {pending});
    }
  }
  tensors.insert(tensors.begin(), torch::tensor(header, torch::kInt64));
  return tensors;
}

void Stream::load_state(const std::vector<torch::Tensor>& state) {
  const int64_t framers = static_cast<int64_t>(framers_.size());
  const int64_t halvers = static_cast<int64_t>(halvers_.size());
  const int64_t inverse = overlap_add_.has_value();
  TORCH_CHECK_VALUE(!state.empty() && state[0].defined() && state[0].dim() == 1 &&
                        state[0].scalar_type() == torch::kInt64 && state[0].numel() >= kFieldCount,
                    "Stream: load_state needs a state() list (its first tensor is an int64 header "
                    "of at least ",
                    kFieldCount, " values)");
  const auto header = state[0].cpu();
  const auto field = [&](int64_t f) { return header[f].item<int64_t>(); };
  TORCH_CHECK_VALUE(field(kVersion) == kStateVersion, "Stream: state version ", field(kVersion),
                    " is not ", kStateVersion);
  TORCH_CHECK_VALUE(
      field(kFrameLength) == frame_length() && field(kHop) == hop_length() &&
          field(kCenter) == framing_.center &&
          field(kPadMode) == static_cast<int64_t>(framing_.pad_mode) && field(kStages) == framers &&
          field(kHalvings) == halvers && field(kInverse) == inverse,
      "Stream: the state is of a stream with frame_length=", field(kFrameLength),
      ", hop_length=", field(kHop), ", center=", field(kCenter),
      ", pad_mode=", to_string(static_cast<PadMode>(field(kPadMode))), ", ", field(kStages),
      " stages, ", field(kHalvings), " halvings, inverse=", field(kInverse),
      "; this one has frame_length=", frame_length(), ", hop_length=", hop_length(),
      ", center=", framing_.center, ", pad_mode=", to_string(framing_.pad_mode), ", ", framers,
      " stages, ", halvers, " halvings, inverse=", inverse);
  const bool has_signal = field(kHasSignal) != 0;
  const int64_t header_size =
      has_signal ? kFieldCount + 2 * framers + 2 * halvers + 2 * inverse + framers : kFieldCount;
  const size_t tensor_count = has_signal ? 2 + 3 * framers + halvers + 2 * inverse + framers : 1;
  TORCH_CHECK_VALUE(header.numel() == header_size && state.size() == tensor_count,
                    "Stream: the state holds ", state.size(), " tensors and a header of ",
                    header.numel(), " values, expected ", tensor_count, " and ", header_size);
  const auto dtype = static_cast<torch::ScalarType>(field(kDtype));
  const auto leading = state[1].to(torch::kCPU, torch::kInt64);
  const std::vector<int64_t> dims(leading.data_ptr<int64_t>(),
                                  leading.data_ptr<int64_t>() + leading.numel());
  for (int64_t i = 2; i < 2 + 3 * framers + halvers; ++i) {
    TORCH_CHECK_VALUE(state[i].dim() == leading.numel() + 1 &&
                          state[i].sizes().slice(0, leading.numel()) == dims &&
                          state[i].scalar_type() == dtype,
                      "Stream: the state's signal tensors disagree with its leading dims ",
                      torch::IntArrayRef(dims), " or dtype ", dtype);
  }
  reset();
  if (!has_signal) return;
  const auto device =
      framing_.device_probe.defined() ? framing_.device_probe.device() : state.back().device();
  size_t next = 2;
  int64_t at = kFieldCount;
  const auto take = [&](size_t count) {
    std::vector<torch::Tensor> tensors;
    for (size_t i = 0; i < count; ++i) tensors.push_back(state[next++].to(device));
    return tensors;
  };
  const auto fields = [&](int64_t count) {
    std::vector<int64_t> values;
    for (int64_t i = 0; i < count; ++i) values.push_back(field(at++));
    return values;
  };
  for (auto& framer : framers_) {
    const auto values = fields(2);
    framer.restore(take(3), values);
  }
  for (auto& halver : halvers_) {
    const auto values = fields(2);
    halver.restore(take(1), values);
  }
  if (overlap_add_) {
    const auto values = fields(2);
    overlap_add_->restore(take(2), values);
  }
  for (auto& pending : pending_) {
    const int64_t kind = fields(1).front();
    const auto tensor = take(1).front();
    pending = kind == kNoPending     ? torch::Tensor()
              : kind == kRealPending ? tensor
                                     : torch::view_as_complex(tensor.contiguous());
  }
  leading_ = dims;
  dtype_ = dtype;
  flushed_ = field(kFlushed) != 0;
}

}  // namespace nnaudio
