#pragma once

#include <torch/torch.h>

#include "nnaudio/options/mel.h"

namespace nnaudio {

/// Power or amplitude spectrogram to decibels (librosa.power_to_db / amplitude_to_db), with
/// ref=max and top_db taken per example (the last two dims). Any shape; no kernels.
class AmplitudeToDBImpl : public torch::nn::Cloneable<AmplitudeToDBImpl> {
 public:
  explicit AmplitudeToDBImpl(AmplitudeToDBOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  torch::Tensor forward(const torch::Tensor& input);

  AmplitudeToDBOptions options;
};
TORCH_MODULE(AmplitudeToDB);

}  // namespace nnaudio
