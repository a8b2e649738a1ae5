#pragma once

#include <torch/torch.h>

#include "nnaudio/modules/stft.h"
#include "nnaudio/options/gammatone.h"

namespace nnaudio {

/// Gammatone spectrogram of (..., time) signals: (..., n_bins, frames) = the gammatone bank
/// (kernels::gammatone_filterbank) applied to |STFT|^power. nnAudio's Gammatonegram, computed
/// from float64 kernels (nnAudio rounds its STFT kernels and bank to float32, which moves its
/// output by about 2e-8 relative).
class GammatonegramImpl : public torch::nn::Cloneable<GammatonegramImpl> {
 public:
  explicit GammatonegramImpl(GammatonegramOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  torch::Tensor forward(const torch::Tensor& input);

  /// Centre frequency of each band in Hz, float64 (n_bins).
  torch::Tensor frequencies() const;

  GammatonegramOptions options;
  /// Computes |X| (other powers raised afterwards) or |X|^2 (power 2).
  STFT stft = nullptr;
  /// (n_bins, n_fft/2 + 1) filter bank; a parameter when trainable_bins, else a buffer.
  torch::Tensor gammatone_basis;
};
TORCH_MODULE(Gammatonegram);

}  // namespace nnaudio
