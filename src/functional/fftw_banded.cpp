#include "functional/fftw_banded.h"

#ifdef NNAUDIO_HAVE_FFTW

#include <vector>

#include "functional/fftw_support.h"
#include "functional/framing.h"

namespace nnaudio::detail {
namespace {

/// A banded kernel set in the working precision: filter k's weights are
/// weights[offsets[k] .. offsets[k + 1]), starting at bin first[k].
template <typename Real>
struct Runs {
  explicit Runs(const functional::BandedFilterbank& bank)
      : first(bank.first_bin().data_ptr<int64_t>()),
        offsets(bank.offsets().data_ptr<int64_t>()),
        weights(bank.weights().data_ptr<double>(),
                bank.weights().data_ptr<double>() + bank.weights().numel()) {}
  const int64_t* first;
  const int64_t* offsets;
  std::vector<Real> weights;
};

template <typename Real>
void banded_kernel(const Real* signal, int64_t batch, int64_t length, int64_t n_fft, int64_t hop,
                   const Runs<Real>& re, const Runs<Real>& im, int64_t filters, Real* out) {
  using Complex = typename Fftw<Real>::Complex;
  const auto& plan = plans_for<Real>(n_fft).forward;
  const int64_t frames = frame_count(length, n_fft, hop);
  struct Scratch {
    std::unique_ptr<Real, void (*)(Real*)> frame;
    std::unique_ptr<Complex, void (*)(Complex*)> spectrum;
  };
  auto setup = [&] { return Scratch{aligned<Real>(n_fft), aligned<Real, Complex>(n_fft / 2 + 1)}; };
  parallel_dynamic(batch * frames, setup, [&](Scratch& scratch, int64_t id) {
    const int64_t item = id / frames;
    const int64_t t = id % frames;
    std::copy_n(signal + item * length + t * hop, n_fft, scratch.frame.get());
    Fftw<Real>::r2c(plan, scratch.frame.get(), scratch.spectrum.get());
    const Complex* x = scratch.spectrum.get();
    for (int64_t k = 0; k < filters; ++k) {
      // (a + ib)(xr + i xi) with a the real kernel's run and b the imaginary one's.
      Real real = 0, imag = 0;
      const Real* a = re.weights.data() + re.offsets[k];
      const Complex* xa = x + re.first[k];
      for (int64_t f = 0; f < re.offsets[k + 1] - re.offsets[k]; ++f) {
        real += a[f] * xa[f][0];
        imag += a[f] * xa[f][1];
      }
      const Real* b = im.weights.data() + im.offsets[k];
      const Complex* xb = x + im.first[k];
      for (int64_t f = 0; f < im.offsets[k + 1] - im.offsets[k]; ++f) {
        real -= b[f] * xb[f][1];
        imag += b[f] * xb[f][0];
      }
      Real* destination = out + 2 * ((item * filters + k) * frames + t);
      destination[0] = real;
      destination[1] = imag;
    }
  });
}

}  // namespace

bool fftw_banded_can_run(const torch::Tensor& signal) {
  return signal.device().is_cpu() &&
         (signal.scalar_type() == torch::kFloat32 || signal.scalar_type() == torch::kFloat64);
}

torch::Tensor fftw_banded_responses(const torch::Tensor& padded,
                                    const functional::BandedFilterbank& real,
                                    const functional::BandedFilterbank& imag, int64_t hop) {
  TORCH_CHECK(fftw_banded_can_run(padded) && padded.dim() == 2,
              "fftw_banded_responses needs a (batch, time) float32/float64 CPU tensor");
  TORCH_CHECK(real.filters() == imag.filters() && real.bins() == imag.bins() && real.bins() >= 2,
              "fftw_banded_responses: the real and imaginary kernels differ in shape");
  TORCH_CHECK(!(torch::GradMode::is_enabled() && padded.requires_grad()),
              "fftw_banded_responses is not differentiable");
  const int64_t n_fft = 2 * (real.bins() - 1);
  TORCH_CHECK(n_fft <= std::numeric_limits<int>::max(), "n_fft=", n_fft, " is too large for FFTW");
  const auto signal = padded.contiguous();
  const int64_t frames = frame_count(signal.size(1), n_fft, hop);
  auto out = torch::empty({signal.size(0), real.filters(), frames, 2}, signal.options());
  AT_DISPATCH_FLOATING_TYPES(signal.scalar_type(), "fftw_banded_responses", [&] {
    banded_kernel<scalar_t>(signal.data_ptr<scalar_t>(), signal.size(0), signal.size(1), n_fft, hop,
                            Runs<scalar_t>(real), Runs<scalar_t>(imag), real.filters(),
                            out.data_ptr<scalar_t>());
  });
  return torch::view_as_complex(out);
}

}  // namespace nnaudio::detail

#else  // built without FFTW

namespace nnaudio::detail {

bool fftw_banded_can_run(const torch::Tensor&) {
  return false;
}

torch::Tensor fftw_banded_responses(const torch::Tensor&, const functional::BandedFilterbank&,
                                    const functional::BandedFilterbank&, int64_t) {
  TORCH_CHECK(false, "nnaudio was built without FFTW");
}

}  // namespace nnaudio::detail

#endif
