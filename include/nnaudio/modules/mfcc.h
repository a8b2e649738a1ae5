#pragma once

#include <torch/torch.h>

#include "nnaudio/modules/mel_spectrogram.h"
#include "nnaudio/options/mel.h"

namespace nnaudio {

/// Mel-frequency cepstral coefficients of (..., time) signals: (..., n_mfcc, frames), with
/// librosa.feature.mfcc's numbers: the DCT of power_to_db of the mel power spectrogram, then
/// optional liftering.
class MFCCImpl : public torch::nn::Cloneable<MFCCImpl> {
 public:
  explicit MFCCImpl(MFCCOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  torch::Tensor forward(const torch::Tensor& input);

  /// The DCT and lifter applied to a mel power spectrogram (..., n_mels, frames), as forward()
  /// does after its MelSpectrogram.
  torch::Tensor from_mel(const torch::Tensor& mel_power);

  MFCCOptions options;
  /// The mel power spectrogram (power 2) with this module's STFT and mel settings.
  MelSpectrogram mel_spectrogram = nullptr;
  /// (n_mfcc, n_mels) kernels::dct_matrix of dct_type and norm: a buffer.
  torch::Tensor dct_matrix;
  /// (n_mfcc, 1) lifter 1 + (lifter/2) sin(pi (k + 1) / lifter); a buffer, defined when
  /// lifter > 0.
  torch::Tensor lifter_weights;
};
TORCH_MODULE(MFCC);

}  // namespace nnaudio
