#pragma once

#include <torch/torch.h>

#include "nnaudio/modules/cqt.h"
#include "nnaudio/options/cqt.h"

namespace nnaudio {

/// Inverse CQT/VQT: the waveform whose transform is closest (least squares) to a complex
/// (..., n_bins, frames) CQT, found by conjugate gradients on the normal equations of the
/// forward transform built from the same options. Differentiable with respect to the input.
/// Reconstruction is accurate for content between fmin and the top bin when hop_length is at
/// most about half the shortest filter (see README).
class ICQTImpl : public torch::nn::Cloneable<ICQTImpl> {
 public:
  explicit ICQTImpl(ICQTOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  /// spectrum: complex (..., n_bins, frames) or real (..., n_bins, frames, 2) as CQT gives it
  /// with normalization_type. Returns (..., length).
  torch::Tensor forward(const torch::Tensor& spectrum,
                        std::optional<int64_t> length = std::nullopt);

  ICQTOptions options;
  /// The forward model (complex output).
  CQT cqt = nullptr;

 private:
  torch::Tensor reconstruct(const torch::Tensor& spectrum, std::optional<int64_t> length);
};
TORCH_MODULE(ICQT);

/// nnAudio's spelling.
using iCQT = ICQT;

}  // namespace nnaudio
