#include "nnaudio/modules/augment.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <string>

#include "modules/module_support.h"

namespace nnaudio {
namespace {

c10::optional<at::Generator> seeded_generator(const std::optional<uint64_t>& seed) {
  if (!seed) return c10::nullopt;
  return at::make_generator<at::CPUGeneratorImpl>(*seed);
}

// n float64 values uniform in [0, 1), on the CPU whatever the data's device (same seed, same
// draws everywhere).
torch::Tensor uniform(int64_t n, const c10::optional<at::Generator>& generator) {
  return torch::rand({n}, generator, torch::TensorOptions().dtype(torch::kFloat64));
}

const char* masking_name(functional::MaskAxis axis) {
  return axis == functional::MaskAxis::Frequency ? "FrequencyMasking" : "TimeMasking";
}

}  // namespace

template <functional::MaskAxis Axis>
AxisMaskingImpl<Axis>::AxisMaskingImpl(MaskingOptions options_) : options(std::move(options_)) {
  reset();
}

template <functional::MaskAxis Axis>
void AxisMaskingImpl<Axis>::reset() {
  const auto& o = options;
  const std::string name = masking_name(Axis);
  TORCH_CHECK_VALUE(o.mask_param() >= 0, name, ": mask_param=", o.mask_param(), " must be >= 0");
  TORCH_CHECK_VALUE(o.p() >= 0 && o.p() <= 1, name, ": p=", o.p(), " must be in [0, 1]");
  TORCH_CHECK_VALUE(o.probability() >= 0 && o.probability() <= 1, name,
                    ": probability=", o.probability(), " must be in [0, 1]");
  TORCH_CHECK_VALUE(!std::isnan(o.mask_value()), name, ": mask_value must not be NaN");
  generator_ = seeded_generator(o.seed());
}

template <functional::MaskAxis Axis>
torch::Tensor AxisMaskingImpl<Axis>::forward(const torch::Tensor& specgram,
                                             std::optional<double> mask_value) {
  const std::string name = masking_name(Axis);
  const bool along_frequency = Axis == functional::MaskAxis::Frequency;
  TORCH_CHECK_VALUE(specgram.defined() && specgram.dim() >= 2, name,
                    ": input must have shape (..., freq, frames); got ",
                    specgram.defined() ? specgram.dim() : 0, " dimensions");
  if (!this->is_training()) return specgram;
  const int64_t size = specgram.size(along_frequency ? -2 : -1);
  // torchaudio's _get_mask_param: p limits the width only when below 1.
  int64_t mask_param = options.mask_param();
  if (options.p() < 1.0) {
    mask_param = std::min<int64_t>(
        mask_param, static_cast<int64_t>(std::floor(static_cast<double>(size) * options.p())));
  }
  TORCH_CHECK_VALUE(mask_param <= size, name, ": mask_param=", mask_param, " is larger than the ",
                    size,
                    along_frequency ? " bins of the input's frequency axis (dim -2)"
                                    : " frames of the input's time axis (dim -1)");
  const int64_t masks = options.iid_masks() && specgram.dim() > 2
                            ? specgram.numel() / (specgram.size(-2) * specgram.size(-1))
                            : 1;
  if (specgram.numel() == 0) return specgram;
  const auto width_draw = uniform(masks, generator_) * static_cast<double>(mask_param);
  const auto start_draw = uniform(masks, generator_) * (static_cast<double>(size) - width_draw);
  const auto applied = uniform(masks, generator_) < options.probability();
  const auto widths = width_draw.floor().to(torch::kLong) * applied.to(torch::kLong);
  return functional::mask_along_axis(specgram, start_draw.floor().to(torch::kLong), widths, Axis,
                                     mask_value.value_or(options.mask_value()));
}

template <functional::MaskAxis Axis>
void AxisMaskingImpl<Axis>::pretty_print(std::ostream& stream) const {
  const MaskingOptions d;
  stream << detail::OptionPrinter(masking_name(Axis))
                .always("mask_param", options.mask_param())
                .unless_default("iid_masks", options.iid_masks(), d.iid_masks())
                .unless_default("mask_value", options.mask_value(), d.mask_value())
                .unless_default("p", options.p(), d.p())
                .unless_default("probability", options.probability(), d.probability())
                .unless_default("seed", options.seed(), d.seed())
                .str();
}

template class AxisMaskingImpl<functional::MaskAxis::Frequency>;
template class AxisMaskingImpl<functional::MaskAxis::Time>;

TimeStretchImpl::TimeStretchImpl(TimeStretchOptions options_) : options(std::move(options_)) {
  reset();
}

void TimeStretchImpl::reset() {
  const auto& o = options;
  TORCH_CHECK_VALUE(o.n_freq() >= 1, "TimeStretch: n_freq=", o.n_freq(), " must be at least 1");
  const int64_t hop = o.hop_length().value_or(o.n_freq() - 1);
  TORCH_CHECK_VALUE(hop >= 1, "TimeStretch: hop_length=", hop,
                    " must be at least 1 (unset, it is n_freq - 1)");
  if (o.fixed_rate()) {
    TORCH_CHECK_VALUE(*o.fixed_rate() > 0 && std::isfinite(*o.fixed_rate()),
                      "TimeStretch: fixed_rate=", *o.fixed_rate(), " must be positive and finite");
  }
  TORCH_CHECK_VALUE(o.min_rate() > 0 && o.min_rate() <= o.max_rate() && std::isfinite(o.max_rate()),
                    "TimeStretch: min_rate=", o.min_rate(), " and max_rate=", o.max_rate(),
                    " must satisfy 0 < min_rate <= max_rate (finite)");
  phase_advance = register_buffer("phase_advance", functional::phase_advance(o.n_freq(), hop));
  generator_ = seeded_generator(o.seed());
}

torch::Tensor TimeStretchImpl::forward(const torch::Tensor& specgram,
                                       std::optional<double> overriding_rate) {
  TORCH_CHECK_VALUE(specgram.defined() &&
                        (specgram.is_complex() || (specgram.dim() >= 3 && specgram.size(-1) == 2 &&
                                                   specgram.is_floating_point())),
                    "TimeStretch: input must be a complex spectrogram (..., n_freq, frames) or "
                    "a real one of shape (..., n_freq, frames, 2); got ",
                    specgram.defined() ? specgram.toString() : "an undefined tensor",
                    specgram.defined() ? " of shape " + c10::str(specgram.sizes()) : "");
  const bool real_imag = !specgram.is_complex();
  const auto complex = real_imag ? torch::view_as_complex(specgram.contiguous()) : specgram;
  TORCH_CHECK_VALUE(complex.dim() >= 2 && complex.size(-2) == options.n_freq(),
                    "TimeStretch: input has ", complex.dim() >= 2 ? complex.size(-2) : 0,
                    " frequency bins (dim -2) but n_freq=", options.n_freq());
  if (!is_training()) return specgram;
  double rate = 0;
  if (overriding_rate) {
    rate = *overriding_rate;
  } else if (options.fixed_rate()) {
    rate = *options.fixed_rate();
  } else {
    const double u = uniform(1, generator_).item<double>();
    rate = options.min_rate() + u * (options.max_rate() - options.min_rate());
  }
  TORCH_CHECK_VALUE(rate > 0 && std::isfinite(rate), "TimeStretch: rate=", rate,
                    " must be positive and finite");
  const auto stretched = functional::phase_vocoder(complex, rate, phase_advance);
  return real_imag ? torch::view_as_real(stretched) : stretched;
}

void TimeStretchImpl::pretty_print(std::ostream& stream) const {
  const TimeStretchOptions d;
  stream << detail::OptionPrinter("TimeStretch")
                .always("n_freq", options.n_freq())
                .unless_default("hop_length", options.hop_length(), d.hop_length())
                .unless_default("fixed_rate", options.fixed_rate(), d.fixed_rate())
                .unless_default("min_rate", options.min_rate(), d.min_rate())
                .unless_default("max_rate", options.max_rate(), d.max_rate())
                .unless_default("seed", options.seed(), d.seed())
                .str();
}

}  // namespace nnaudio
