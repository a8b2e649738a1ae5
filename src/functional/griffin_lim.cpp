#include "nnaudio/functional/griffin_lim.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>

#include <cmath>

#include "functional/framing.h"
#include "nnaudio/functional/stft.h"

namespace nnaudio::functional {
namespace {

// |z| without overflow or underflow: the squares in double for float, hypot where double's own
// squares could underflow.
template <typename Real>
Real magnitude_of(Real re, Real im) {
  const double squared = static_cast<double>(re) * re + static_cast<double>(im) * im;
  if (squared > 1e-290 || squared == 0.0) return static_cast<Real>(std::sqrt(squared));
  return static_cast<Real>(std::hypot(static_cast<double>(re), static_cast<double>(im)));
}

// The next spectrum to invert: magnitude * a / (|a| + tiny) with a = rebuilt - step * previous
// (no previous: a = rebuilt), librosa's momentum update. One pass without autograd on the CPU
// (the chain of complex tensor operations made as many passes over the spectrogram, each with
// a fresh temporary), the tensor operations otherwise.
torch::Tensor next_spectrum(const torch::Tensor& magnitude, const torch::Tensor& rebuilt,
                            const torch::Tensor& previous, double step, double tiny) {
  const bool needs_grad =
      torch::GradMode::is_enabled() && (magnitude.requires_grad() || rebuilt.requires_grad());
  const bool real_cpu = rebuilt.device().is_cpu() && (magnitude.dtype() == torch::kFloat32 ||
                                                      magnitude.dtype() == torch::kFloat64);
  if (needs_grad || !real_cpu) {
    auto angles = previous.defined() ? rebuilt - step * previous : rebuilt;
    angles = angles / (angles.abs() + tiny);
    return magnitude * angles;
  }
  const auto m = magnitude.contiguous();
  const auto r = torch::view_as_real(rebuilt.contiguous());
  const auto p = previous.defined() ? torch::view_as_real(previous.contiguous()) : torch::Tensor();
  auto out = torch::empty_like(r);
  AT_DISPATCH_FLOATING_TYPES(m.scalar_type(), "griffin_lim_update", [&] {
    const scalar_t* mag = m.data_ptr<scalar_t>();
    const scalar_t* now = r.data_ptr<scalar_t>();
    const scalar_t* before = p.defined() ? p.data_ptr<scalar_t>() : nullptr;
    scalar_t* next = out.data_ptr<scalar_t>();
    const auto k = static_cast<scalar_t>(step);
    at::parallel_for(0, m.numel(), 16384, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        scalar_t re = now[2 * i], im = now[2 * i + 1];
        if (before) {
          re -= k * before[2 * i];
          im -= k * before[2 * i + 1];
        }
        const scalar_t scale = mag[i] / (magnitude_of(re, im) + static_cast<scalar_t>(tiny));
        next[2 * i] = re * scale;
        next[2 * i + 1] = im * scale;
      }
    });
  });
  return torch::view_as_complex(out);
}

}  // namespace

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
  auto spectrum = magnitude * angles;
  for (int64_t i = 0; i < options.n_iter(); ++i) {
    const auto rebuilt = stft(istft(spectrum, window, inverse), window, forward);
    spectrum = next_spectrum(magnitude, rebuilt, previous, step, tiny);
    previous = rebuilt;
  }
  return istft(spectrum, window, inverse.length(options.length()));
}

}  // namespace nnaudio::functional
