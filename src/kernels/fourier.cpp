#include "nnaudio/kernels/fourier.h"

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

namespace nnaudio::kernels {
namespace {

std::string hz(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

}  // namespace

void check_fourier_grid(const FourierGrid& grid) {
  if (grid.n_fft <= 0) {
    throw std::invalid_argument("n_fft=" + std::to_string(grid.n_fft) + " must be positive");
  }
  if (grid.freq_bins < 0) {
    throw std::invalid_argument("freq_bins=" + std::to_string(grid.freq_bins) +
                                " must be positive (or 0 for n_fft/2 + 1)");
  }
  if (grid.freq_scale == FreqScale::No) return;
  if (!(grid.sr > 0.0 && std::isfinite(grid.sr))) {
    throw std::invalid_argument("sr=" + hz(grid.sr) + " must be positive");
  }
  const double nyquist = grid.sr / 2.0;
  const bool logarithmic = grid.freq_scale != FreqScale::Linear;
  if (logarithmic ? !(grid.fmin > 0.0) : !(grid.fmin >= 0.0)) {
    throw std::invalid_argument("fmin=" + hz(grid.fmin) + " must be " +
                                (logarithmic ? "> 0 for a logarithmic freq_scale" : ">= 0"));
  }
  if (!(grid.fmax > grid.fmin)) {
    throw std::invalid_argument("fmin=" + hz(grid.fmin) + " must be below fmax=" + hz(grid.fmax));
  }
  if (grid.fmax > nyquist) {
    throw std::invalid_argument("fmax=" + hz(grid.fmax) + " is above the Nyquist frequency " +
                                hz(nyquist) + " of sr=" + hz(grid.sr));
  }
}

torch::Tensor fourier_bins(const FourierGrid& grid) {
  check_fourier_grid(grid);
  const int64_t bins = grid.freq_bins > 0 ? grid.freq_bins : grid.n_fft / 2 + 1;
  const auto k = torch::arange(bins, torch::kFloat64);
  const double bin_hz = grid.sr / static_cast<double>(grid.n_fft);
  const double start = grid.fmin / bin_hz;
  switch (grid.freq_scale) {
    case FreqScale::No:
      return k;
    case FreqScale::Linear:
      return start + k * ((grid.fmax - grid.fmin) / bin_hz / static_cast<double>(bins));
    case FreqScale::Log:
    case FreqScale::Log2:
      return start * torch::exp(k * (std::log(grid.fmax / grid.fmin) / static_cast<double>(bins)));
  }
  throw std::invalid_argument("unknown freq_scale");
}

torch::Tensor fourier_frequencies(const FourierGrid& grid) {
  return fourier_bins(grid) * (grid.sr / static_cast<double>(grid.n_fft));
}

FourierKernels fourier_kernels(int64_t n_fft, const torch::Tensor& bins) {
  if (n_fft <= 0) {
    throw std::invalid_argument("n_fft=" + std::to_string(n_fft) + " must be positive");
  }
  const auto n = torch::arange(n_fft, torch::kFloat64);
  const auto bins64 = bins.to(torch::kFloat64).reshape({-1, 1});
  // Reduce b*n modulo n_fft before scaling so that the phase stays exact for integer bins.
  const auto cycles = torch::fmod(bins64 * n, static_cast<double>(n_fft));
  const auto phase = cycles * (2.0 * M_PI / static_cast<double>(n_fft));
  return {torch::cos(phase), -torch::sin(phase)};
}

}  // namespace nnaudio::kernels
