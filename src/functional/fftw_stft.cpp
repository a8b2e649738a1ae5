#include "functional/fftw_stft.h"

#ifdef NNAUDIO_HAVE_FFTW

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>

#include "functional/fftw_support.h"
#include "functional/framing.h"
#include "functional/spectrum_format.h"
#include "nnaudio/detail/compat.h"

namespace nnaudio::detail {
namespace {

// Frames are transformed a tile at a time: FFTW writes each frame's spectrum into a row of the
// tile, each row is converted to the output format where it lies (contiguous, so the compiler
// vectorises it), and the tile is then stored transposed, so that the (freq, frames) output is
// written in runs of kTileFrames values instead of one scattered value per frame.
constexpr int64_t kTileFrames = 32;

struct Geometry {
  int64_t batch, length, n_fft, bins, frames, hop;
};

template <typename Real>
void forward_kernel(const Real* signal, const Real* window, Real* out, const Geometry& g,
                    FusedSpectrum what) {
  using Complex = typename Fftw<Real>::Complex;
  const auto& plan = plans_for<Real>(g.n_fft).forward;
  const int64_t channels = what == FusedSpectrum::RealImag ? 2 : 1;
  const int64_t tiles_per_item = (g.frames + kTileFrames - 1) / kTileFrames;
  // Rows padded to a multiple of 8 complex values keep the alignment the plan was made with.
  const int64_t row = (g.bins + 7) / 8 * 8;
  const int64_t values_per_row = g.bins * channels;
  struct Scratch {
    std::unique_ptr<Real, void (*)(Real*)> frame;
    std::unique_ptr<Complex, void (*)(Complex*)> spectra;
    std::vector<Real> values;
  };
  auto setup = [&] {
    return Scratch{aligned<Real>(g.n_fft), aligned<Real, Complex>(row * kTileFrames),
                   std::vector<Real>(values_per_row * kTileFrames)};
  };
  parallel_dynamic(g.batch * tiles_per_item, setup, [&](Scratch& scratch, int64_t id) {
    const int64_t item = id / tiles_per_item;
    const int64_t first = (id % tiles_per_item) * kTileFrames;
    const int64_t count = std::min(kTileFrames, g.frames - first);
    Real* in = scratch.frame.get();
    for (int64_t j = 0; j < count; ++j) {
      const Real* source = signal + item * g.length + (first + j) * g.hop;
      for (int64_t n = 0; n < g.n_fft; ++n) in[n] = source[n] * window[n];
      Complex* spectrum = scratch.spectra.get() + j * row;
      Fftw<Real>::r2c(plan, in, spectrum);
      const Real* pairs = reinterpret_cast<const Real*>(spectrum);
      Real* values = scratch.values.data() + j * values_per_row;
      switch (what) {
        case FusedSpectrum::RealImag:
          std::copy_n(pairs, 2 * g.bins, values);
          break;
        case FusedSpectrum::Power:
          for (int64_t f = 0; f < g.bins; ++f) {
            values[f] = pairs[2 * f] * pairs[2 * f] + pairs[2 * f + 1] * pairs[2 * f + 1];
          }
          break;
        case FusedSpectrum::Magnitude:
          for (int64_t f = 0; f < g.bins; ++f) {
            values[f] =
                std::sqrt(pairs[2 * f] * pairs[2 * f] + pairs[2 * f + 1] * pairs[2 * f + 1]);
          }
          break;
      }
    }
    Real* destination = out + (item * g.bins * g.frames + first) * channels;
    const Real* values = scratch.values.data();
    for (int64_t f = 0; f < g.bins; ++f) {
      Real* run = destination + f * g.frames * channels;
      for (int64_t j = 0; j < count; ++j) {
        for (int64_t c = 0; c < channels; ++c) {
          run[j * channels + c] = values[j * values_per_row + f * channels + c];
        }
      }
    }
  });
}

// The adjoint of frame -> r2c(window * frame) for the requested output: for each frame, the
// gradient with respect to the windowed frame is Re(sum_f G_f exp(+2 pi i f n / N)), which an
// unnormalised c2r computes once the bins that stand for a conjugate pair are halved.
template <typename Real>
torch::Tensor adjoint_frames(const Real* signal, const Real* window, const Real* grad,
                             const Geometry& g, FusedSpectrum what) {
  using Complex = typename Fftw<Real>::Complex;
  const auto& pair = plans_for<Real>(g.n_fft);
  auto result = torch::empty({g.batch, g.frames, g.n_fft}, torch::CppTypeToScalarType<Real>::value);
  Real* frames_out = result.template data_ptr<Real>();
  const int64_t paired_end = (g.n_fft + 1) / 2;  // bins 1 .. paired_end-1 have a partner
  struct Scratch {
    std::unique_ptr<Real, void (*)(Real*)> frame;
    std::unique_ptr<Complex, void (*)(Complex*)> spectrum;
  };
  auto setup = [&] { return Scratch{aligned<Real>(g.n_fft), aligned<Real, Complex>(g.bins)}; };
  parallel_dynamic(g.batch * g.frames, setup, [&](Scratch& scratch, int64_t id) {
    const int64_t item = id / g.frames;
    const int64_t t = id % g.frames;
    Complex* s = scratch.spectrum.get();
    Real* frame = scratch.frame.get();
    if (what != FusedSpectrum::RealImag) {
      const Real* source = signal + item * g.length + t * g.hop;
      for (int64_t n = 0; n < g.n_fft; ++n) frame[n] = source[n] * window[n];
      Fftw<Real>::r2c(pair.forward, frame, s);
    }
    for (int64_t f = 0; f < g.bins; ++f) {
      const int64_t at = (item * g.bins + f) * g.frames + t;
      Real re, im;
      if (what == FusedSpectrum::RealImag) {
        re = grad[2 * at];
        im = grad[2 * at + 1];
      } else {
        const Real magnitude = std::sqrt(s[f][0] * s[f][0] + s[f][1] * s[f][1]);
        Real scale = 2 * grad[at];
        if (what == FusedSpectrum::Magnitude) scale = magnitude > 0 ? grad[at] / magnitude : 0;
        re = scale * s[f][0];
        im = scale * s[f][1];
      }
      const Real half = (f >= 1 && f < paired_end) ? Real(0.5) : Real(1);
      s[f][0] = half * re;
      s[f][1] = half * im;
    }
    Fftw<Real>::c2r(pair.inverse, s, frame);
    std::copy_n(frame, g.n_fft, frames_out + id * g.n_fft);
  });
  return result;
}

Geometry geometry_of(const torch::Tensor& padded, int64_t n_fft, int64_t hop) {
  const int64_t length = padded.size(1);
  return {padded.size(0), length, n_fft, n_fft / 2 + 1, frame_count(length, n_fft, hop), hop};
}

// The same spectrum from LibTorch's differentiable operations (torch::stft).
torch::Tensor differentiable_spectrum(const torch::Tensor& padded, const torch::Tensor& window,
                                      int64_t hop, FusedSpectrum what) {
  const auto pairs = torch::view_as_real(complex_stft(padded, window.size(0), hop, window));
  switch (what) {
    case FusedSpectrum::Magnitude:
      return format_spectrum(pairs, OutputFormat::Magnitude);
    case FusedSpectrum::Power:
      return format_spectrum(pairs, OutputFormat::Power);
    default:
      return pairs;
  }
}

class FftwStft : public torch::autograd::Function<FftwStft> {
 public:
  /// The gradient when a graph of it is wanted (create_graph: double backward, gradient
  /// penalties, Hessian-vector products): the hand-written adjoint below is not itself
  /// differentiable, so the forward is redone with differentiable operations from the saved
  /// inputs and differentiated with create_graph. Costs a second forward, only then.
  static torch::autograd::variable_list differentiable_backward(
      torch::autograd::AutogradContext* ctx, const torch::Tensor& signal,
      const torch::Tensor& window, const torch::autograd::variable_list& grads) {
    const int64_t hop = ctx->saved_data["hop"].toInt();
    const auto what = static_cast<FusedSpectrum>(ctx->saved_data["what"].toInt());
    std::vector<torch::Tensor> wanted;
    if (ctx->needs_input_grad(0)) wanted.push_back(signal);
    if (ctx->needs_input_grad(1)) wanted.push_back(window);
    const auto out = differentiable_spectrum(signal, window, hop, what);
    const auto found = torch::autograd::grad({out}, wanted, {grads[0]}, /*retain_graph=*/true,
                                             /*create_graph=*/true, /*allow_unused=*/true);
    torch::Tensor grad_signal, grad_window;
    size_t next = 0;
    if (ctx->needs_input_grad(0)) grad_signal = found[next++];
    if (ctx->needs_input_grad(1)) grad_window = found[next++];
    return {grad_signal, grad_window, torch::Tensor(), torch::Tensor()};
  }

  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& padded,
                               const torch::Tensor& window, int64_t hop, int64_t what_index) {
    const auto what = static_cast<FusedSpectrum>(what_index);
    const auto signal = padded.contiguous();
    const auto win = window.contiguous();
    const Geometry g = geometry_of(signal, win.size(0), hop);
    std::vector<int64_t> shape{g.batch, g.bins, g.frames};
    if (what == FusedSpectrum::RealImag) shape.push_back(2);
    auto out = torch::empty(shape, signal.options());
    AT_DISPATCH_FLOATING_TYPES(signal.scalar_type(), "fftw_stft", [&] {
      forward_kernel<scalar_t>(signal.data_ptr<scalar_t>(), win.data_ptr<scalar_t>(),
                               out.data_ptr<scalar_t>(), g, what);
    });
    // The inputs themselves (not contiguous copies), so that a differentiable backward can
    // reach their graph.
    ctx->save_for_backward({padded, window});
    ctx->saved_data["hop"] = hop;
    ctx->saved_data["what"] = what_index;
    return out;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    if (torch::GradMode::is_enabled()) {
      return differentiable_backward(ctx, saved[0], saved[1], grads);
    }
    const auto signal = saved[0].contiguous();
    const auto window = saved[1].contiguous();
    const int64_t hop = ctx->saved_data["hop"].toInt();
    const auto what = static_cast<FusedSpectrum>(ctx->saved_data["what"].toInt());
    const auto grad = grads[0].contiguous();
    const Geometry g = geometry_of(signal, window.size(0), hop);
    torch::Tensor adjoint;
    AT_DISPATCH_FLOATING_TYPES(signal.scalar_type(), "fftw_stft_backward", [&] {
      adjoint = adjoint_frames<scalar_t>(signal.data_ptr<scalar_t>(), window.data_ptr<scalar_t>(),
                                         grad.data_ptr<scalar_t>(), g, what);
    });
    torch::Tensor grad_signal, grad_window;
    if (ctx->needs_input_grad(0)) {
      grad_signal = torch::constant_pad_nd(overlap_add(adjoint * window, hop),
                                           {0, g.length - (g.n_fft + hop * (g.frames - 1))});
    }
    if (ctx->needs_input_grad(1)) {
      grad_window = (adjoint * signal.unfold(1, g.n_fft, hop)).sum(std::vector<int64_t>{0, 1});
    }
    return {grad_signal, grad_window, torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

bool fftw_can_run(const torch::Tensor& signal) {
  return signal.device().is_cpu() &&
         (signal.scalar_type() == torch::kFloat32 || signal.scalar_type() == torch::kFloat64);
}

torch::Tensor fftw_frame_magnitudes(const torch::Tensor& padded, const torch::Tensor& window,
                                    int64_t hop, int64_t first_frame, int64_t frames,
                                    double scale) {
  TORCH_CHECK(fftw_can_run(padded) && padded.dim() == 2 && window.dim() == 1 &&
                  window.scalar_type() == padded.scalar_type() &&
                  window.size(0) <= std::numeric_limits<int>::max(),
              "fftw_frame_magnitudes needs a (batch, time) float32/float64 CPU signal and a 1-D "
              "window of its dtype");
  const auto signal = padded.contiguous();
  const auto win = window.contiguous();
  const Geometry g = geometry_of(signal, win.size(0), hop);
  TORCH_CHECK(first_frame >= 0 && frames >= 0 && first_frame + frames <= g.frames,
              "fftw_frame_magnitudes: frames ", first_frame, " to ", first_frame + frames - 1,
              " of ", g.frames);
  auto out = torch::empty({g.batch, frames, g.bins}, signal.options());
  AT_DISPATCH_FLOATING_TYPES(signal.scalar_type(), "fftw_frame_magnitudes", [&] {
    using Real = scalar_t;
    const Real* x = signal.data_ptr<Real>();
    const Real* w = win.data_ptr<Real>();
    Real* destination = out.data_ptr<Real>();
    // The window's nonzero span: the frame buffer's ends stay zero from the setup on.
    int64_t begin = 0;
    int64_t end = g.n_fft;
    while (begin < end && w[begin] == 0) ++begin;
    while (end > begin && w[end - 1] == 0) --end;
    const auto& plan = plans_for<Real>(g.n_fft).forward;
    using Complex = typename Fftw<Real>::Complex;
    struct Scratch {
      std::unique_ptr<Real, void (*)(Real*)> frame;
      std::unique_ptr<Complex, void (*)(Complex*)> spectrum;
    };
    auto setup = [&] {
      Scratch scratch{aligned<Real>(g.n_fft), aligned<Real, Complex>(g.bins)};
      std::fill_n(scratch.frame.get(), g.n_fft, Real(0));
      return scratch;
    };
    const auto factor = static_cast<Real>(scale);
    parallel_dynamic(g.batch * frames, setup, [&](Scratch& scratch, int64_t id) {
      const int64_t item = id / frames;
      const int64_t frame = id % frames;
      const Real* source = x + item * g.length + (first_frame + frame) * g.hop;
      Real* in = scratch.frame.get();
      for (int64_t n = begin; n < end; ++n) in[n] = source[n] * w[n];
      Fftw<Real>::r2c(plan, in, scratch.spectrum.get());
      const Real* pairs = reinterpret_cast<const Real*>(scratch.spectrum.get());
      Real* row = destination + id * g.bins;
      for (int64_t f = 0; f < g.bins; ++f) {
        row[f] =
            factor * std::sqrt(pairs[2 * f] * pairs[2 * f] + pairs[2 * f + 1] * pairs[2 * f + 1]);
      }
    });
  });
  return out;
}

torch::Tensor fftw_stft(const torch::Tensor& padded, const torch::Tensor& window, int64_t hop,
                        FusedSpectrum what) {
  TORCH_CHECK(fftw_can_run(padded), "fftw_stft needs a float32/float64 CPU tensor");
  TORCH_CHECK(window.scalar_type() == padded.scalar_type() && window.dim() == 1,
              "fftw_stft: window must be 1-D in the signal's dtype");
  TORCH_CHECK(window.size(0) <= std::numeric_limits<int>::max(), "n_fft=", window.size(0),
              " is too large for FFTW");
  return FftwStft::apply(padded, window, hop, static_cast<int64_t>(what));
}

}  // namespace nnaudio::detail

#else  // built without FFTW

namespace nnaudio::detail {

bool fftw_can_run(const torch::Tensor&) {
  return false;
}

torch::Tensor fftw_stft(const torch::Tensor&, const torch::Tensor&, int64_t, FusedSpectrum) {
  TORCH_CHECK(false, "nnaudio was built without FFTW");
}

torch::Tensor fftw_frame_magnitudes(const torch::Tensor&, const torch::Tensor&, int64_t, int64_t,
                                    int64_t, double) {
  TORCH_CHECK(false, "nnaudio was built without FFTW");
}

}  // namespace nnaudio::detail

#endif
