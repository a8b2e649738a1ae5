#include "nnaudio/kernels/chroma.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "detail/librosa_normalize.h"
#include "detail/number_text.h"

namespace nnaudio::kernels {
namespace {

using detail::number_text;

// numpy.remainder: the result takes the divisor's sign.
double python_remainder(double value, double divisor) {
  const double r = std::fmod(value, divisor);
  return (r != 0.0 && ((r < 0.0) != (divisor < 0.0))) ? r + divisor : r;
}

// numpy.round: halves to even (the default rounding mode of nearbyint).
double round_half_even(double value) {
  return std::nearbyint(value);
}

int64_t positive_modulo(int64_t value, int64_t divisor) {
  return ((value % divisor) + divisor) % divisor;
}

void check_chroma_options(const ChromaFilterbankOptions& o) {
  if (!(o.sr() > 0.0 && std::isfinite(o.sr()))) {
    throw std::invalid_argument("sr=" + number_text(o.sr()) + " must be positive and finite");
  }
  if (o.n_fft() <= 0) {
    throw std::invalid_argument("n_fft=" + std::to_string(o.n_fft()) + " must be positive");
  }
  if (o.n_chroma() <= 0) {
    throw std::invalid_argument("n_chroma=" + std::to_string(o.n_chroma()) + " must be positive");
  }
  if (!std::isfinite(o.tuning())) {
    throw std::invalid_argument("tuning=" + number_text(o.tuning()) + " must be finite");
  }
  if (!std::isfinite(o.ctroct())) {
    throw std::invalid_argument("ctroct=" + number_text(o.ctroct()) + " must be finite");
  }
  if (o.octwidth() && !(*o.octwidth() > 0.0 && std::isfinite(*o.octwidth()))) {
    throw std::invalid_argument("octwidth=" + number_text(*o.octwidth()) +
                                " must be positive and finite (or unset for flat weighting)");
  }
  if (!detail::valid_librosa_norm(o.norm())) {
    throw std::invalid_argument("norm=" + number_text(*o.norm()) +
                                " must be > 0, 0, +-inf or unset (none)");
  }
  if (o.dtype() != torch::kFloat32 && o.dtype() != torch::kFloat64) {
    throw std::invalid_argument(std::string("dtype=") + c10::toString(o.dtype()) +
                                " must be float32 or float64");
  }
}

}  // namespace

torch::Tensor chroma_filterbank(const ChromaFilterbankOptions& options) {
  const auto& o = options;
  check_chroma_options(o);
  const int64_t n_fft = o.n_fft();
  const auto n_chroma = static_cast<double>(o.n_chroma());
  // Position of every FFT bin in chroma bins above A0 (A440 / 16, shifted by the tuning); the
  // 0 Hz bin is placed 1.5 octaves below bin 1 so that its weights are broad and half-rotated.
  const double a0 = 440.0 * std::pow(2.0, o.tuning() / n_chroma) / 16.0;
  const double step = o.sr() / static_cast<double>(n_fft);
  std::vector<double> position(n_fft);
  for (int64_t k = 1; k < n_fft; ++k) {
    position[k] = n_chroma * std::log2(static_cast<double>(k) * step / a0);
  }
  position[0] = n_fft > 1 ? position[1] - 1.5 * n_chroma : 0.0;
  std::vector<double> width(n_fft, 1.0);
  for (int64_t k = 0; k + 1 < n_fft; ++k) width[k] = std::max(position[k + 1] - position[k], 1.0);

  // Gaussian bumps of each chroma around every bin's position, folded to within half an octave.
  const double half = round_half_even(n_chroma / 2.0);
  auto weights = torch::empty({o.n_chroma(), n_fft}, torch::kFloat64);
  auto w = weights.accessor<double, 2>();
  for (int64_t c = 0; c < o.n_chroma(); ++c) {
    for (int64_t k = 0; k < n_fft; ++k) {
      const double distance =
          python_remainder(position[k] - static_cast<double>(c) + half + 10.0 * n_chroma,
                           n_chroma) -
          half;
      const double z = 2.0 * distance / width[k];
      w[c][k] = std::exp(-0.5 * z * z);
    }
  }
  weights = detail::librosa_normalize(weights, o.norm(), 0, detail::tiny(torch::kFloat64));
  if (o.octwidth()) {
    auto octave_weight = torch::empty({n_fft}, torch::kFloat64);
    auto v = octave_weight.accessor<double, 1>();
    for (int64_t k = 0; k < n_fft; ++k) {
      const double z = (position[k] / n_chroma - o.ctroct()) / *o.octwidth();
      v[k] = std::exp(-0.5 * z * z);
    }
    weights = weights * octave_weight;
  }
  if (o.base_c()) weights = weights.roll(-3 * (o.n_chroma() / 12), 0);
  weights = weights.narrow(1, 0, n_fft / 2 + 1).contiguous();
  return o.dtype() == torch::kFloat32 ? weights.to(torch::kFloat32).to(torch::kFloat64) : weights;
}

torch::Tensor cq_to_chroma(const CQToChromaOptions& options) {
  const auto& o = options;
  if (o.n_input() <= 0) {
    throw std::invalid_argument("n_input=" + std::to_string(o.n_input()) + " must be positive");
  }
  if (o.n_chroma() <= 0) {
    throw std::invalid_argument("n_chroma=" + std::to_string(o.n_chroma()) + " must be positive");
  }
  if (o.bins_per_octave() <= 0 || o.bins_per_octave() % o.n_chroma() != 0) {
    throw std::invalid_argument(
        "bins_per_octave=" + std::to_string(o.bins_per_octave()) +
        " must be a positive multiple of n_chroma=" + std::to_string(o.n_chroma()));
  }
  if (!(o.fmin() > 0.0 && std::isfinite(o.fmin()))) {
    throw std::invalid_argument("fmin=" + number_text(o.fmin()) + " must be positive and finite");
  }
  const int64_t merge = o.bins_per_octave() / o.n_chroma();
  // Pitch class (in 12ths of an octave above C) of the first CQT bin; rotating the rows by it
  // puts C (or A) first.
  const double midi = 12.0 * (std::log2(o.fmin()) - std::log2(440.0)) + 69.0;
  const double pitch_class = python_remainder(midi, 12.0) - (o.base_c() ? 0.0 : 9.0);
  const auto roll = static_cast<int64_t>(
      round_half_even(pitch_class * (static_cast<double>(o.n_chroma()) / 12.0)));
  auto fold = torch::zeros({o.n_chroma(), o.n_input()}, torch::kFloat64);
  auto f = fold.accessor<double, 2>();
  for (int64_t j = 0; j < o.n_input(); ++j) {
    // Column j of one octave, shifted left by merge / 2 so that each chroma is centred on
    // its bins.
    const int64_t within = (j % o.bins_per_octave() + merge / 2) % o.bins_per_octave();
    f[positive_modulo(within / merge + roll, o.n_chroma())][j] = 1.0;
  }
  if (o.window().empty()) return fold;
  // scipy.signal.convolve(fold, window[None, :], mode="same") along the CQT axis.
  const auto length = static_cast<int64_t>(o.window().size());
  const int64_t offset = (length - 1) / 2;
  auto smoothed = torch::zeros_like(fold);
  auto s = smoothed.accessor<double, 2>();
  for (int64_t c = 0; c < o.n_chroma(); ++c) {
    for (int64_t j = 0; j < o.n_input(); ++j) {
      double sum = 0.0;
      for (int64_t m = 0; m < length; ++m) {
        const int64_t source = j + offset - m;
        if (source >= 0 && source < o.n_input()) sum += f[c][source] * o.window()[m];
      }
      s[c][j] = sum;
    }
  }
  return smoothed;
}

}  // namespace nnaudio::kernels
