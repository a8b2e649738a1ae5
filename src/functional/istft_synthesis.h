#pragma once
// The iSTFT's overlap-add inputs, for a stream (src/streaming/overlap_add.cpp) that adds frames
// as they arrive and normalises each sample once every frame covering it is in.

#include <torch/torch.h>

#include <vector>

#include "nnaudio/functional/stft.h"

namespace nnaudio::detail {

struct SynthesisFrames {
  torch::Tensor frames;          ///< (batch, frames, n_fft): each frame's samples, windowed
  std::vector<int64_t> leading;  ///< the spectrum's (...) dims
  torch::Tensor window;          ///< (n_fft): the window centred, the frames' dtype and device
  int64_t hop = 0;
};

/// The frames functional::istft overlap-adds, checked as it checks its input; the explicit
/// kernels' product when kernel_cos and kernel_sin are defined, else an inverse FFT.
SynthesisFrames synthesis_frames(const torch::Tensor& spectrum, const torch::Tensor& window,
                                 const torch::Tensor& kernel_cos, const torch::Tensor& kernel_sin,
                                 const functional::ISTFTFuncOptions& options);

}  // namespace nnaudio::detail
