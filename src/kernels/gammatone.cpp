#include "nnaudio/kernels/gammatone.h"

#include <cmath>
#include <complex>
#include <stdexcept>
#include <string>

#include "detail/number_text.h"

namespace nnaudio::kernels {
namespace {

using detail::number_text;

// Slaney's MakeERBFilters constants: ERB(f) = f / kEarQ + kMinBandwidth (Glasberg & Moore).
constexpr double kEarQ = 9.26449;
constexpr double kMinBandwidth = 24.7;
constexpr double kPi = 3.14159265358979323846;

// |H(e^{i omega})| of one band: the four real zeros over the fourth power of the conjugate pole
// pair. Only ratios of it are used, so its overall gain does not matter.
class GammatoneResponse {
 public:
  GammatoneResponse(double centre_hz, double sr) {
    theta_ = 2.0 * kPi * centre_hz / sr;
    const double bandwidth = 2.0 * kPi * 1.019 * (centre_hz / kEarQ + kMinBandwidth);
    const double radius = std::exp(-bandwidth / sr);
    pole_ = std::polar(radius, theta_);
    // The zeros of the four cascaded second-order sections of MakeERBFilters.
    const double wide = std::sqrt(3.0 + 2.0 * std::sqrt(2.0));
    const double narrow = std::sqrt(3.0 - 2.0 * std::sqrt(2.0));
    const double c = std::cos(theta_);
    const double s = std::sin(theta_);
    zeros_[0] = radius * (c + wide * s);
    zeros_[1] = radius * (c - wide * s);
    zeros_[2] = radius * (c + narrow * s);
    zeros_[3] = radius * (c - narrow * s);
  }

  double at(double omega) const {
    const auto u = std::polar(1.0, omega);
    double value = 1.0;
    for (double zero : zeros_) value *= std::abs(u - zero);
    const double poles = std::abs(u - pole_) * std::abs(u - std::conj(pole_));
    return value / std::pow(poles, 4);
  }

  double centre() const { return theta_; }

 private:
  double theta_ = 0.0;
  std::complex<double> pole_;
  double zeros_[4] = {};
};

}  // namespace

torch::Tensor gammatone_frequencies(int64_t n_bins, double fmin, double fmax) {
  if (n_bins <= 0) {
    throw std::invalid_argument("n_bins=" + std::to_string(n_bins) + " must be positive");
  }
  const double offset = kEarQ * kMinBandwidth;
  const double low = std::log(fmin + offset);
  const double high = std::log(fmax + offset);
  auto out = torch::empty({n_bins}, torch::kFloat64);
  auto values = out.accessor<double, 1>();
  for (int64_t j = 0; j < n_bins; ++j) {
    // Band j sits n_bins - j steps below fmax: j = 0 lands on fmin.
    const double steps = static_cast<double>(n_bins - j);
    values[j] = std::exp(high + steps * (low - high) / static_cast<double>(n_bins)) - offset;
  }
  return out;
}

torch::Tensor gammatone_filterbank(const GammatoneFilterbankOptions& o) {
  const double sr = o.sr();
  if (!(sr > 0.0 && std::isfinite(sr))) {
    throw std::invalid_argument("sr=" + number_text(sr) + " must be positive");
  }
  if (o.n_fft() <= 0) {
    throw std::invalid_argument("n_fft=" + std::to_string(o.n_fft()) + " must be positive");
  }
  if (o.n_bins() <= 0) {
    throw std::invalid_argument("n_bins=" + std::to_string(o.n_bins()) + " must be positive");
  }
  const double nyquist = sr / 2.0;
  const double fmax = o.fmax().value_or(nyquist);
  if (!(o.fmin() >= 0.0 && std::isfinite(o.fmin()))) {
    throw std::invalid_argument("fmin=" + number_text(o.fmin()) + " must be >= 0 Hz");
  }
  if (!(fmax > o.fmin())) {
    throw std::invalid_argument("fmin=" + number_text(o.fmin()) +
                                " must be below fmax=" + number_text(fmax));
  }
  if (fmax > nyquist) {
    throw std::invalid_argument("fmax=" + number_text(fmax) + " is above the Nyquist frequency " +
                                number_text(nyquist) + " (sr=" + number_text(sr) + ")");
  }
  const int64_t n_fft = o.n_fft();
  const int64_t freqs = n_fft / 2 + 1;
  const auto centres = gammatone_frequencies(o.n_bins(), o.fmin(), fmax);
  auto out = torch::empty({o.n_bins(), freqs}, torch::kFloat64);
  auto weights = out.accessor<double, 2>();
  auto centre_hz = centres.accessor<double, 1>();
  for (int64_t m = 0; m < o.n_bins(); ++m) {
    const GammatoneResponse band(centre_hz[m], sr);
    // Unit gain at the centre frequency, then nnAudio's 1/n_fft.
    const double scale = 1.0 / (band.at(band.centre()) * static_cast<double>(n_fft));
    for (int64_t k = 0; k < freqs; ++k) {
      const double omega = 2.0 * kPi * static_cast<double>(k) / static_cast<double>(n_fft);
      weights[m][k] = band.at(omega) * scale;
    }
  }
  return out;
}

}  // namespace nnaudio::kernels
