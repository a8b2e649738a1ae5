#include "nnaudio/kernels/cfp.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "detail/number_text.h"
#include "nnaudio/kernels/window.h"

namespace nnaudio::kernels {
namespace {

using detail::number_text;

// Python's round(): halves go to the even neighbour (the default floating-point rounding mode).
int64_t round_half_even(double value) {
  return static_cast<int64_t>(std::nearbyint(value));
}

void require_positive(double value, const char* name) {
  if (!(value > 0.0 && std::isfinite(value))) {
    throw std::invalid_argument(std::string(name) + "=" + number_text(value) +
                                " must be positive and finite");
  }
}

// Weight of frequency f in the triangle of band i (centres c): 0 at c[i-1], 1 at c[i], 0 at
// c[i+1], linear in Hz in between, 0 outside.
double triangle(const std::vector<double>& c, size_t i, double f) {
  const double rise = (f - c[i - 1]) / (c[i] - c[i - 1]);
  const double fall = (c[i + 1] - f) / (c[i + 1] - c[i]);
  return std::max(0.0, std::min(rise, fall));
}

}  // namespace

CFPLayout cfp_layout(double fr, double fs, double fc, double tc, int64_t num_per_oct) {
  require_positive(fr, "fr");
  require_positive(fs, "fs");
  require_positive(fc, "fc");
  require_positive(tc, "tc");
  if (num_per_oct <= 0) {
    throw std::invalid_argument("NumPerOct=" + std::to_string(num_per_oct) + " must be positive");
  }
  const double stop = 1.0 / tc;
  if (!(fc < stop)) {
    throw std::invalid_argument("fc=" + number_text(fc) + " Hz must be below 1/tc=" +
                                number_text(stop) + " Hz (tc=" + number_text(tc) + ")");
  }
  if (stop > fs / 2.0) {
    throw std::invalid_argument("1/tc=" + number_text(stop) + " Hz (tc=" + number_text(tc) +
                                ") is above the Nyquist frequency " + number_text(fs / 2.0) +
                                " Hz (fs=" + number_text(fs) + ")");
  }
  CFPLayout layout;
  layout.fs = fs;
  layout.n_fft = static_cast<int64_t>(std::floor(fs / fr));
  if (layout.n_fft < 2) {
    throw std::invalid_argument("fr=" + number_text(fr) +
                                " must be at most fs/2=" + number_text(fs / 2.0) + " Hz");
  }
  layout.bin_hz = fs / static_cast<double>(layout.n_fft);
  layout.freq_bins = round_half_even(stop / layout.bin_hz) + 1;
  layout.quef_bins = round_half_even(fs / fc) + 1;
  layout.freq_cutoff = round_half_even(fc / layout.bin_hz);
  layout.quef_cutoff = round_half_even(fs * tc);
  const int64_t half = layout.n_fft / 2 + 1;
  if (layout.freq_bins > half) {
    throw std::invalid_argument(
        "1/tc=" + number_text(stop) + " Hz needs " + std::to_string(layout.freq_bins) +
        " spectrum bins but fr=" + number_text(fr) + " gives N/2+1=" + std::to_string(half));
  }
  if (layout.quef_bins > half) {
    throw std::invalid_argument("fc=" + number_text(fc) + " Hz needs " +
                                std::to_string(layout.quef_bins) +
                                " cepstrum bins (fs/fc + 1) but fr=" + number_text(fr) +
                                " gives N/2+1=" + std::to_string(half) + "; raise fc or lower fr");
  }
  const double octaves = std::ceil(std::log2(stop / fc));
  const int64_t most = static_cast<int64_t>(octaves) * num_per_oct;
  for (int64_t i = 0; i < most; ++i) {
    const double centre = fc * std::pow(2.0, static_cast<double>(i) / num_per_oct);
    if (centre >= stop) break;
    layout.centres.push_back(centre);
  }
  if (layout.centres.size() < 3) {
    throw std::invalid_argument("fc=" + number_text(fc) + " to 1/tc=" + number_text(stop) +
                                " Hz with NumPerOct=" + std::to_string(num_per_oct) + " gives " +
                                std::to_string(layout.centres.size()) +
                                " centre frequencies; at least 3 are needed for one band");
  }
  return layout;
}

void check_cfp_exponents(const std::vector<double>& g) {
  if (g.size() < 2) {
    throw std::invalid_argument("g has " + std::to_string(g.size()) +
                                " exponents; at least 2 are needed (spectrum, cepstrum, ...)");
  }
  for (size_t i = 0; i < g.size(); ++i) {
    if (!(g[i] >= 0.0 && std::isfinite(g[i]))) {
      throw std::invalid_argument("g[" + std::to_string(i) + "]=" + number_text(g[i]) +
                                  " must be finite and >= 0 (0 means log)");
    }
  }
}

torch::Tensor cfp_window(int64_t window_size) {
  if (window_size <= 0) {
    throw std::invalid_argument("window_size=" + std::to_string(window_size) + " must be positive");
  }
  if (window_size == 1) return torch::ones({1}, torch::kFloat64);
  // The symmetric window of M points is the periodic one of M - 1 points closed by its first.
  const auto periodic = get_window(Window::blackmanharris(), window_size - 1);
  return torch::cat({periodic, periodic.narrow(0, 0, 1)});
}

torch::Tensor cfp_freq_to_logfreq(const CFPLayout& layout) {
  const auto& c = layout.centres;
  auto out = torch::zeros({layout.bands(), layout.freq_bins}, torch::kFloat64);
  auto weights = out.accessor<double, 2>();
  for (size_t i = 1; i + 1 < c.size(); ++i) {
    const int64_t low = round_half_even(c[i - 1] / layout.bin_hz);
    const int64_t high = round_half_even(c[i + 1] / layout.bin_hz);
    if (low >= high) {
      // The triangle is narrower than a bin: give the band that bin rather than nothing.
      weights[i][low] = 1.0;
      continue;
    }
    for (int64_t k = low; k <= std::min(high, layout.freq_bins - 1); ++k) {
      weights[i][k] = triangle(c, i, static_cast<double>(k) * layout.bin_hz);
    }
  }
  return out;
}

torch::Tensor cfp_quef_to_logfreq(const CFPLayout& layout) {
  const auto& c = layout.centres;
  const double fs = layout.fs;
  auto out = torch::zeros({layout.bands(), layout.quef_bins}, torch::kFloat64);
  auto weights = out.accessor<double, 2>();
  for (size_t i = 1; i + 1 < c.size(); ++i) {
    const int64_t low = std::max<int64_t>(1, round_half_even(fs / c[i + 1]));
    const int64_t high = std::min(round_half_even(fs / c[i - 1]), layout.quef_bins - 1);
    for (int64_t j = low; j <= high; ++j) {
      weights[i][j] = triangle(c, i, fs / static_cast<double>(j));
    }
  }
  return out;
}

}  // namespace nnaudio::kernels
