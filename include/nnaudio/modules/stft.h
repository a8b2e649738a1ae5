#pragma once

#include <torch/torch.h>

#include "nnaudio/options/stft.h"

namespace nnaudio {

/// Short-time Fourier transform of (..., time) signals: (..., freq_bins, frames), complex by
/// default (see OutputFormat). librosa.stft's numbers for freq_scale=no; nnAudio's STFT options.
class STFTImpl : public torch::nn::Cloneable<STFTImpl> {
 public:
  explicit STFTImpl(STFTOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  torch::Tensor forward(const torch::Tensor& input);

  /// Inverts a Complex or RealImag output of this module (freq_scale=no only) with this
  /// module's window and, on the Conv backend, its kernels: (..., time).
  torch::Tensor inverse(const torch::Tensor& spectrum,
                        std::optional<int64_t> length = std::nullopt);

  /// Centre frequency of each output bin in Hz, float64 (freq_bins).
  torch::Tensor frequencies() const;

  /// The backend forward() uses (Auto resolved).
  Backend backend() const { return backend_; }
  int64_t hop_length() const { return hop_; }
  /// Bytes of one item's real (freq, frames) spectrogram for a (..., time) input (0 for a
  /// scalar): what a transform built on this STFT holds per item.
  int64_t item_spectrum_bytes(const torch::Tensor& input) const;

  STFTOptions options;
  /// (win_length) analysis window, float64 until the module is cast.
  torch::Tensor window;
  /// (freq_bins, n_fft) unwindowed Fourier kernels; defined on the Conv backend only.
  torch::Tensor kernel_cos, kernel_sin;

 private:
  Backend backend_ = Backend::FFT;
  int64_t hop_ = 0;
  int64_t bins_ = 0;
};
TORCH_MODULE(STFT);

}  // namespace nnaudio
