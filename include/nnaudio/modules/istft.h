#pragma once

#include <torch/torch.h>

#include "nnaudio/options/stft.h"

namespace nnaudio {

/// Inverse STFT by overlap-add with window-sum-square normalisation (librosa.istft):
/// complex (..., freq, frames) or real (..., freq, frames, 2) in, (..., time) out.
class ISTFTImpl : public torch::nn::Cloneable<ISTFTImpl> {
 public:
  explicit ISTFTImpl(ISTFTOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  /// `length` overrides options.length() for this call.
  torch::Tensor forward(const torch::Tensor& spectrum,
                        std::optional<int64_t> length = std::nullopt);

  Backend backend() const { return backend_; }

  ISTFTOptions options;
  torch::Tensor window;                  ///< (win_length)
  torch::Tensor kernel_cos, kernel_sin;  ///< (n_fft/2 + 1, n_fft); Conv backend only

 private:
  Backend backend_ = Backend::FFT;
  int64_t hop_ = 0;
};
TORCH_MODULE(ISTFT);

/// nnAudio's spelling.
using iSTFT = ISTFT;
using iSTFTImpl = ISTFTImpl;
using iSTFTOptions = ISTFTOptions;

}  // namespace nnaudio
