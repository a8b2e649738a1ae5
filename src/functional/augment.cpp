#include "nnaudio/functional/augment.h"

#include <cmath>
#include <vector>

namespace nnaudio::functional {

torch::Tensor mask_along_axis(const torch::Tensor& specgram, const torch::Tensor& starts,
                              const torch::Tensor& widths, MaskAxis axis, double mask_value) {
  TORCH_CHECK_VALUE(specgram.defined() && specgram.dim() >= 2,
                    "mask_along_axis: specgram must have shape (..., freq, frames); got ",
                    specgram.defined() ? specgram.dim() : 0, " dimensions");
  const bool along_frequency = axis == MaskAxis::Frequency;
  const int64_t size = specgram.size(along_frequency ? -2 : -1);
  const std::vector<int64_t> leading(specgram.sizes().begin(), specgram.sizes().end() - 2);
  int64_t items = 1;
  for (const auto extent : leading) items *= extent;
  TORCH_CHECK_VALUE(
      starts.numel() == widths.numel() && (starts.numel() == 1 || starts.numel() == items),
      "mask_along_axis: got ", starts.numel(), " starts and ", widths.numel(),
      " widths; give one of each, or one per item of the leading dims (", items, ")");
  // (..., 1, 1) bounds per item, or (1, 1) for a mask shared by all.
  auto shape = starts.numel() == 1 ? std::vector<int64_t>{} : leading;
  shape.insert(shape.end(), {1, 1});
  const auto device = specgram.device();
  const auto first = starts.to(device, torch::kLong).reshape(shape);
  const auto end = first + widths.to(device, torch::kLong).reshape(shape);
  const auto index =
      torch::arange(size, torch::TensorOptions().dtype(torch::kLong).device(device))
          .reshape(along_frequency ? std::vector<int64_t>{size, 1} : std::vector<int64_t>{1, size});
  return specgram.masked_fill((index >= first) & (index < end), mask_value);
}

torch::Tensor phase_advance(int64_t n_freq, int64_t hop_length) {
  TORCH_CHECK_VALUE(n_freq >= 1, "phase_advance: n_freq=", n_freq, " must be at least 1");
  TORCH_CHECK_VALUE(hop_length >= 1, "phase_advance: hop_length=", hop_length,
                    " must be at least 1");
  return torch::linspace(0.0, M_PI * static_cast<double>(hop_length), n_freq,
                         torch::TensorOptions().dtype(torch::kFloat64))
      .unsqueeze(1);
}

torch::Tensor phase_vocoder(const torch::Tensor& complex_specgrams, double rate,
                            const torch::Tensor& advance) {
  const auto& spec = complex_specgrams;
  TORCH_CHECK_VALUE(spec.defined() && spec.is_complex() && spec.dim() >= 2,
                    "phase_vocoder: input must be a complex spectrogram (..., freq, frames); got ",
                    spec.defined() ? spec.toString() : "an undefined tensor", " of ",
                    spec.defined() ? spec.dim() : 0, " dimensions");
  TORCH_CHECK_VALUE(rate > 0 && std::isfinite(rate), "phase_vocoder: rate=", rate,
                    " must be positive and finite");
  const int64_t n_freq = spec.size(-2);
  const int64_t frames = spec.size(-1);
  TORCH_CHECK_VALUE(advance.numel() == n_freq, "phase_vocoder: the phase advance has ",
                    advance.numel(), " bins but the input has ", n_freq, " (its n_freq)");
  TORCH_CHECK_VALUE(frames >= 1, "phase_vocoder: the input has no frames");
  if (rate == 1.0) return spec;

  const auto real_type = c10::toRealValueType(spec.scalar_type());
  const auto device = spec.device();
  // The read positions i * rate in float64 whatever the input's dtype, as numpy's arange gives
  // them to librosa. (torch::arange(0, 25, 0.7) fills position 30 as 20.999999999999996 where
  // numpy has 21.0, and so reads other frames there; torchaudio inherits that.)
  const auto out_frames = static_cast<int64_t>(std::ceil(static_cast<double>(frames) / rate));
  const auto steps =
      torch::arange(out_frames, torch::TensorOptions().dtype(torch::kFloat64)) * rate;
  const auto floor = steps.floor();
  const auto index = floor.to(device, torch::kLong);
  const auto alphas = (steps - floor).to(device, real_type);
  const auto phi = advance.reshape({n_freq, 1}).to(device, real_type);

  // Two zero frames after the last let every position read a pair. Phases and magnitudes are
  // taken once per input frame, then gathered for the output frames.
  const auto padded = torch::constant_pad_nd(spec, {0, 2});
  const auto phases = torch::angle(padded);
  const auto magnitudes = padded.abs();
  const auto next = index + 1;
  auto deviation = phases.index_select(-1, next) - phases.index_select(-1, index) - phi;
  deviation = deviation - 2.0 * M_PI * torch::round(deviation / (2.0 * M_PI));
  const auto increments =
      torch::cat({phases.narrow(-1, 0, 1), (deviation + phi).narrow(-1, 0, out_frames - 1)}, -1);
  const auto magnitude = alphas * magnitudes.index_select(-1, next) +
                         (1.0 - alphas) * magnitudes.index_select(-1, index);
  return torch::polar(magnitude, torch::cumsum(increments, -1));
}

}  // namespace nnaudio::functional
