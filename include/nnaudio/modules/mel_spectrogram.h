#pragma once

#include <torch/torch.h>

#include <memory>

#include "nnaudio/modules/stft.h"
#include "nnaudio/options/mel.h"

namespace nnaudio {

namespace detail {
class BandedCache;
}

/// Mel spectrogram of (..., time) signals: (..., n_mels, frames), librosa.feature.melspectrogram's
/// numbers (|STFT|^power through librosa.filters.mel). A frozen bank is applied through its
/// nonzero bands on the CPU (functional::BandedFilterbank); trainable_mel uses the dense product.
class MelSpectrogramImpl : public torch::nn::Cloneable<MelSpectrogramImpl> {
 public:
  explicit MelSpectrogramImpl(MelSpectrogramOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  torch::Tensor forward(const torch::Tensor& input);

  /// Centre frequency of each mel band in Hz, float64 (n_mels).
  torch::Tensor frequencies() const;

  MelSpectrogramOptions options;
  /// Computes |X| (power 1, other powers raised afterwards) or |X|^2 (power 2).
  STFT stft = nullptr;
  /// (n_mels, n_fft/2 + 1) filter bank; a parameter when trainable_mel, else a buffer.
  torch::Tensor mel_basis;

 private:
  /// The banded form of mel_basis, rebuilt when the tensor changes (load, to, in-place edits).
  std::shared_ptr<detail::BandedCache> banded_;
};
TORCH_MODULE(MelSpectrogram);

}  // namespace nnaudio
