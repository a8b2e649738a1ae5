#include "functional/fftw_halving.h"

#ifdef NNAUDIO_HAVE_FFTW

#include <algorithm>

#include "functional/fftw_support.h"

namespace nnaudio::detail {
namespace {

template <typename Real>
using Complex = typename Fftw<Real>::Complex;

// Each row: its n-point spectrum times the filter's, folded in two (keeping every other sample),
// and transformed back at n/2 points, as halve_rate does with torch::fft.
template <typename Real>
void halve_rows(const Real* signal, int64_t rows, int64_t length, const Complex<Real>* filter,
                int64_t n, Real* out, int64_t out_length) {
  // n follows the input's length: quick plans (halving_size keeps the sizes few).
  const auto forward = plans_for<Real>(n, true).forward;
  const auto inverse = plans_for<Real>(n / 2, true).inverse;
  const int64_t quarter = n / 4;
  struct Scratch {
    std::unique_ptr<Real, void (*)(Real*)> frame;
    std::unique_ptr<Complex<Real>, void (*)(Complex<Real>*)> spectrum, folded;
  };
  auto setup = [&] {
    return Scratch{aligned<Real>(n), aligned<Real, Complex<Real>>(n / 2 + 1),
                   aligned<Real, Complex<Real>>(quarter + 1)};
  };
  // The inverse transform is unnormalised: 1 / (n/2), with the fold's 1/2.
  const Real scale = Real(1) / static_cast<Real>(n);
  parallel_dynamic(rows, setup, [&](Scratch& scratch, int64_t row) {
    Real* frame = scratch.frame.get();
    std::copy_n(signal + row * length, length, frame);
    std::fill(frame + length, frame + n, Real(0));
    Complex<Real>* z = scratch.spectrum.get();
    Fftw<Real>::r2c(forward, frame, z);
    for (int64_t k = 0; k <= n / 2; ++k) {
      const Real re = z[k][0] * filter[k][0] - z[k][1] * filter[k][1];
      const Real im = z[k][0] * filter[k][1] + z[k][1] * filter[k][0];
      z[k][0] = re;
      z[k][1] = im;
    }
    // Y[k] = Z[k] + conj(Z[n/2 - k]).
    Complex<Real>* y = scratch.folded.get();
    for (int64_t k = 0; k <= quarter; ++k) {
      y[k][0] = z[k][0] + z[n / 2 - k][0];
      y[k][1] = z[k][1] - z[n / 2 - k][1];
    }
    Fftw<Real>::c2r(inverse, y, frame);
    Real* destination = out + row * out_length;
    for (int64_t t = 0; t < out_length; ++t) destination[t] = scale * frame[t];
  });
}

}  // namespace

bool fftw_halving_can_run(const torch::Tensor& signal) {
  return signal.device().is_cpu() &&
         (signal.scalar_type() == torch::kFloat32 || signal.scalar_type() == torch::kFloat64) &&
         !(torch::GradMode::is_enabled() && signal.requires_grad());
}

torch::Tensor fftw_halve(const torch::Tensor& signal, const torch::Tensor& spectrum, int64_t n) {
  TORCH_CHECK(fftw_halving_can_run(signal) && signal.dim() == 2, "fftw_halve needs a (rows, ",
              "length) float32/float64 CPU signal without gradient, got ", signal.sizes());
  const int64_t length = signal.size(1);
  TORCH_CHECK(n % 4 == 0 && n >= length && n <= std::numeric_limits<int>::max(),
              "fftw_halve: n=", n, " must be a multiple of 4 of at least ", length);
  TORCH_CHECK(spectrum.dim() == 1 && spectrum.size(0) == n / 2 + 1 &&
                  spectrum.scalar_type() == c10::toComplexType(signal.scalar_type()),
              "fftw_halve: the filter's spectrum must be ", n / 2 + 1,
              " complex bins of the signal's precision, got ", spectrum.sizes(), " ",
              spectrum.scalar_type());
  const auto input = signal.contiguous();
  const auto filter = spectrum.contiguous();
  const int64_t out_length = (length + 1) / 2;
  auto out = torch::empty({input.size(0), out_length}, input.options());
  AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "fftw_halve", [&] {
    halve_rows<scalar_t>(input.data_ptr<scalar_t>(), input.size(0), length,
                         reinterpret_cast<const Complex<scalar_t>*>(filter.data_ptr()), n,
                         out.data_ptr<scalar_t>(), out_length);
  });
  return out;
}

}  // namespace nnaudio::detail

#else  // built without FFTW

namespace nnaudio::detail {

bool fftw_halving_can_run(const torch::Tensor&) {
  return false;
}

torch::Tensor fftw_halve(const torch::Tensor&, const torch::Tensor&, int64_t) {
  TORCH_CHECK(false, "nnaudio was built without FFTW");
}

}  // namespace nnaudio::detail

#endif
