#pragma once
// FFTW plumbing shared by the fused CPU paths (fftw_stft.cpp, fftw_folded.cpp, fftw_dct.cpp): the
// API per precision, aligned scratch arrays, one plan cache, and a dynamic split over LibTorch's
// threads. Only included where NNAUDIO_HAVE_FFTW is defined.

#include <ATen/Parallel.h>
#include <fftw3.h>
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <utility>

namespace nnaudio::detail {

// FFTW's API per precision. Plans are made once per (size, direction) under one mutex (the
// planner is not thread-safe) and executed concurrently with the new-array interface on buffers
// from fftw_malloc, which have the alignment the plans were made with.
template <typename Real>
struct Fftw;

template <>
struct Fftw<float> {
  using Complex = fftwf_complex;
  using Plan = fftwf_plan;
  static void* malloc(size_t bytes) { return fftwf_malloc(bytes); }
  static void free(void* p) { fftwf_free(p); }
  static Plan r2c_plan(int n, float* in, Complex* out, unsigned flags) {
    return fftwf_plan_dft_r2c_1d(n, in, out, flags);
  }
  static Plan c2r_plan(int n, Complex* in, float* out, unsigned flags) {
    return fftwf_plan_dft_c2r_1d(n, in, out, flags);
  }
  static void r2c(Plan p, float* in, Complex* out) { fftwf_execute_dft_r2c(p, in, out); }
  static void c2r(Plan p, Complex* in, float* out) { fftwf_execute_dft_c2r(p, in, out); }
  static Plan dct1_plan(int n, float* in, float* out, unsigned flags) {
    return fftwf_plan_r2r_1d(n, in, out, FFTW_REDFT00, flags);
  }
  static void r2r(Plan p, float* in, float* out) { fftwf_execute_r2r(p, in, out); }
  static Plan c2c_plan(int n, Complex* in, Complex* out, int sign, unsigned flags) {
    return fftwf_plan_dft_1d(n, in, out, sign, flags);
  }
  static void c2c(Plan p, Complex* in, Complex* out) { fftwf_execute_dft(p, in, out); }
  static void time_limit(double seconds) { fftwf_set_timelimit(seconds); }
};

template <>
struct Fftw<double> {
  using Complex = fftw_complex;
  using Plan = fftw_plan;
  static void* malloc(size_t bytes) { return fftw_malloc(bytes); }
  static void free(void* p) { fftw_free(p); }
  static Plan r2c_plan(int n, double* in, Complex* out, unsigned flags) {
    return fftw_plan_dft_r2c_1d(n, in, out, flags);
  }
  static Plan c2r_plan(int n, Complex* in, double* out, unsigned flags) {
    return fftw_plan_dft_c2r_1d(n, in, out, flags);
  }
  static void r2c(Plan p, double* in, Complex* out) { fftw_execute_dft_r2c(p, in, out); }
  static void c2r(Plan p, Complex* in, double* out) { fftw_execute_dft_c2r(p, in, out); }
  static Plan dct1_plan(int n, double* in, double* out, unsigned flags) {
    return fftw_plan_r2r_1d(n, in, out, FFTW_REDFT00, flags);
  }
  static void r2r(Plan p, double* in, double* out) { fftw_execute_r2r(p, in, out); }
  static Plan c2c_plan(int n, Complex* in, Complex* out, int sign, unsigned flags) {
    return fftw_plan_dft_1d(n, in, out, sign, flags);
  }
  static void c2c(Plan p, Complex* in, Complex* out) { fftw_execute_dft(p, in, out); }
  static void time_limit(double seconds) { fftw_set_timelimit(seconds); }
};

/// An FFTW-aligned scratch array of `count` elements of type Element (Real or Complex).
template <typename Real, typename Element = Real>
inline std::unique_ptr<Element, void (*)(Element*)> aligned(int64_t count) {
  auto* p =
      static_cast<Element*>(Fftw<Real>::malloc(sizeof(Element) * std::max<int64_t>(count, 1)));
  TORCH_CHECK(p != nullptr, "FFTW could not allocate ", count, " elements");
  return {p, [](Element* q) { Fftw<Real>::free(q); }};
}

inline std::mutex& planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

template <typename Real>
struct PlanPair {
  typename Fftw<Real>::Plan forward;
  typename Fftw<Real>::Plan inverse;
};

// FFTW_MEASURE times candidate algorithms and keeps the fastest, so two processes may pick
// different ones and round differently (float32: ~3e-7). Under
// torch::use_deterministic_algorithms(true) (at::globalContext().deterministicAlgorithms()) plans
// are made with FFTW_ESTIMATE, a fixed choice: the same input then gives the same bits in every
// run, at 1.3-2x the FFT time (measured on the development machine: n = 2048, 32768).
inline bool deterministic_plans() {
  return at::globalContext().deterministicAlgorithms();
}

// Measuring stops after this long; a plan found in 0.5 s at 65,536 points ran 1.7-1.9x slower than
// the one found by a full measurement (about 1 s), a cost paid once per size and process.
constexpr double kPlanTimeLimitSeconds = 5.0;

inline unsigned planner_flags(bool deterministic) {
  return deterministic ? FFTW_ESTIMATE : FFTW_MEASURE;
}

// `quick`: planned with FFTW_ESTIMATE whatever the mode, for sizes that follow the input's length
// (measuring a new size takes up to kPlanTimeLimitSeconds, a few milliseconds without).
template <typename Real>
const PlanPair<Real>& plans_for(int64_t n, bool quick = false) {
  static std::map<std::pair<int64_t, bool>, PlanPair<Real>> cache;
  const bool estimate = quick || deterministic_plans();
  std::lock_guard<std::mutex> lock(planner_mutex());
  auto found = cache.find({n, estimate});
  if (found != cache.end()) return found->second;
  using Complex = typename Fftw<Real>::Complex;
  auto real = aligned<Real>(n);
  auto spectrum = aligned<Real, Complex>(n / 2 + 1);
  // Measuring finds the fastest algorithm; bound its cost for unusual sizes.
  Fftw<Real>::time_limit(kPlanTimeLimitSeconds);
  const unsigned flags = planner_flags(estimate);
  PlanPair<Real> pair{Fftw<Real>::r2c_plan(static_cast<int>(n), real.get(), spectrum.get(), flags),
                      Fftw<Real>::c2r_plan(static_cast<int>(n), spectrum.get(), real.get(), flags)};
  TORCH_CHECK(pair.forward != nullptr && pair.inverse != nullptr,
              "FFTW could not plan a transform of size ", n);
  return cache.emplace(std::make_pair(n, estimate), pair).first->second;
}

// The complex transforms of n points with exponent sign `sign` (FFTW_FORWARD: e^{-i...},
// FFTW_BACKWARD: e^{+i...}, both unnormalised), planned once per size like plans_for.
template <typename Real>
typename Fftw<Real>::Plan c2c_plan_for(int64_t n, int sign) {
  static std::map<std::tuple<int64_t, int, bool>, typename Fftw<Real>::Plan> cache;
  const bool deterministic = deterministic_plans();
  std::lock_guard<std::mutex> lock(planner_mutex());
  auto found = cache.find({n, sign, deterministic});
  if (found != cache.end()) return found->second;
  using Complex = typename Fftw<Real>::Complex;
  auto in = aligned<Real, Complex>(n);
  auto out = aligned<Real, Complex>(n);
  Fftw<Real>::time_limit(kPlanTimeLimitSeconds);
  const auto plan = Fftw<Real>::c2c_plan(static_cast<int>(n), in.get(), out.get(), sign,
                                         planner_flags(deterministic));
  TORCH_CHECK(plan != nullptr, "FFTW could not plan a complex transform of size ", n);
  return cache.emplace(std::make_tuple(n, sign, deterministic), plan).first->second;
}

// The type-I DCT (FFTW's REDFT00) of n points, planned once per size like plans_for.
template <typename Real>
typename Fftw<Real>::Plan dct1_plan_for(int64_t n) {
  static std::map<std::pair<int64_t, bool>, typename Fftw<Real>::Plan> cache;
  const bool deterministic = deterministic_plans();
  std::lock_guard<std::mutex> lock(planner_mutex());
  auto found = cache.find({n, deterministic});
  if (found != cache.end()) return found->second;
  auto in = aligned<Real>(n);
  auto out = aligned<Real>(n);
  Fftw<Real>::time_limit(kPlanTimeLimitSeconds);
  const auto plan =
      Fftw<Real>::dct1_plan(static_cast<int>(n), in.get(), out.get(), planner_flags(deterministic));
  TORCH_CHECK(plan != nullptr, "FFTW could not plan a type-I DCT of size ", n);
  return cache.emplace(std::make_pair(n, deterministic), plan).first->second;
}

// Runs body(id) for id in [0, count) on LibTorch's intra-op threads, handing out ids one at a
// time: a thread that the OS descheduled (a busy shared machine) then delays only its current
// id, not a whole static share of the work.
template <typename Setup, typename Body>
void parallel_dynamic(int64_t count, const Setup& setup, const Body& body) {
  std::atomic<int64_t> next{0};
  const int64_t workers = std::min<int64_t>(at::get_num_threads(), count);
  at::parallel_for(0, workers, 1, [&](int64_t, int64_t) {
    auto scratch = setup();
    for (int64_t id = next++; id < count; id = next++) body(scratch, id);
  });
}

}  // namespace nnaudio::detail
