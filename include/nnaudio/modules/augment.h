#pragma once

#include <ATen/core/Generator.h>
#include <torch/torch.h>

#include <optional>

#include "nnaudio/functional/augment.h"
#include "nnaudio/options/augment.h"

namespace nnaudio {

/// SpecAugment's masking along one axis of (..., freq, frames) spectrograms (torchaudio's
/// FrequencyMasking / TimeMasking): in training mode each call masks a band of cells
/// [start, start + width) with width = floor(u mask_param) and start = floor(v (size - u
/// mask_param)), u and v uniform, one band for all items or one per item (iid_masks). In eval
/// mode the identity. The random numbers come from the CPU (the module's seeded generator, or
/// the global one), so a seed gives the same masks on every device. Differentiable with respect
/// to the input (the masked cells get no gradient).
template <functional::MaskAxis Axis>
class AxisMaskingImpl : public torch::nn::Cloneable<AxisMaskingImpl<Axis>> {
 public:
  explicit AxisMaskingImpl(MaskingOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  /// mask_value: this call's value of the masked cells (torchaudio's forward argument);
  /// unset: options.mask_value.
  torch::Tensor forward(const torch::Tensor& specgram,
                        std::optional<double> mask_value = std::nullopt);

  MaskingOptions options;

 private:
  c10::optional<at::Generator> generator_;
};

using FrequencyMaskingImpl = AxisMaskingImpl<functional::MaskAxis::Frequency>;
using TimeMaskingImpl = AxisMaskingImpl<functional::MaskAxis::Time>;
extern template class AxisMaskingImpl<functional::MaskAxis::Frequency>;
extern template class AxisMaskingImpl<functional::MaskAxis::Time>;
TORCH_MODULE(FrequencyMasking);
TORCH_MODULE(TimeMasking);

/// Time stretch of complex spectrograms (..., n_freq, frames) by phase vocoding
/// (functional::phase_vocoder; torchaudio's TimeStretch, librosa.phase_vocoder's numbers): in
/// training mode by the call's rate, else fixed_rate, else a rate drawn uniformly from
/// [min_rate, max_rate] (one per call: the frames of every item must agree); in eval mode the
/// identity. Complex input, or real (..., n_freq, frames, 2) (RealImag), returned in the same
/// form. Differentiable with respect to the input.
class TimeStretchImpl : public torch::nn::Cloneable<TimeStretchImpl> {
 public:
  explicit TimeStretchImpl(TimeStretchOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  torch::Tensor forward(const torch::Tensor& specgram,
                        std::optional<double> overriding_rate = std::nullopt);

  TimeStretchOptions options;
  /// (n_freq, 1) float64 phase advance per hop (functional::phase_advance), a buffer.
  torch::Tensor phase_advance;

 private:
  c10::optional<at::Generator> generator_;
};
TORCH_MODULE(TimeStretch);

}  // namespace nnaudio
