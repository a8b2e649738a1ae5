#pragma once

#include <torch/torch.h>

#include "nnaudio/options/pcen.h"

namespace nnaudio {

/// Per-channel energy normalisation of a magnitude spectrogram (..., freq, frames) along its
/// frames: librosa.pcen's numbers (its smoother starts from lfilter_zi, as librosa's does).
/// With trainable, gain, bias, power and the smoothing coefficient b are parameters (scalars,
/// or one per channel with `channels`), LEAF's sPCEN in librosa's parameterisation. The
/// smoother is one sweep over the frames (functional::pcen_smooth), differentiable to any order.
class PCENImpl : public torch::nn::Cloneable<PCENImpl> {
 public:
  explicit PCENImpl(PCENOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  torch::Tensor forward(const torch::Tensor& spectrogram);

  /// The smoothing coefficient in use: options.b, or the one derived from time_constant.
  double smoothing_coefficient() const { return b_; }

  PCENOptions options;
  /// Parameters when trainable (undefined otherwise): () or (channels) each.
  torch::Tensor gain, bias, power, b;

 private:
  double b_ = 0.0;
};
TORCH_MODULE(PCEN);

}  // namespace nnaudio
