#pragma once
// The stateless parts of the chroma transforms: librosa.util.normalize and the CENS steps
// (librosa.feature.chroma_cens) applied to a chromagram.

#include <torch/torch.h>

#include <optional>

namespace nnaudio::functional {

/// librosa.util.normalize(x, norm=norm, axis=dim, threshold=threshold): x divided by its norm
/// along `dim` (p > 0: p-norm; +infinity: largest magnitude; -infinity: smallest; 0: number
/// of nonzeros; unset: x unchanged). Slices whose norm is below `threshold` (> 0; unset: the
/// smallest normal number of x's dtype, librosa's default) are left unnormalised.
/// Differentiable, with a finite gradient at all-zero slices. Throws c10::ValueError for a bad
/// norm or threshold.
torch::Tensor normalize(const torch::Tensor& x, std::optional<double> norm, int64_t dim = -2,
                        std::optional<double> threshold = std::nullopt);

/// CENS from a chromagram (..., n_chroma, frames), librosa.feature.chroma_cens's steps: L1
/// normalisation over the chroma axis, quantisation (0.25 for each of the thresholds 0.4, 0.2,
/// 0.1, 0.05 exceeded), convolution along the frames with `smoothing` (a 1-D window that sums
/// to 1, zero outside the signal; undefined: no smoothing) and a final normalisation by `norm`.
/// The quantisation is a step function: the result carries no gradient.
torch::Tensor chroma_cens(const torch::Tensor& chroma, const torch::Tensor& smoothing,
                          std::optional<double> norm = 2.0);

}  // namespace nnaudio::functional
