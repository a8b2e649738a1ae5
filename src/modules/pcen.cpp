#include "nnaudio/modules/pcen.h"

#include <cmath>

#include "modules/module_support.h"
#include "nnaudio/functional/pcen.h"

namespace nnaudio {
namespace {

// Lower bound of the trainable bias and power: the compression divides by the bias and its
// gradient divides by the power.
constexpr double kMinimumPositive = 1e-6;

}  // namespace

PCENImpl::PCENImpl(PCENOptions options_) : options(std::move(options_)) {
  reset();
}

void PCENImpl::reset() {
  const auto& o = options;
  TORCH_CHECK_VALUE(o.gain() >= 0.0 && std::isfinite(o.gain()), "PCEN: gain=", o.gain(),
                    " must be >= 0 and finite");
  TORCH_CHECK_VALUE(o.bias() >= 0.0 && std::isfinite(o.bias()), "PCEN: bias=", o.bias(),
                    " must be >= 0 and finite");
  TORCH_CHECK_VALUE(o.power() >= 0.0 && std::isfinite(o.power()), "PCEN: power=", o.power(),
                    " must be >= 0 and finite");
  TORCH_CHECK_VALUE(o.eps() > 0.0 && std::isfinite(o.eps()), "PCEN: eps=", o.eps(),
                    " must be positive and finite");
  TORCH_CHECK_VALUE(o.max_size() >= 1, "PCEN: max_size=", o.max_size(), " must be >= 1");
  if (o.b()) {
    TORCH_CHECK_VALUE(*o.b() >= 0.0 && *o.b() <= 1.0, "PCEN: b=", *o.b(), " must be in [0, 1]");
    b_ = *o.b();
  } else {
    TORCH_CHECK_VALUE(o.time_constant() > 0.0 && std::isfinite(o.time_constant()),
                      "PCEN: time_constant=", o.time_constant(), " must be positive and finite");
    TORCH_CHECK_VALUE(o.sr() > 0.0 && std::isfinite(o.sr()), "PCEN: sr=", o.sr(),
                      " must be positive and finite");
    TORCH_CHECK_VALUE(o.hop_length() > 0, "PCEN: hop_length=", o.hop_length(), " must be positive");
    b_ = functional::pcen_smoothing_coefficient(o.time_constant(), o.sr(), o.hop_length());
  }
  TORCH_CHECK_VALUE(!o.channels() || *o.channels() > 0, "PCEN: channels=", o.channels().value_or(0),
                    " must be positive (or unset: shared parameters)");
  TORCH_CHECK_VALUE(!o.channels() || o.trainable(), "PCEN: channels=", *o.channels(),
                    " needs trainable=true (the fixed form has no per-channel parameters)");
  gain = bias = power = b = torch::Tensor();
  if (!o.trainable()) return;
  TORCH_CHECK_VALUE(o.bias() > 0.0 && o.power() > 0.0, "PCEN: trainable needs bias > 0 and ",
                    "power > 0 (got bias=", o.bias(), ", power=", o.power(), ")");
  const auto value = [&](double v) {
    return o.channels() ? torch::full({*o.channels()}, v, torch::kFloat64)
                        : torch::scalar_tensor(v, torch::kFloat64);
  };
  gain = register_parameter("gain", value(o.gain()));
  bias = register_parameter("bias", value(o.bias()));
  power = register_parameter("power", value(o.power()));
  b = register_parameter("b", value(b_));
}

void PCENImpl::pretty_print(std::ostream& stream) const {
  const PCENOptions d(options.sr());
  stream << detail::OptionPrinter("PCEN")
                .always("sr", options.sr())
                .always("hop_length", options.hop_length())
                .unless_default("gain", options.gain(), d.gain())
                .unless_default("bias", options.bias(), d.bias())
                .unless_default("power", options.power(), d.power())
                .always("b", b_)
                .unless_default("eps", options.eps(), d.eps())
                .unless_default("max_size", options.max_size(), d.max_size())
                .unless_default("max_axis", options.max_axis(), d.max_axis())
                .unless_default("trainable", options.trainable(), d.trainable())
                .unless_default("channels", options.channels(), d.channels())
                .str();
}

torch::Tensor PCENImpl::forward(const torch::Tensor& spectrogram) {
  return detail::in_float32_if_half(spectrogram, "PCEN", [&](const torch::Tensor& wide) {
    const auto& o = options;
    if (!o.trainable()) {
      functional::PCENParameters p;
      p.gain = o.gain();
      p.bias = o.bias();
      p.power = o.power();
      p.b = b_;
      p.eps = o.eps();
      p.max_size = o.max_size();
      p.max_axis = o.max_axis();
      return functional::pcen(wide, p);
    }
    return functional::pcen(wide, gain.clamp_min(0.0), bias.clamp_min(kMinimumPositive),
                            power.clamp_min(kMinimumPositive), b.clamp(0.0, 1.0), o.eps(),
                            o.max_size(), o.max_axis());
  });
}

}  // namespace nnaudio
