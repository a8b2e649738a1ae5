#pragma once

#include <torch/torch.h>

#include "nnaudio/options/stft.h"

namespace nnaudio {

/// Waveform (..., time) from a magnitude spectrogram (..., n_fft/2 + 1, frames) by fast
/// Griffin-Lim; differentiable with respect to the magnitude.
class GriffinLimImpl : public torch::nn::Cloneable<GriffinLimImpl> {
 public:
  explicit GriffinLimImpl(GriffinLimOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  /// `length` overrides options.length() for this call.
  torch::Tensor forward(const torch::Tensor& magnitude,
                        std::optional<int64_t> length = std::nullopt);

  GriffinLimOptions options;
  torch::Tensor window;  ///< (win_length)

 private:
  int64_t hop_ = 0;
};
TORCH_MODULE(GriffinLim);

}  // namespace nnaudio
