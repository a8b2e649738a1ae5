#include "functional/folded_correlation.h"

#include <ATen/Parallel.h>

#include <algorithm>

#include "detail/blas_threads.h"
#include "functional/fftw_folded.h"
#include "functional/framing.h"

namespace nnaudio::detail {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The FFTW maps as autograd functions. Each is linear and the backward of one is the other (its
// adjoint), so gradients of gradients come out right too.
struct SignalSpectra : torch::autograd::Function<SignalSpectra> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& padded, int64_t segments,
                               int64_t stride, int64_t n, int64_t hop);
  static variable_list backward(AutogradContext* ctx, variable_list grad);
};

struct SignalSpectraAdjoint : torch::autograd::Function<SignalSpectraAdjoint> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& folded, int64_t batch,
                               int64_t segments, int64_t stride, int64_t length);
  static variable_list backward(AutogradContext* ctx, variable_list grad);
};

struct KernelSpectra : torch::autograd::Function<KernelSpectra> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& real,
                               const torch::Tensor& imag, int64_t n, int64_t hop,
                               bool frequency_domain);
  static variable_list backward(AutogradContext* ctx, variable_list grad);
};

struct KernelSpectraAdjoint : torch::autograd::Function<KernelSpectraAdjoint> {
  static variable_list forward(AutogradContext* ctx, const torch::Tensor& folded, int64_t columns,
                               bool frequency_domain);
  static variable_list backward(AutogradContext* ctx, variable_list grad);
};

torch::Tensor SignalSpectra::forward(AutogradContext* ctx, const torch::Tensor& padded,
                                     int64_t segments, int64_t stride, int64_t n, int64_t hop) {
  ctx->saved_data["batch"] = padded.size(0);
  ctx->saved_data["segments"] = segments;
  ctx->saved_data["stride"] = stride;
  ctx->saved_data["length"] = padded.size(1);
  return fftw_signal_spectra(padded, segments, stride, n, hop);
}

variable_list SignalSpectra::backward(AutogradContext* ctx, variable_list grad) {
  const auto& d = ctx->saved_data;
  return {SignalSpectraAdjoint::apply(grad[0], d.at("batch").toInt(), d.at("segments").toInt(),
                                      d.at("stride").toInt(), d.at("length").toInt()),
          {},
          {},
          {},
          {}};
}

torch::Tensor SignalSpectraAdjoint::forward(AutogradContext* ctx, const torch::Tensor& folded,
                                            int64_t batch, int64_t segments, int64_t stride,
                                            int64_t length) {
  ctx->saved_data["segments"] = segments;
  ctx->saved_data["stride"] = stride;
  ctx->saved_data["hop"] = folded.size(3) / 2;
  ctx->saved_data["n"] = folded.size(0) * (folded.size(3) / 2);
  return fftw_signal_spectra_adjoint(folded, batch, segments, stride, length);
}

variable_list SignalSpectraAdjoint::backward(AutogradContext* ctx, variable_list grad) {
  const auto& d = ctx->saved_data;
  return {SignalSpectra::apply(grad[0], d.at("segments").toInt(), d.at("stride").toInt(),
                               d.at("n").toInt(), d.at("hop").toInt()),
          {},
          {},
          {},
          {}};
}

torch::Tensor KernelSpectra::forward(AutogradContext* ctx, const torch::Tensor& real,
                                     const torch::Tensor& imag, int64_t n, int64_t hop,
                                     bool frequency_domain) {
  ctx->saved_data["columns"] = real.size(1);
  ctx->saved_data["frequency_domain"] = frequency_domain;
  return fftw_kernel_spectra(real, imag, n, hop, frequency_domain);
}

variable_list KernelSpectra::backward(AutogradContext* ctx, variable_list grad) {
  const auto& d = ctx->saved_data;
  auto parts = KernelSpectraAdjoint::apply(grad[0], d.at("columns").toInt(),
                                           d.at("frequency_domain").toBool());
  return {parts[0], parts[1], {}, {}, {}};
}

variable_list KernelSpectraAdjoint::forward(AutogradContext* ctx, const torch::Tensor& folded,
                                            int64_t columns, bool frequency_domain) {
  ctx->saved_data["hop"] = folded.size(2) / 2;
  ctx->saved_data["n"] = folded.size(0) * (folded.size(2) / 2);
  ctx->saved_data["frequency_domain"] = frequency_domain;
  auto [real, imag] = fftw_kernel_spectra_adjoint(folded, columns, frequency_domain);
  return {real, imag};
}

variable_list KernelSpectraAdjoint::backward(AutogradContext* ctx, variable_list grad) {
  const auto& d = ctx->saved_data;
  const auto real = grad[0].defined() ? grad[0] : torch::zeros_like(grad[1]);
  const auto imag = grad[1].defined() ? grad[1] : torch::zeros_like(grad[0]);
  return {KernelSpectra::apply(real, imag, d.at("n").toInt(), d.at("hop").toInt(),
                               d.at("frequency_domain").toBool()),
          {},
          {}};
}

// The same maps with torch::fft (any device; differentiable through LibTorch's own autograd).
// (rows, n) complex spectra -> (folds, rows, 2 hop) real, folded.
torch::Tensor fold_spectra(const torch::Tensor& spectra, int64_t hop) {
  const int64_t rows = spectra.size(0);
  const int64_t folds = spectra.size(1) / hop;
  return torch::view_as_real(spectra)
      .view({rows, hop, folds, 2})
      .permute({2, 0, 1, 3})
      .reshape({folds, rows, 2 * hop});
}

torch::Tensor signal_spectra(const torch::Tensor& padded, int64_t segments, int64_t stride,
                             int64_t n, int64_t hop) {
  if (fftw_folded_can_run(padded)) return SignalSpectra::apply(padded, segments, stride, n, hop);
  return torch_signal_spectra(padded, segments, stride, n, hop);
}

// out[q] = a[q] b[q]^T for every residue q: (folds, m, k) and (folds, n, k) to (folds, m, n) on
// the CPU. The residues are spread over the threads, each GEMM on one: LibTorch's bmm runs
// them one after another, each split by OpenBLAS over its own threads (detail/blas_threads.h):
// on 2 cores that made a trainable CQT1992v2's training step 1.5x slower (the products are
// 84 x 6 x 1,024 at the paper's sizes).
torch::Tensor per_residue_products(const torch::Tensor& a, const torch::Tensor& b) {
  auto out = torch::empty({a.size(0), a.size(1), b.size(1)}, a.options());
  const SingleThreadedBlas single_threaded_blas;
  at::parallel_for(0, a.size(0), 1, [&](int64_t begin, int64_t end) {
    const torch::NoGradGuard no_grad;  // grad mode is per thread: the workers' is on
    for (int64_t q = begin; q < end; ++q) {
      auto destination = out.select(0, q);
      torch::mm_out(destination, a.select(0, q), b.select(0, q).t());
    }
  });
  return out;
}

// per_residue_products as an autograd function. Its gradients are per-residue products too
// (g b for a, g^T a for b), taken through the function itself, so gradients of gradients work.
struct PerResidueProducts : torch::autograd::Function<PerResidueProducts> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& a,
                               const torch::Tensor& b) {
    ctx->save_for_backward({a, b});
    return per_residue_products(a, b);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad) {
    const auto saved = ctx->get_saved_variables();
    const auto& a = saved[0];
    const auto& b = saved[1];
    const auto& g = grad[0];
    torch::Tensor grad_a;
    torch::Tensor grad_b;
    if (ctx->needs_input_grad(0)) grad_a = PerResidueProducts::apply(g, b.transpose(1, 2));
    if (ctx->needs_input_grad(1)) {
      grad_b = PerResidueProducts::apply(g.transpose(1, 2), a.transpose(1, 2));
    }
    return {grad_a, grad_b};
  }
};

// x (folds, batch, rows, 2 hop) times spectra (folds, filters, 2 hop) transposed, per residue:
// (folds, batch, rows, filters). Without autograd, one product per item: a BLAS product rounds a
// row differently depending on how many rows come with it, and a clip's features must not depend
// on its batch. The residues are the outer loop, spread over the threads, so that each one's
// kernel block stays in the cache while the items meet it.
torch::Tensor product(const torch::Tensor& x, const torch::Tensor& spectra) {
  const int64_t folds = x.size(0);
  const int64_t batch = x.size(1);
  const int64_t rows = x.size(2);
  const int64_t filters = spectra.size(1);
  if (torch::GradMode::is_enabled() && (x.requires_grad() || spectra.requires_grad())) {
    const auto flat = x.view({folds, batch * rows, x.size(3)});
    const auto out = x.is_cpu() ? PerResidueProducts::apply(flat, spectra)
                                : torch::bmm(flat, spectra.transpose(1, 2));
    return out.view({folds, batch, rows, filters});
  }
  auto out = torch::empty({folds, batch, rows, filters}, x.options());
  const auto per_item = [&](int64_t begin, int64_t end) {
    const torch::NoGradGuard no_grad;  // grad mode is per thread: the workers' is on
    for (int64_t q = begin; q < end; ++q) {
      const auto kernels = spectra.select(0, q).t();
      for (int64_t item = 0; item < batch; ++item) {
        auto destination = out.select(0, q).select(0, item);
        torch::mm_out(destination, x.select(0, q).select(0, item), kernels);
      }
    }
  };
  if (x.is_cpu()) {
    const SingleThreadedBlas single_threaded_blas;
    at::parallel_for(0, folds, 1, per_item);
  } else {
    per_item(0, folds);
  }
  return out;
}

}  // namespace

torch::Tensor torch_signal_spectra(const torch::Tensor& padded, int64_t segments, int64_t stride,
                                   int64_t n, int64_t hop) {
  const int64_t batch = padded.size(0);
  const int64_t folds = n / hop;
  const int64_t needed = (segments - 1) * stride + n;
  const auto fitted = torch::constant_pad_nd(padded, {0, needed - padded.size(1)});
  const auto spectra = torch::view_as_real(torch::fft::fft(fitted.unfold(1, n, stride)))
                           .view({batch, segments, hop, folds, 2})
                           .permute({3, 0, 1, 2, 4});
  const auto conjugated = spectra * torch::tensor({1.0, -1.0}, spectra.options());
  return torch::cat({conjugated, spectra.flip(-1)}, 2)
      .reshape({folds, batch, 2 * segments, 2 * hop});
}

torch::Tensor torch_kernel_spectra(const torch::Tensor& real, const torch::Tensor& imag, int64_t n,
                                   int64_t hop) {
  // exp(+...) unnormalised: the inverse transform without its 1/n.
  return fold_spectra(torch::fft::ifft(torch::complex(real, imag), n, -1, "forward"), hop);
}

torch::Tensor torch_frequency_kernel_spectra(const torch::Tensor& real, const torch::Tensor& imag,
                                             int64_t n, int64_t hop) {
  // The time-domain equivalents as functional::time_domain_kernels makes them (2 (bins - 1)
  // taps), then their spectra.
  const auto time =
      torch::fft::fft(torch::constant_pad_nd(torch::complex(real, imag), {0, real.size(1) - 2}));
  return torch_kernel_spectra(torch::real(time), torch::imag(time), n, hop);
}

FoldPlan fold_plan(int64_t size, int64_t hop) {
  TORCH_CHECK(size >= 1 && hop >= 1, "fold_plan: size=", size, " and hop=", hop,
              " must be positive");
  FoldPlan plan;
  plan.size = size;
  plan.hop = hop;
  // Segments about twice the kernel: the FFTs and the product per output frame fall as the
  // segment grows, the kernels' spectra (kept, or recomputed each call when they train) grow.
  const int64_t wanted_frames = std::max<int64_t>(size / hop, 8) + 1;
  plan.length = fast_fft_size(size + (wanted_frames - 1) * hop, hop);
  plan.folds = plan.length / hop;
  plan.frames = (plan.length - size) / hop + 1;
  return plan;
}

bool folding_pays(int64_t size, int64_t hop, int64_t min_size) {
  return size > min_size && 4 * hop <= size;
}

torch::Tensor folded_kernel_spectra(const torch::Tensor& real, const torch::Tensor& imag,
                                    const FoldPlan& plan, bool frequency_domain) {
  const int64_t columns = frequency_domain ? plan.size / 2 + 1 : plan.size;
  TORCH_CHECK(real.dim() == 2 && real.sizes() == imag.sizes() && real.size(1) == columns &&
                  (!frequency_domain || plan.size % 2 == 0),
              "folded_kernel_spectra: kernels must be two (filters, ", columns,
              ") tensors for a plan of ", plan.size, " taps, got ", real.sizes(), " and ",
              imag.sizes());
  if (fftw_folded_can_run(real) && real.scalar_type() == imag.scalar_type()) {
    return KernelSpectra::apply(real, imag, plan.length, plan.hop, frequency_domain);
  }
  return frequency_domain ? torch_frequency_kernel_spectra(real, imag, plan.length, plan.hop)
                          : torch_kernel_spectra(real, imag, plan.length, plan.hop);
}

torch::Tensor folded_correlation(const torch::Tensor& padded, const torch::Tensor& spectra,
                                 const FoldPlan& plan) {
  TORCH_CHECK(padded.dim() == 2, "folded_correlation: signal must be (batch, time), got ",
              padded.sizes());
  TORCH_CHECK(
      spectra.dim() == 3 && spectra.size(0) == plan.folds && spectra.size(2) == 2 * plan.hop,
      "folded_correlation: spectra of shape ", spectra.sizes(), " do not match the plan (",
      plan.folds, ", filters, ", 2 * plan.hop, ")");
  const int64_t batch = padded.size(0);
  const int64_t filters = spectra.size(1);
  const int64_t frames = frame_count(padded.size(1), plan.size, plan.hop);
  TORCH_CHECK(frames >= 1, "folded_correlation: a signal of ", padded.size(1),
              " samples holds no frame of ", plan.size);
  const int64_t segments = (frames + plan.frames - 1) / plan.frames;
  const int64_t stride = plan.frames * plan.hop;
  const auto x = signal_spectra(padded, segments, stride, plan.length, plan.hop);
  // (folds, batch, 2 segments, filters): per residue q and item, the real parts of Q for the
  // item's segments, then the imaginary parts.
  const auto q = product(x, spectra);
  const auto folded = torch::complex(q.narrow(2, 0, segments), q.narrow(2, segments, segments));
  // ifft's 1/folds with the remaining 1/hop gives the correlation's 1/n.
  const auto lags = torch::fft::ifft(folded, c10::nullopt, 0).narrow(0, 0, plan.frames) /
                    static_cast<double>(plan.hop);
  return lags.permute({1, 3, 2, 0})
      .reshape({batch, filters, segments * plan.frames})
      .narrow(2, 0, frames);
}

}  // namespace nnaudio::detail
