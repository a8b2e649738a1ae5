#pragma once
// Filter banks applied to spectrograms: the dense product, and the banded product that
// exploits a mel bank's sparsity (each FFT bin feeds at most two triangles).

#include <torch/torch.h>

namespace nnaudio::functional {

/// basis (n_filters, freq) applied to spectrogram (..., freq, frames): (..., n_filters, frames),
/// a matrix product differentiable with respect to both. The basis is cast to the
/// spectrogram's dtype and device.
torch::Tensor mel_scale(const torch::Tensor& spectrogram, const torch::Tensor& basis);

/// A frozen filter bank (n_filters, n_bins) stored as, per filter, the run of bins from its
/// first to its last nonzero weight. A 128-band mel bank over 1025 bins keeps about 2,000 of
/// its 131,200 weights.
class BandedFilterbank {
 public:
  BandedFilterbank() = default;
  /// basis: real (n_filters, n_bins), any dtype and device; its values are copied as float64.
  explicit BandedFilterbank(const torch::Tensor& basis);

  int64_t filters() const { return filters_; }
  int64_t bins() const { return bins_; }
  /// (n_filters) int64: the first bin of each filter's run (0 for an all-zero filter).
  const torch::Tensor& first_bin() const { return first_bin_; }
  /// (n_filters + 1) int64: filter m's weights are weights()[offsets[m] : offsets[m + 1]].
  const torch::Tensor& offsets() const { return offsets_; }
  /// float64, the runs of all filters one after the other.
  const torch::Tensor& weights() const { return weights_; }
  /// The bank as a dense float64 (n_filters, n_bins) matrix.
  torch::Tensor dense() const;

 private:
  int64_t filters_ = 0;
  int64_t bins_ = 0;
  torch::Tensor first_bin_, offsets_, weights_;
};

/// The same product as mel_scale with a dense basis, (..., n_bins, frames) ->
/// (..., n_filters, frames), differentiable with respect to the spectrogram (to any order; the
/// bank is constant). On the CPU in float32/float64 a multi-threaded loop touches only the
/// stored runs: out[m, :] = sum_f w[m, f] * spectrogram[f, :] over filter m's bins. Elsewhere
/// (CUDA, half precision) the dense product.
torch::Tensor mel_scale(const torch::Tensor& spectrogram, const BandedFilterbank& bank);

}  // namespace nnaudio::functional
