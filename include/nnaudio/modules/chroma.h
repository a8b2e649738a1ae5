#pragma once
// Chromagrams: librosa.feature.chroma_stft, chroma_cqt and chroma_cens as modules.

#include <torch/torch.h>

#include <memory>

#include "nnaudio/modules/cqt.h"
#include "nnaudio/modules/hybrid_cqt.h"
#include "nnaudio/modules/stft.h"
#include "nnaudio/options/chroma.h"

namespace nnaudio {

namespace detail {
class BandedCache;
}

/// Chromagram of (..., time) signals from the STFT: (..., n_chroma, frames) =
/// normalize(chroma bank (kernels::chroma_filterbank) applied to |STFT|^power), librosa's
/// feature.chroma_stft with a given tuning. Differentiable; trainable_chroma learns the bank.
class ChromaSTFTImpl : public torch::nn::Cloneable<ChromaSTFTImpl> {
 public:
  explicit ChromaSTFTImpl(ChromaSTFTOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  torch::Tensor forward(const torch::Tensor& input);

  ChromaSTFTOptions options;
  /// Computes |X| (other powers raised afterwards) or |X|^2 (power 2).
  STFT stft = nullptr;
  /// (n_chroma, n_fft/2 + 1) filter bank; a parameter when trainable_chroma, else a buffer.
  torch::Tensor chroma_basis;

 private:
  // The frozen bank's loop form on the CPU (functional::mel_scale's banded product): no BLAS
  // call, whose own threads stall when the cores are shared, and no rounding by batch.
  std::shared_ptr<detail::BandedCache> banded_;
};
TORCH_MODULE(ChromaSTFT);

/// Chromagram of (..., time) signals from the constant-Q transform: (..., n_chroma, frames),
/// librosa's feature.chroma_cqt with a given tuning: |CQT| of n_octaves * bins_per_octave bins
/// from fmin * 2^(tuning / bins_per_octave), folded onto pitch classes
/// (kernels::cq_to_chroma), values below `threshold` zeroed, normalised by `norm`. The CQT is
/// a CQT (cqt_mode=full, librosa.cqt) or a HybridCQT (cqt_mode=hybrid, librosa.hybrid_cqt).
class ChromaCQTImpl : public torch::nn::Cloneable<ChromaCQTImpl> {
 public:
  explicit ChromaCQTImpl(ChromaCQTOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  torch::Tensor forward(const torch::Tensor& input);

  ChromaCQTOptions options;
  /// The magnitude CQT (cqt_mode=full; its options follow from the chroma options), else empty.
  CQT cqt = nullptr;
  /// The hybrid CQT (cqt_mode=hybrid), else empty.
  HybridCQT hybrid_cqt = nullptr;
  /// (n_chroma, n_bins) folding matrix, a buffer.
  torch::Tensor chroma_basis;

 private:
  // The fold's loop form on the CPU, as ChromaSTFT's.
  std::shared_ptr<detail::BandedCache> banded_;
};
TORCH_MODULE(ChromaCQT);

/// Chroma Energy Normalized Statistics of (..., time) signals: (..., n_chroma, frames),
/// librosa's feature.chroma_cens (unnormalised chroma_cqt, L1 normalisation, quantisation,
/// smoothing over win_len_smooth frames, final `norm`). The quantisation is a step
/// function, so the output carries no gradient.
class ChromaCENSImpl : public torch::nn::Cloneable<ChromaCENSImpl> {
 public:
  explicit ChromaCENSImpl(ChromaCENSOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  torch::Tensor forward(const torch::Tensor& input);

  ChromaCENSOptions options;
  /// The unnormalised chroma_cqt.
  ChromaCQT chroma_cqt = nullptr;
  /// (win_len_smooth + 2) smoothing window summing to 1 (a buffer); undefined without smoothing.
  torch::Tensor smoothing;
};
TORCH_MODULE(ChromaCENS);

}  // namespace nnaudio
