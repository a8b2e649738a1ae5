#include "functional/fftw_folded.h"

#ifdef NNAUDIO_HAVE_FFTW

#include <cmath>
#include <limits>
#include <map>
#include <mutex>

#include "functional/fftw_support.h"

namespace nnaudio::detail {
namespace {

template <typename Real>
using Complex = typename Fftw<Real>::Complex;

void check_size(int64_t n, int64_t hop) {
  TORCH_CHECK(n > 0 && hop > 0 && n % hop == 0, "folded spectra: n=", n,
              " must be a positive multiple of hop=", hop);
  TORCH_CHECK(n <= std::numeric_limits<int>::max(), "folded spectra: n=", n,
              " is too large for FFTW");
}

// Writes the n-point spectrum of a real signal, given as its n/2 + 1 lower bins, in folded order
// (see the header) through `put(q, r, real, imag)`; the upper bins are the conjugates.
template <typename Real, typename Put>
void for_each_folded(const Complex<Real>* half, int64_t n, int64_t hop, const Put& put) {
  const int64_t folds = n / hop;
  for (int64_t q = 0; q < folds; ++q) {
    for (int64_t r = 0, j = q; r < hop; ++r, j += folds) {
      if (2 * j <= n) {
        put(q, r, half[j][0], half[j][1]);
      } else {
        put(q, r, half[n - j][0], -half[n - j][1]);
      }
    }
  }
}

template <typename Real>
void signal_spectra(const Real* padded, int64_t batch, int64_t length, int64_t segments,
                    int64_t stride, int64_t n, int64_t hop, Real* out) {
  const auto plan = plans_for<Real>(n).forward;
  const int64_t rows = batch * segments;
  const int64_t width = 2 * hop;
  // An item's rows are contiguous per residue q: its segments' (Re X, -Im X) rows, then their
  // (Im X, Re X) rows.
  const auto folded_row = [&](int64_t q, int64_t item, int64_t segment) {
    return (q * batch + item) * 2 * segments + segment;
  };
  struct Scratch {
    std::unique_ptr<Real, void (*)(Real*)> frame;
    std::unique_ptr<Complex<Real>, void (*)(Complex<Real>*)> spectrum;
  };
  auto setup = [&] { return Scratch{aligned<Real>(n), aligned<Real, Complex<Real>>(n / 2 + 1)}; };
  parallel_dynamic(rows, setup, [&](Scratch& scratch, int64_t row) {
    const int64_t start = (row % segments) * stride;
    const int64_t available = std::clamp<int64_t>(length - start, 0, n);
    Real* frame = scratch.frame.get();
    std::copy_n(padded + (row / segments) * length + start, available, frame);
    std::fill(frame + available, frame + n, Real(0));
    Fftw<Real>::r2c(plan, frame, scratch.spectrum.get());
    const int64_t item = row / segments;
    const int64_t segment = row % segments;
    for_each_folded<Real>(scratch.spectrum.get(), n, hop,
                          [&](int64_t q, int64_t r, Real re, Real im) {
                            Real* top = out + folded_row(q, item, segment) * width + 2 * r;
                            Real* bottom = top + segments * width;
                            top[0] = re;
                            top[1] = -im;
                            bottom[0] = im;
                            bottom[1] = re;
                          });
  });
}

template <typename Real>
void signal_adjoint(const Real* folded, int64_t batch, int64_t segments, int64_t stride,
                    int64_t length, int64_t n, int64_t hop, Real* out) {
  const auto plan = plans_for<Real>(n).inverse;
  const int64_t folds = n / hop;
  const int64_t width = 2 * hop;
  struct Scratch {
    std::unique_ptr<Complex<Real>, void (*)(Complex<Real>*)> full, half;
    std::unique_ptr<Real, void (*)(Real*)> frame;
  };
  auto setup = [&] {
    return Scratch{aligned<Real, Complex<Real>>(n), aligned<Real, Complex<Real>>(n / 2 + 1),
                   aligned<Real>(n)};
  };
  // One item at a time per thread: its segments overlap and add into the same samples.
  parallel_dynamic(batch, setup, [&](Scratch& scratch, int64_t item) {
    Real* destination = out + item * length;
    std::fill(destination, destination + length, Real(0));
    Complex<Real>* g = scratch.full.get();
    for (int64_t s = 0; s < segments; ++s) {
      // G = dL/dRe X + i dL/dIm X, gathered from both rows that hold X (as signal_spectra).
      for (int64_t q = 0; q < folds; ++q) {
        const Real* top = folded + ((q * batch + item) * 2 * segments + s) * width;
        const Real* bottom = top + segments * width;
        for (int64_t r = 0, j = q; r < hop; ++r, j += folds) {
          g[j][0] = top[2 * r] + bottom[2 * r + 1];
          g[j][1] = bottom[2 * r] - top[2 * r + 1];
        }
      }
      // Re sum_j G[j] exp(+i theta j t) is the inverse real transform of G's Hermitian part.
      Complex<Real>* h = scratch.half.get();
      for (int64_t j = 0; j <= n / 2; ++j) {
        const int64_t mirror = (n - j) % n;
        h[j][0] = (g[j][0] + g[mirror][0]) / 2;
        h[j][1] = (g[j][1] - g[mirror][1]) / 2;
      }
      Fftw<Real>::c2r(plan, h, scratch.frame.get());
      const int64_t start = s * stride;
      const int64_t count = std::clamp<int64_t>(length - start, 0, n);
      for (int64_t t = 0; t < count; ++t) destination[start + t] += scratch.frame.get()[t];
    }
  });
}

// w[t] = exp(+2 pi i t / n) for t < n / 2, computed in double precision once per n.
template <typename Real>
const Complex<Real>* half_bin_twiddles(int64_t n) {
  static std::map<int64_t, std::unique_ptr<Complex<Real>, void (*)(Complex<Real>*)>> cache;
  std::lock_guard<std::mutex> lock(planner_mutex());
  auto found = cache.find(n);
  if (found != cache.end()) return found->second.get();
  auto table = aligned<Real, Complex<Real>>(n / 2);
  for (int64_t t = 0; t < n / 2; ++t) {
    const double angle = 2.0 * M_PI * static_cast<double>(t) / static_cast<double>(n);
    table.get()[t][0] = static_cast<Real>(std::cos(angle));
    table.get()[t][1] = static_cast<Real>(std::sin(angle));
  }
  return cache.emplace(n, std::move(table)).first->second.get();
}

// A kernel row as its time-domain taps (`columns` = size of them), or, `frequency_domain`, as
// `columns` = size / 2 + 1 bins K whose time-domain equivalent is g[t] = sum_k K[k] exp(-2 pi i
// k t / size) (functional::time_domain_kernels): then both transforms run here, one after the
// other, without the time kernels in between.
//
// A kernel of at most n / 2 taps (the usual plan: segments of about twice the kernel) has its
// n-point spectrum as two n/2-point ones, H[2i] = E[i] = sum_t g[t] exp(2 pi i i t / (n/2)) and
// H[2i + 1] = O[i], the same of g[t] w[t]: about 20 % less work than the n-point transform of a
// half-empty input, and for frequency-domain kernels of n / 2 taps E is their bins times n / 2
// (the inverse of the transform that made g), so only O is transformed.
template <typename Real>
void kernel_spectra(const Real* real, const Real* imag, int64_t filters, int64_t columns,
                    int64_t size, bool frequency_domain, int64_t n, int64_t hop, Real* out) {
  const bool split = n % 2 == 0 && size <= n / 2;
  const int64_t points = split ? n / 2 : n;
  const bool even_from_bins = split && frequency_domain && size == points;
  const auto plan = c2c_plan_for<Real>(points, FFTW_BACKWARD);
  const auto to_time = frequency_domain ? c2c_plan_for<Real>(size, FFTW_FORWARD) : nullptr;
  const Complex<Real>* twiddles = split ? half_bin_twiddles<Real>(n) : nullptr;
  const int64_t folds = n / hop;
  const int64_t width = 2 * hop;
  struct Scratch {
    std::unique_ptr<Complex<Real>, void (*)(Complex<Real>*)> time, spare, even;
  };
  auto setup = [&] {
    return Scratch{aligned<Real, Complex<Real>>(points), aligned<Real, Complex<Real>>(points),
                   aligned<Real, Complex<Real>>(points)};
  };
  parallel_dynamic(filters, setup, [&](Scratch& scratch, int64_t k) {
    Complex<Real>* time = scratch.time.get();
    Complex<Real>* spare = scratch.spare.get();
    // Frequency-domain rows are laid out in the spare buffer and transformed into `time`.
    Complex<Real>* row_in = frequency_domain ? spare : time;
    for (int64_t t = 0; t < columns; ++t) {
      row_in[t][0] = real[k * columns + t];
      row_in[t][1] = imag[k * columns + t];
    }
    for (int64_t t = columns; t < size; ++t) row_in[t][0] = row_in[t][1] = 0;
    if (frequency_domain) Fftw<Real>::c2c(to_time, row_in, time);
    for (int64_t t = size; t < points; ++t) time[t][0] = time[t][1] = 0;
    // The spectrum's even and odd bins (all of them in `even` without the split).
    Complex<Real>* even = scratch.even.get();
    const Complex<Real>* odd = spare;
    if (even_from_bins) {
      const auto scale = static_cast<Real>(points);
      for (int64_t i = 0; i < columns; ++i) {
        even[i][0] = scale * real[k * columns + i];
        even[i][1] = scale * imag[k * columns + i];
      }
      for (int64_t i = columns; i < points; ++i) even[i][0] = even[i][1] = 0;
    } else {
      Fftw<Real>::c2c(plan, time, even);
    }
    if (split) {
      for (int64_t t = 0; t < size; ++t) {
        const Real re = time[t][0];
        const Real im = time[t][1];
        time[t][0] = re * twiddles[t][0] - im * twiddles[t][1];
        time[t][1] = re * twiddles[t][1] + im * twiddles[t][0];
      }
      Fftw<Real>::c2c(plan, time, spare);
    }
    for (int64_t q = 0; q < folds; ++q) {
      Real* row = out + (q * filters + k) * width;
      for (int64_t r = 0, j = q; r < hop; ++r, j += folds) {
        const Complex<Real>& h = !split ? even[j] : (j % 2 == 0 ? even[j / 2] : odd[j / 2]);
        row[2 * r] = h[0];
        row[2 * r + 1] = h[1];
      }
    }
  });
}

// The adjoint of kernel_spectra: each transform's adjoint is the one of opposite sign, applied
// in the reverse order.
template <typename Real>
void kernel_adjoint(const Real* folded, int64_t filters, int64_t columns, int64_t size,
                    bool frequency_domain, int64_t n, int64_t hop, Real* real, Real* imag) {
  const auto plan = c2c_plan_for<Real>(n, FFTW_FORWARD);
  const auto from_time = frequency_domain ? c2c_plan_for<Real>(size, FFTW_BACKWARD) : nullptr;
  const int64_t folds = n / hop;
  const int64_t width = 2 * hop;
  struct Scratch {
    std::unique_ptr<Complex<Real>, void (*)(Complex<Real>*)> in, out;
  };
  auto setup = [&] {
    return Scratch{aligned<Real, Complex<Real>>(n), aligned<Real, Complex<Real>>(n)};
  };
  parallel_dynamic(filters, setup, [&](Scratch& scratch, int64_t k) {
    Complex<Real>* g = scratch.in.get();
    for (int64_t q = 0; q < folds; ++q) {
      const Real* row = folded + (q * filters + k) * width;
      for (int64_t r = 0, j = q; r < hop; ++r, j += folds) {
        g[j][0] = row[2 * r];
        g[j][1] = row[2 * r + 1];
      }
    }
    // d/d real[t] = Re, d/d imag[t] = Im of sum_j G[j] exp(-i theta j t); for frequency-domain
    // rows, of sum_t that exp(+2 pi i k t / size) in turn (`g` is free again by then).
    Fftw<Real>::c2c(plan, g, scratch.out.get());
    const Complex<Real>* y = scratch.out.get();
    if (frequency_domain) {
      Fftw<Real>::c2c(from_time, scratch.out.get(), g);
      y = g;
    }
    for (int64_t t = 0; t < columns; ++t) {
      real[k * columns + t] = y[t][0];
      imag[k * columns + t] = y[t][1];
    }
  });
}

// Time-domain taps of a kernel row of `columns` values.
int64_t time_taps(int64_t columns, bool frequency_domain) {
  return frequency_domain ? 2 * (columns - 1) : columns;
}

void check_folded(const torch::Tensor& folded, const char* what) {
  TORCH_CHECK(fftw_folded_can_run(folded) && folded.dim() == 3 && folded.size(2) % 2 == 0, what,
              ": needs a (folds, rows, 2 hop) float32/float64 CPU tensor, got ", folded.sizes());
}

}  // namespace

bool fftw_folded_can_run(const torch::Tensor& like) {
  return like.device().is_cpu() &&
         (like.scalar_type() == torch::kFloat32 || like.scalar_type() == torch::kFloat64);
}

torch::Tensor fftw_signal_spectra(const torch::Tensor& padded, int64_t segments, int64_t stride,
                                  int64_t n, int64_t hop) {
  check_size(n, hop);
  TORCH_CHECK(fftw_folded_can_run(padded) && padded.dim() == 2,
              "fftw_signal_spectra needs a (batch, time) float32/float64 CPU tensor");
  const auto signal = padded.contiguous();
  const int64_t batch = signal.size(0);
  auto out = torch::empty({n / hop, batch, 2 * segments, 2 * hop}, signal.options());
  AT_DISPATCH_FLOATING_TYPES(signal.scalar_type(), "fftw_signal_spectra", [&] {
    signal_spectra<scalar_t>(signal.data_ptr<scalar_t>(), batch, signal.size(1), segments, stride,
                             n, hop, out.data_ptr<scalar_t>());
  });
  return out;
}

torch::Tensor fftw_signal_spectra_adjoint(const torch::Tensor& folded, int64_t batch,
                                          int64_t segments, int64_t stride, int64_t length) {
  TORCH_CHECK(fftw_folded_can_run(folded) && folded.dim() == 4 && folded.size(1) == batch &&
                  folded.size(2) == 2 * segments && folded.size(3) % 2 == 0,
              "fftw_signal_spectra_adjoint: needs a (folds, ", batch, ", ", 2 * segments,
              ", 2 hop) float32/float64 CPU tensor, got ", folded.sizes());
  const int64_t hop = folded.size(3) / 2;
  const int64_t n = folded.size(0) * hop;
  check_size(n, hop);
  const auto g = folded.contiguous();
  auto out = torch::empty({batch, length}, g.options());
  AT_DISPATCH_FLOATING_TYPES(g.scalar_type(), "fftw_signal_spectra_adjoint", [&] {
    signal_adjoint<scalar_t>(g.data_ptr<scalar_t>(), batch, segments, stride, length, n, hop,
                             out.data_ptr<scalar_t>());
  });
  return out;
}

torch::Tensor fftw_kernel_spectra(const torch::Tensor& real, const torch::Tensor& imag, int64_t n,
                                  int64_t hop, bool frequency_domain) {
  check_size(n, hop);
  TORCH_CHECK(fftw_folded_can_run(real) && real.dim() == 2 && real.sizes() == imag.sizes() &&
                  real.scalar_type() == imag.scalar_type(),
              "fftw_kernel_spectra needs two (filters, columns) float32/float64 CPU tensors");
  const int64_t columns = real.size(1);
  const int64_t size = time_taps(columns, frequency_domain);
  TORCH_CHECK(size >= 1 && size <= n, "fftw_kernel_spectra: kernels of ", size,
              " taps do not fit in n=", n);
  const auto re = real.contiguous();
  const auto im = imag.contiguous();
  auto out = torch::empty({n / hop, re.size(0), 2 * hop}, re.options());
  AT_DISPATCH_FLOATING_TYPES(re.scalar_type(), "fftw_kernel_spectra", [&] {
    kernel_spectra<scalar_t>(re.data_ptr<scalar_t>(), im.data_ptr<scalar_t>(), re.size(0), columns,
                             size, frequency_domain, n, hop, out.data_ptr<scalar_t>());
  });
  return out;
}

std::pair<torch::Tensor, torch::Tensor> fftw_kernel_spectra_adjoint(const torch::Tensor& folded,
                                                                    int64_t columns,
                                                                    bool frequency_domain) {
  check_folded(folded, "fftw_kernel_spectra_adjoint");
  const int64_t hop = folded.size(2) / 2;
  const int64_t n = folded.size(0) * hop;
  check_size(n, hop);
  const int64_t size = time_taps(columns, frequency_domain);
  TORCH_CHECK(columns >= 1 && size >= 1 && size <= n, "fftw_kernel_spectra_adjoint: kernels of ",
              columns, " columns (", size, " taps) do not fit in n=", n);
  const auto g = folded.contiguous();
  const int64_t filters = g.size(1);
  auto real = torch::empty({filters, columns}, g.options());
  auto imag = torch::empty({filters, columns}, g.options());
  AT_DISPATCH_FLOATING_TYPES(g.scalar_type(), "fftw_kernel_spectra_adjoint", [&] {
    kernel_adjoint<scalar_t>(g.data_ptr<scalar_t>(), filters, columns, size, frequency_domain, n,
                             hop, real.data_ptr<scalar_t>(), imag.data_ptr<scalar_t>());
  });
  return {real, imag};
}

}  // namespace nnaudio::detail

#else  // built without FFTW

namespace nnaudio::detail {

bool fftw_folded_can_run(const torch::Tensor&) {
  return false;
}

torch::Tensor fftw_signal_spectra(const torch::Tensor&, int64_t, int64_t, int64_t, int64_t) {
  TORCH_CHECK(false, "nnaudio was built without FFTW");
}

torch::Tensor fftw_signal_spectra_adjoint(const torch::Tensor&, int64_t, int64_t, int64_t,
                                          int64_t) {
  TORCH_CHECK(false, "nnaudio was built without FFTW");
}

torch::Tensor fftw_kernel_spectra(const torch::Tensor&, const torch::Tensor&, int64_t, int64_t,
                                  bool) {
  TORCH_CHECK(false, "nnaudio was built without FFTW");
}

std::pair<torch::Tensor, torch::Tensor> fftw_kernel_spectra_adjoint(const torch::Tensor&, int64_t,
                                                                    bool) {
  TORCH_CHECK(false, "nnaudio was built without FFTW");
}

}  // namespace nnaudio::detail

#endif
