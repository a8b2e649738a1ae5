#include "nnaudio/functional/chroma.h"

#include <array>
#include <cmath>

#include "detail/librosa_normalize.h"
#include "functional/framing.h"

namespace nnaudio::functional {

torch::Tensor normalize(const torch::Tensor& x, std::optional<double> norm, int64_t dim,
                        std::optional<double> threshold) {
  TORCH_CHECK_VALUE(x.defined(), "normalize: x is an undefined tensor");
  TORCH_CHECK_TYPE(x.is_floating_point(), "normalize: x must be a real floating-point tensor, got ",
                   x.scalar_type());
  TORCH_CHECK_VALUE(detail::valid_librosa_norm(norm), "normalize: norm=", norm.value_or(0.0),
                    " must be > 0, 0, +-inf or unset (none)");
  TORCH_CHECK_VALUE(!threshold || (*threshold > 0.0 && std::isfinite(*threshold)),
                    "normalize: threshold=", threshold.value_or(0.0),
                    " must be positive and finite (or unset: the dtype's smallest normal number)");
  TORCH_CHECK_VALUE(x.dim() > 0 && dim >= -x.dim() && dim < x.dim(), "normalize: dim=", dim,
                    " is out of range for a tensor of shape ", x.sizes());
  return detail::librosa_normalize(x, norm, dim, threshold.value_or(detail::tiny(x.scalar_type())));
}

torch::Tensor chroma_cens(const torch::Tensor& chroma, const torch::Tensor& smoothing,
                          std::optional<double> norm) {
  TORCH_CHECK_VALUE(chroma.defined() && chroma.dim() >= 2,
                    "chroma_cens: chroma must have shape (..., n_chroma, frames), got ",
                    chroma.defined() ? chroma.sizes() : torch::IntArrayRef{});
  TORCH_CHECK_VALUE(!smoothing.defined() || (smoothing.dim() == 1 && smoothing.numel() > 0),
                    "chroma_cens: smoothing must be a non-empty 1-D window, got shape ",
                    smoothing.sizes());
  const auto unit = normalize(chroma, 1.0, -2);
  // Quantisation: a step per threshold exceeded. librosa's steps and weights.
  constexpr std::array<double, 4> kSteps = {0.4, 0.2, 0.1, 0.05};
  auto quantised = torch::zeros_like(chroma);
  for (const double step : kSteps) quantised += unit.detach().gt(step).to(chroma.dtype()) * 0.25;
  if (smoothing.defined() && chroma.size(-1) > 0) {
    // scipy.ndimage.convolve(mode="constant") along the frames: out[i] = sum_m w[m] x[i - m + c]
    // with c = length / 2, as a correlation with the reversed window.
    const int64_t length = smoothing.size(0);
    const int64_t centre = length / 2;
    const auto rows = quantised.reshape({-1, 1, chroma.size(-1)});
    const auto kernel = smoothing.to(rows.options()).flip(0).reshape({1, 1, length});
    const auto padded = torch::constant_pad_nd(rows, {length - 1 - centre, centre}, 0.0);
    quantised = detail::conv1d_per_item(padded, kernel, 1, chroma.size(-2)).reshape(chroma.sizes());
  }
  return normalize(quantised, norm, -2);
}

}  // namespace nnaudio::functional
