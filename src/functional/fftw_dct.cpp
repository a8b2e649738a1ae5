#include "functional/fftw_dct.h"

#ifdef NNAUDIO_HAVE_FFTW

#include "functional/fftw_support.h"

namespace nnaudio::detail {
namespace {

template <typename Real>
void dct1_rows(const Real* in, Real* out, int64_t rows, int64_t n, Real scale) {
  const auto plan = dct1_plan_for<Real>(n);
  struct Scratch {
    std::unique_ptr<Real, void (*)(Real*)> in, out;
  };
  auto setup = [&] { return Scratch{aligned<Real>(n), aligned<Real>(n)}; };
  parallel_dynamic(rows, setup, [&](Scratch& scratch, int64_t row) {
    std::copy_n(in + row * n, n, scratch.in.get());
    Fftw<Real>::r2r(plan, scratch.in.get(), scratch.out.get());
    Real* destination = out + row * n;
    for (int64_t m = 0; m < n; ++m) destination[m] = scale * scratch.out.get()[m];
  });
}

// The weights w of the sum (1 at both ends, 2 inside): the adjoint of x -> DCT-I(x) is
// g -> w * DCT-I(g / w).
torch::Tensor end_weights(int64_t n, const torch::Tensor& like) {
  auto w = torch::full({n}, 2.0, like.options());
  w[0] = 1.0;
  w[n - 1] = 1.0;
  return w;
}

class Dct1 : public torch::autograd::Function<Dct1> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               double scale) {
    ctx->saved_data["scale"] = scale;
    const auto input = x.contiguous();
    const int64_t n = input.size(-1);
    auto out = torch::empty_like(input);
    AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "fftw_dct1", [&] {
      dct1_rows<scalar_t>(input.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), input.numel() / n,
                          n, static_cast<scalar_t>(scale));
    });
    return out;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const double scale = ctx->saved_data["scale"].toDouble();
    const auto w = end_weights(grads[0].size(-1), grads[0]);
    return {Dct1::apply(grads[0] / w, scale) * w, torch::Tensor()};
  }
};

}  // namespace

bool fftw_dct1_can_run(const torch::Tensor& x) {
  return x.device().is_cpu() &&
         (x.scalar_type() == torch::kFloat32 || x.scalar_type() == torch::kFloat64);
}

torch::Tensor fftw_dct1(const torch::Tensor& x, double scale) {
  TORCH_CHECK(fftw_dct1_can_run(x) && x.dim() >= 1 && x.size(-1) >= 2,
              "fftw_dct1 needs a float32/float64 CPU tensor of at least 2 values, got ", x.sizes());
  TORCH_CHECK(x.size(-1) <= std::numeric_limits<int>::max(), "fftw_dct1: ", x.size(-1),
              " points are too many for FFTW");
  return Dct1::apply(x, scale);
}

}  // namespace nnaudio::detail

#else  // built without FFTW

namespace nnaudio::detail {

bool fftw_dct1_can_run(const torch::Tensor&) {
  return false;
}

torch::Tensor fftw_dct1(const torch::Tensor&, double) {
  TORCH_CHECK(false, "nnaudio was built without FFTW");
}

}  // namespace nnaudio::detail

#endif
