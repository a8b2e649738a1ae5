#pragma once

#include <torch/torch.h>

#include <memory>

#include "nnaudio/modules/cqt.h"
#include "nnaudio/modules/stft.h"
#include "nnaudio/options/hybrid_cqt.h"

namespace nnaudio {

namespace detail {
class BandedCache;
}

/// Pseudo constant-Q transform of (..., time) signals: (..., n_bins, frames) magnitudes,
/// librosa.pseudo_cqt's numbers. One Hann-windowed STFT of n_fft() samples (enough for the
/// longest filter and two hops); its magnitude goes through the magnitudes of the filters'
/// spectra (kernels::pseudo_cqt_filterbank). Cheaper than the CQT, and phase-blind: accurate
/// where the filters are short, which is what HybridCQT uses it for. A frozen bank is applied
/// through its nonzero runs on the CPU; trainable uses the dense product.
class PseudoCQTImpl : public torch::nn::Cloneable<PseudoCQTImpl> {
 public:
  explicit PseudoCQTImpl(PseudoCQTOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  torch::Tensor forward(const torch::Tensor& input);

  /// Centre frequency of each bin in Hz (tuning applied), float64 (n_bins).
  torch::Tensor frequencies() const { return frequencies_; }
  /// Filter length of each bin in samples, float64 (n_bins).
  torch::Tensor lengths() const { return lengths_; }
  int64_t n_fft() const { return n_fft_; }

  PseudoCQTOptions options;
  /// Magnitude STFT (Hann window of n_fft samples, the options' hop and padding).
  STFT stft = nullptr;
  /// (n_bins, n_fft/2 + 1) bank with the normalisation applied; a parameter when trainable.
  torch::Tensor cqt_basis;

 private:
  int64_t n_fft_ = 0;
  torch::Tensor frequencies_, lengths_;
  std::shared_ptr<detail::BandedCache> banded_;
};
TORCH_MODULE(PseudoCQT);

/// Hybrid constant-Q transform of (..., time) signals: (..., n_bins, frames) magnitudes,
/// librosa.hybrid_cqt's numbers. The top bins, whose filters (padded to a power of two) are
/// shorter than two hops, come from a PseudoCQT; the others are the magnitude of a CQT of
/// those bins alone (librosa computes them so: its octaves then count from their top bin).
class HybridCQTImpl : public torch::nn::Cloneable<HybridCQTImpl> {
 public:
  explicit HybridCQTImpl(HybridCQTOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  torch::Tensor forward(const torch::Tensor& input);

  /// Centre frequency of each bin in Hz (tuning applied), float64 (n_bins).
  torch::Tensor frequencies() const { return frequencies_; }
  /// How many of the lowest bins the full CQT computes; the pseudo CQT does the rest.
  int64_t full_bins() const { return full_bins_; }

  HybridCQTOptions options;
  /// The low bins (magnitude output); empty when every filter is short enough.
  CQT cqt = nullptr;
  /// The high bins; empty when no filter is short enough.
  PseudoCQT pseudo_cqt = nullptr;

 private:
  int64_t full_bins_ = 0;
  torch::Tensor frequencies_;
};
TORCH_MODULE(HybridCQT);

}  // namespace nnaudio
