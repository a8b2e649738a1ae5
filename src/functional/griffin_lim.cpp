#include "nnaudio/functional/griffin_lim.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "functional/framing.h"
#include "nnaudio/functional/stft.h"

namespace nnaudio::functional {

torch::Tensor griffin_lim(const torch::Tensor& magnitude, const torch::Tensor& window,
                          const GriffinLimFuncOptions& options) {
  TORCH_CHECK_VALUE(magnitude.defined(), "GriffinLim: magnitude is an undefined tensor");
  TORCH_CHECK_TYPE(magnitude.is_floating_point() && !magnitude.is_complex(),
                   "GriffinLim: magnitude must be a real floating-point tensor, got ",
                   magnitude.scalar_type());
  TORCH_CHECK_VALUE(magnitude.dim() >= 2, "GriffinLim: magnitude must have shape (..., freq, ",
                    "frames), got ", magnitude.sizes());
  TORCH_CHECK_VALUE(options.n_iter() >= 0, "n_iter=", options.n_iter(), " must be >= 0");
  TORCH_CHECK_VALUE(options.momentum() >= 0.0 && options.momentum() < 1.0,
                    "momentum=", options.momentum(), " must be in [0, 1)");
  TORCH_CHECK_VALUE(magnitude.size(-2) == options.n_fft() / 2 + 1, "GriffinLim: magnitude has ",
                    magnitude.size(-2), " frequency bins but n_fft=", options.n_fft(), " needs ",
                    options.n_fft() / 2 + 1);
  if (options.length()) {
    TORCH_CHECK_VALUE(*options.length() >= 0, "GriffinLim: length=", *options.length(),
                      " must be >= 0");
  }
  // Each iteration transforms the current estimate again, (frames - 1) * hop samples when
  // centred, whatever the final length.
  TORCH_CHECK_VALUE(!options.center() || magnitude.size(-1) >= 2, "GriffinLim: magnitude has ",
                    magnitude.size(-1),
                    " frame(s); with center=true the iterations work on (frames - 1) * hop_length "
                    "= 0 samples; give at least 2 frames or use center=false");

  const auto forward = STFTFuncOptions(options.n_fft())
                           .hop_length(options.hop_length())
                           .center(options.center())
                           .pad_mode(options.pad_mode())
                           .output_format(OutputFormat::Complex);
  auto inverse =
      ISTFTFuncOptions(options.n_fft()).hop_length(options.hop_length()).center(options.center());
  // librosa gives `length` to every inner inverse, not only the last one. A length that holds
  // another number of frames could not be transformed back to this magnitude's frames: there
  // the iterations keep the frames' own length and only the result is cut or padded.
  if (options.length()) {
    const int64_t hop = detail::resolve_hop(options.n_fft(), window.numel(), options.hop_length());
    const int64_t length = *options.length();
    const int64_t padded = length + (options.center() ? 2 * (options.n_fft() / 2) : 0);
    if (padded >= options.n_fft() &&
        detail::frame_count(padded, options.n_fft(), hop) == magnitude.size(-1)) {
      inverse.length(length);
    }
  }

  const auto complex_type =
      magnitude.scalar_type() == torch::kFloat64 ? torch::kComplexDouble : torch::kComplexFloat;
  torch::Tensor angles;
  if (options.init() == PhaseInit::Random) {
    // Drawn on the CPU in float64 so that a seed gives the same start on every device and dtype.
    auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed());
    const auto phase = torch::rand(magnitude.sizes(), generator, torch::kFloat64);
    angles = torch::polar(torch::ones_like(phase), 2.0 * M_PI * phase)
                 .to(magnitude.device(), complex_type);
  } else {
    angles = torch::ones(magnitude.sizes(), magnitude.options().dtype(complex_type));
  }

  const double tiny = magnitude.scalar_type() == torch::kFloat64 ? 1e-300 : 1e-30;
  const double step = options.momentum() / (1.0 + options.momentum());
  torch::Tensor previous;
  for (int64_t i = 0; i < options.n_iter(); ++i) {
    const auto estimate = istft(magnitude * angles, window, inverse);
    const auto rebuilt = stft(estimate, window, forward);
    angles = previous.defined() ? rebuilt - step * previous : rebuilt;
    angles = angles / (angles.abs() + tiny);
    previous = rebuilt;
  }
  return istft(magnitude * angles, window, inverse.length(options.length()));
}

}  // namespace nnaudio::functional
