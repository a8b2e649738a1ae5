#pragma once
// Shared plumbing of the frame-based transforms: input checks, (..., time) packing, centring
// pads, overlap-add.

#include <torch/torch.h>

#include <optional>
#include <vector>

#include "nnaudio/types.h"

namespace nnaudio::detail {

/// A (..., time) signal reshaped to (batch, time), with the leading shape to restore later.
struct PackedSignal {
  torch::Tensor batch;           ///< (batch, time)
  std::vector<int64_t> leading;  ///< the (...) dims
};

/// Checks a real floating-point signal of rank >= 1 with at least one sample and packs it.
/// `transform` names the caller in error messages.
PackedSignal pack_signal(const torch::Tensor& input, const char* transform);

/// Restores the leading dims: (batch, rest...) -> (leading..., rest...).
torch::Tensor unpack(const torch::Tensor& output, const std::vector<int64_t>& leading);

/// Checks n_fft, the window length and the hop, and returns the hop (default win_length / 4).
int64_t resolve_hop(int64_t n_fft, int64_t win_length, const std::optional<int64_t>& hop_length);

/// Applies the centring pad (n_fft/2 both ends) when `center`, checking that the signal is long
/// enough for the pad mode and for one frame. (batch, time) -> (batch, padded time).
torch::Tensor pad_for_frames(const torch::Tensor& batch, int64_t n_fft, bool center,
                             PadMode pad_mode, const char* transform);

/// Number of frames of a (padded) signal of `length` samples.
inline int64_t frame_count(int64_t length, int64_t n_fft, int64_t hop) {
  return 1 + (length - n_fft) / hop;
}

/// The smallest multiple of `factor` >= minimum whose other prime factors are 2, 3 and 5: sizes
/// FFTs handle fastest.
int64_t fast_fft_size(int64_t minimum, int64_t factor);

/// Refuses (nnaudio::detail::check_call_bytes) a call on `input` (..., time) whose padded
/// signals (padded_length samples each) and output (`frames` frames of `values_per_frame`
/// values per signal) would together exceed nnaudio::max_call_bytes(), before either exists.
void check_call_memory(const torch::Tensor& input, int64_t padded_length, int64_t frames,
                       double values_per_frame, const char* transform);

/// The window centred in n_fft, in the dtype and on the device of `like`.
torch::Tensor full_window(const torch::Tensor& window, int64_t n_fft, const torch::Tensor& like);

/// bank (rows, freq) times every (freq, frames) matrix of x (..., freq, frames): (..., rows,
/// frames), one product per matrix. One product over the whole batch (what torch::matmul does)
/// rounds a matrix's numbers differently depending on how many come with it; a clip's features
/// must not depend on its batch. Differentiable.
torch::Tensor bank_product(const torch::Tensor& bank, const torch::Tensor& x);

/// torch::conv1d(input, weight, {}, stride) with input (batch, channels, time), computed on the
/// CPU `rows_per_item` batch rows at a time (a multiple of them makes the batch). oneDNN
/// chooses its algorithm by the shapes, the batch's included, so a clip's responses would
/// otherwise round differently depending on how many clips come with it. Differentiable.
torch::Tensor conv1d_per_item(const torch::Tensor& input, const torch::Tensor& weight,
                              int64_t stride, int64_t rows_per_item = 1);

/// Sums frames (batch, frames, n) placed hop samples apart: (batch, n + hop * (frames - 1)).
torch::Tensor overlap_add(const torch::Tensor& frames, int64_t hop);

}  // namespace nnaudio::detail
