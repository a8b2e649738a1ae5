#include "nnaudio/functional/pcen.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>

#include "functional/linear_recurrence.h"
#include "nnaudio/threads.h"

namespace nnaudio {
namespace detail {

// Frames per block of the matrix-product form of the recursion (non-CPU devices): the
// (block, block) powers of the decay stay exact and small, and a signal of T frames costs
// T / block sequential steps.
constexpr int64_t kBlockFrames = 32;

// The same recursion in blocks of kBlockFrames: inside a block, y = a (W x) + c^(i+1) y_prev
// with W[i, j] = c^(i-j) (j <= i), one batched product per block.
torch::Tensor linear_recurrence_blocks(const torch::Tensor& x, const torch::Tensor& a,
                                       const torch::Tensor& c, const torch::Tensor& initial) {
  const int64_t frames = x.size(2);
  const auto steps = torch::arange(kBlockFrames, x.options());
  const auto lag = steps.unsqueeze(1) - steps.unsqueeze(0);
  const auto decay = c.reshape({-1, 1, 1});
  const auto mask = lag.ge(0);
  // (channels, block, block); the masked entries get exponent 0 so that pow stays finite.
  const auto weights =
      torch::where(mask, decay.pow(lag.clamp_min(0)), torch::zeros({}, x.options()));
  const auto carry = decay.reshape({-1, 1}).pow(steps + 1);  // (channels, block)
  auto state = initial;                                      // (items, channels)
  std::vector<torch::Tensor> blocks;
  for (int64_t start = 0; start < frames; start += kBlockFrames) {
    const int64_t count = std::min(kBlockFrames, frames - start);
    const auto w = weights.narrow(1, 0, count).narrow(2, 0, count);
    const auto block = x.narrow(2, start, count);  // (items, channels, count)
    const auto mixed = torch::einsum("cij,ncj->nci", {w, block});
    const auto y =
        a.reshape({1, -1, 1}) * mixed + carry.narrow(1, 0, count).unsqueeze(0) * state.unsqueeze(2);
    state = y.select(2, count - 1);
    blocks.push_back(y);
  }
  return torch::cat(blocks, 2);
}

}  // namespace detail

namespace functional {
namespace {

// y[t] = a x[t] + c y[t-1] on the CPU: one sweep per (item, channel) row, rows over threads.
template <typename T>
void recurrence_cpu(const T* x, const T* a, const T* c, const T* initial, T* y, int64_t rows,
                    int64_t channels, int64_t frames) {
  at::parallel_for(0, rows, 1, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const int64_t channel = r % channels;
      const T gain = a[channel];
      const T decay = c[channel];
      T state = initial[r];
      const T* in = x + r * frames;
      T* out = y + r * frames;
      for (int64_t t = 0; t < frames; ++t) {
        state = gain * in[t] + decay * state;
        out[t] = state;
      }
    }
  });
}

// y[t] = a x[t] + c y[t-1], y[-1] = initial, on (items, channels, frames) with a and c of one
// value per channel and initial (items, channels). The backward pass is the same recursion
// run backwards in time, so the gradient is differentiable again (any order).
class LinearRecurrence : public torch::autograd::Function<LinearRecurrence> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& a, const torch::Tensor& c,
                               const torch::Tensor& initial) {
    torch::Tensor y;
    const auto dtype = x.scalar_type();
    if (x.device().is_cpu() && (dtype == torch::kFloat32 || dtype == torch::kFloat64)) {
      ensure_default_threads();
      const auto xc = x.contiguous();
      const auto ac = a.contiguous();
      const auto cc = c.contiguous();
      const auto ic = initial.contiguous();
      y = torch::empty_like(xc);
      AT_DISPATCH_FLOATING_TYPES(dtype, "pcen_smooth", [&] {
        recurrence_cpu(xc.data_ptr<scalar_t>(), ac.data_ptr<scalar_t>(), cc.data_ptr<scalar_t>(),
                       ic.data_ptr<scalar_t>(), y.data_ptr<scalar_t>(), xc.size(0) * xc.size(1),
                       xc.size(1), xc.size(2));
      });
    } else {
      y = detail::linear_recurrence_blocks(x, a, c, initial);
    }
    ctx->save_for_backward({x, a, c, initial, y});
    return y;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &x = saved[0], &a = saved[1], &c = saved[2], &initial = saved[3], &y = saved[4];
    // u[t] = g[t] + c u[t+1]: the adjoint recursion, backwards in time.
    const auto u = LinearRecurrence::apply(grads[0].flip(2), torch::ones_like(a), c,
                                           torch::zeros_like(initial))
                       .flip(2);
    const auto previous = torch::cat({initial.unsqueeze(2), y.narrow(2, 0, y.size(2) - 1)}, 2);
    return {a.reshape({1, -1, 1}) * u, (u * x).sum(torch::IntArrayRef{0, 2}),
            (u * previous).sum(torch::IntArrayRef{0, 2}), c.reshape({1, -1}) * u.select(2, 0)};
  }
};

void check_spectrogram(const char* function, const torch::Tensor& spectrogram) {
  TORCH_CHECK_VALUE(spectrogram.defined(), function, ": spectrogram is an undefined tensor");
  TORCH_CHECK_TYPE(spectrogram.is_floating_point(), function,
                   ": spectrogram must be a real floating-point (magnitude) tensor, got ",
                   spectrogram.scalar_type());
  TORCH_CHECK_VALUE(spectrogram.dim() >= 2, function,
                    ": spectrogram must have shape (..., freq, frames), got ", spectrogram.sizes());
}

// A scalar or (freq) parameter as a tensor that broadcasts over (..., freq, frames).
torch::Tensor per_channel(const char* function, const char* name, const torch::Tensor& value,
                          const torch::Tensor& spectrogram) {
  TORCH_CHECK_VALUE(
      value.defined() &&
          (value.dim() == 0 ||
           (value.dim() == 1 && (value.size(0) == 1 || value.size(0) == spectrogram.size(-2)))),
      function, ": ", name, " must be a scalar or hold one value per channel (",
      spectrogram.size(-2), "), got shape ",
      value.defined() ? value.sizes() : torch::IntArrayRef{});
  const auto cast = value.to(spectrogram.device(), spectrogram.scalar_type());
  return cast.dim() == 0 ? cast : cast.reshape({-1, 1});
}

// scipy.ndimage.maximum_filter1d(x, size, axis, mode="reflect"): the window [i - size/2,
// i - size/2 + size - 1] clipped to the axis (reflected samples repeat ones inside it).
torch::Tensor maximum_filter(const torch::Tensor& x, int64_t size, int64_t axis) {
  const auto moved = x.movedim(axis, -1);
  const auto rows = moved.reshape({-1, 1, moved.size(-1)});
  const auto padded = torch::replication_pad1d(rows, {size / 2, size - 1 - size / 2});
  const auto filtered = padded.unfold(2, size, 1).amax(-1);
  return filtered.reshape(moved.sizes()).movedim(-1, axis);
}

// The reference energy librosa smooths: the spectrogram, or its maximum filter.
torch::Tensor reference(const char* function, const torch::Tensor& spectrogram, int64_t max_size,
                        int64_t max_axis) {
  TORCH_CHECK_VALUE(max_size >= 1, function, ": max_size=", max_size, " must be >= 1");
  if (max_size == 1) return spectrogram;
  const int64_t dims = spectrogram.dim();
  TORCH_CHECK_VALUE(max_axis >= -dims && max_axis < dims, function, ": max_axis=", max_axis,
                    " is out of range for a spectrogram of shape ", spectrogram.sizes());
  if (spectrogram.numel() == 0) return spectrogram;
  return maximum_filter(spectrogram, max_size, max_axis < 0 ? max_axis + dims : max_axis);
}

// Elements per block of rows of the fixed transform on the CPU: the block's smoothed energy and
// its stages stay in the core's cache.
constexpr int64_t kPCENBlockElements = 16384;

// The fixed transform on the CPU without autograd, in blocks of whole rows written straight
// into `out`: the smoother's sweep per (item, channel) row, then the compression as in-place
// (vectorised) tensor operations on the block. The tensor form's chain of full-size
// temporaries would cost a fresh allocation (and its first-touch page faults) per operation;
// the scalar transcendental functions per element cost more than the vectorised ones.
template <typename T>
void pcen_blocks_cpu(const torch::Tensor& spectrum, const torch::Tensor& reference,
                     torch::Tensor& out, const PCENParameters& p) {
  const int64_t frames = spectrum.size(-1);
  const int64_t rows = spectrum.numel() / frames;
  const auto s_rows = spectrum.view({rows, frames});
  const auto e_rows = reference.view({rows, frames});
  const auto out_rows = out.view({rows, frames});
  const int64_t block = std::max<int64_t>(1, kPCENBlockElements / frames);
  const T b = static_cast<T>(p.b), decay = static_cast<T>(1.0 - p.b);
  at::parallel_for(0, (rows + block - 1) / block, 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const int64_t first = i * block, count = std::min(block, rows - first);
      auto y = out_rows.narrow(0, first, count);
      const auto s = s_rows.narrow(0, first, count);
      const T* e = e_rows.data_ptr<T>() + first * frames;
      T* m = y.data_ptr<T>();
      for (int64_t r = 0; r < count; ++r) {
        T state = 1;  // librosa's lfilter_zi start
        for (int64_t t = 0; t < frames; ++t) {
          state = b * e[r * frames + t] + decay * state;
          m[r * frames + t] = state;
        }
      }
      // y holds M; it becomes (eps + M)^-gain, computed as librosa does (in logarithms).
      y.div_(p.eps).log1p_().add_(std::log(p.eps)).mul_(-p.gain).exp_();
      if (p.power == 0.0) {
        y.mul_(s).log1p_();
      } else if (p.bias == 0.0) {
        y.log_().add_(s.log()).mul_(p.power).exp_();
      } else {
        y.mul_(s).div_(p.bias).log1p_().mul_(p.power).expm1_().mul_(std::pow(p.bias, p.power));
      }
    }
  });
}

// (eps + M)^-gain, computed as librosa does (in logarithms).
torch::Tensor agc(const torch::Tensor& smoothed, const torch::Tensor& gain, double eps) {
  return torch::exp(-gain * (std::log(eps) + torch::log1p(smoothed / eps)));
}

}  // namespace

torch::Tensor pcen_smooth(const torch::Tensor& x, const torch::Tensor& b) {
  check_spectrogram("pcen_smooth", x);
  const auto coefficient = per_channel("pcen_smooth", "b", b, x).reshape({-1});
  const int64_t channels = x.size(-2);
  const auto a = coefficient.numel() == channels ? coefficient : coefficient.expand({channels});
  if (x.numel() == 0) return x.clone();
  const auto rows = x.reshape({-1, channels, x.size(-1)});
  const auto initial = torch::ones({rows.size(0), channels}, x.options());
  return LinearRecurrence::apply(rows, a, 1 - a, initial).reshape(x.sizes());
}

double pcen_smoothing_coefficient(double time_constant, double sr, int64_t hop_length) {
  TORCH_CHECK_VALUE(time_constant > 0.0 && std::isfinite(time_constant),
                    "pcen: time_constant=", time_constant, " must be positive and finite");
  TORCH_CHECK_VALUE(sr > 0.0 && std::isfinite(sr), "pcen: sr=", sr, " must be positive and finite");
  TORCH_CHECK_VALUE(hop_length > 0, "pcen: hop_length=", hop_length, " must be positive");
  const double frames = time_constant * sr / static_cast<double>(hop_length);
  return (std::sqrt(1.0 + 4.0 * frames * frames) - 1.0) / (2.0 * frames * frames);
}

torch::Tensor pcen(const torch::Tensor& spectrogram, const PCENParameters& p) {
  check_spectrogram("pcen", spectrogram);
  TORCH_CHECK_VALUE(p.gain >= 0.0 && std::isfinite(p.gain), "pcen: gain=", p.gain,
                    " must be >= 0 and finite");
  TORCH_CHECK_VALUE(p.bias >= 0.0 && std::isfinite(p.bias), "pcen: bias=", p.bias,
                    " must be >= 0 and finite");
  TORCH_CHECK_VALUE(p.power >= 0.0 && std::isfinite(p.power), "pcen: power=", p.power,
                    " must be >= 0 and finite");
  TORCH_CHECK_VALUE(p.eps > 0.0 && std::isfinite(p.eps), "pcen: eps=", p.eps,
                    " must be positive and finite");
  TORCH_CHECK_VALUE(p.b >= 0.0 && p.b <= 1.0, "pcen: b=", p.b, " must be in [0, 1]");
  const auto dtype = spectrogram.scalar_type();
  if (spectrogram.device().is_cpu() && (dtype == torch::kFloat32 || dtype == torch::kFloat64) &&
      !(torch::GradMode::is_enabled() && spectrogram.requires_grad())) {
    ensure_default_threads();
    const auto s = spectrogram.contiguous();
    const auto e = reference("pcen", s, p.max_size, p.max_axis).contiguous();
    auto out = torch::empty_like(s);
    if (out.numel() == 0) return out;
    AT_DISPATCH_FLOATING_TYPES(dtype, "pcen", [&] { pcen_blocks_cpu<scalar_t>(s, e, out, p); });
    return out;
  }
  const auto smoothed =
      pcen_smooth(reference("pcen", spectrogram, p.max_size, p.max_axis),
                  torch::scalar_tensor(p.b, spectrogram.options().requires_grad(false)));
  const auto scale = agc(smoothed, torch::scalar_tensor(p.gain, spectrogram.options()), p.eps);
  if (p.power == 0.0) return torch::log1p(spectrogram * scale);
  if (p.bias == 0.0) return torch::exp(p.power * (torch::log(spectrogram) + torch::log(scale)));
  return std::pow(p.bias, p.power) *
         torch::expm1(p.power * torch::log1p(spectrogram * scale / p.bias));
}

torch::Tensor pcen(const torch::Tensor& spectrogram, const torch::Tensor& gain,
                   const torch::Tensor& bias, const torch::Tensor& power, const torch::Tensor& b,
                   double eps, int64_t max_size, int64_t max_axis) {
  check_spectrogram("pcen", spectrogram);
  TORCH_CHECK_VALUE(eps > 0.0 && std::isfinite(eps), "pcen: eps=", eps,
                    " must be positive and finite");
  const auto g = per_channel("pcen", "gain", gain, spectrogram);
  const auto d = per_channel("pcen", "bias", bias, spectrogram);
  const auto r = per_channel("pcen", "power", power, spectrogram);
  const auto smoothed = pcen_smooth(reference("pcen", spectrogram, max_size, max_axis), b);
  const auto scale = agc(smoothed, g, eps);
  return d.pow(r) * torch::expm1(r * torch::log1p(spectrogram * scale / d));
}

}  // namespace functional
}  // namespace nnaudio
