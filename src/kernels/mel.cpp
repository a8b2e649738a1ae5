#include "nnaudio/kernels/mel.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

namespace nnaudio {

std::string MelNorm::to_string() const {
  switch (kind_) {
    case Kind::None:
      return "none";
    case Kind::Slaney:
      return "slaney";
    case Kind::PNorm: {
      std::ostringstream text;
      text << p_;
      return text.str();
    }
  }
  return "unknown";
}

namespace kernels {
namespace {

// Slaney's scale (Auditory Toolbox): 200/3 Hz per mel up to 1 kHz, then logarithmic with
// 27 mels per factor 6.4.
constexpr double kLinearHzPerMel = 200.0 / 3.0;
constexpr double kLogStartHz = 1000.0;
constexpr double kLogStartMel = kLogStartHz / kLinearHzPerMel;
const double kLogStep = std::log(6.4) / 27.0;

std::string number(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

}  // namespace

double hz_to_mel(double hz, bool htk) {
  if (htk) return 2595.0 * std::log10(1.0 + hz / 700.0);
  if (hz < kLogStartHz) return hz / kLinearHzPerMel;
  return kLogStartMel + std::log(hz / kLogStartHz) / kLogStep;
}

double mel_to_hz(double mel, bool htk) {
  if (htk) return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
  if (mel < kLogStartMel) return mel * kLinearHzPerMel;
  return kLogStartHz * std::exp(kLogStep * (mel - kLogStartMel));
}

torch::Tensor hz_to_mel(const torch::Tensor& hz, bool htk) {
  if (htk) return 2595.0 * torch::log10(1.0 + hz / 700.0);
  const auto linear = hz / kLinearHzPerMel;
  // clamp keeps log() away from non-positive values in the branch torch::where discards.
  const auto logarithmic =
      kLogStartMel + torch::log(torch::clamp_min(hz, kLogStartHz) / kLogStartHz) / kLogStep;
  return torch::where(hz >= kLogStartHz, logarithmic, linear);
}

torch::Tensor mel_to_hz(const torch::Tensor& mel, bool htk) {
  if (htk) return 700.0 * (torch::pow(10.0, mel / 2595.0) - 1.0);
  const auto linear = mel * kLinearHzPerMel;
  const auto logarithmic = kLogStartHz * torch::exp(kLogStep * (mel - kLogStartMel));
  return torch::where(mel >= kLogStartMel, logarithmic, linear);
}

torch::Tensor mel_frequencies(int64_t count, double fmin, double fmax, bool htk) {
  const auto mels =
      torch::linspace(hz_to_mel(fmin, htk), hz_to_mel(fmax, htk), count, torch::kFloat64);
  return mel_to_hz(mels, htk);
}

torch::Tensor mel_filterbank(const MelFilterbankOptions& o) {
  if (!(o.sr() > 0.0 && std::isfinite(o.sr()))) {
    throw std::invalid_argument("sr=" + number(o.sr()) + " must be positive");
  }
  if (o.n_fft() <= 0) {
    throw std::invalid_argument("n_fft=" + std::to_string(o.n_fft()) + " must be positive");
  }
  if (o.n_mels() <= 0) {
    throw std::invalid_argument("n_mels=" + std::to_string(o.n_mels()) + " must be positive");
  }
  const double nyquist = o.sr() / 2.0;
  const double fmax = o.fmax().value_or(nyquist);
  if (!(o.fmin() >= 0.0)) {
    throw std::invalid_argument("fmin=" + number(o.fmin()) + " must be >= 0");
  }
  if (!(fmax > o.fmin())) {
    throw std::invalid_argument("fmin=" + number(o.fmin()) + " must be below fmax=" + number(fmax));
  }
  if (fmax > nyquist) {
    throw std::invalid_argument("fmax=" + number(fmax) + " is above the Nyquist frequency " +
                                number(nyquist) + " of sr=" + number(o.sr()));
  }
  if (o.norm().kind() == MelNorm::Kind::PNorm && !(o.norm().p() > 0.0)) {
    throw std::invalid_argument("norm=" + number(o.norm().p()) +
                                " must be a positive p (or none / slaney)");
  }
  const bool single = o.dtype() == torch::kFloat32;
  if (!single && o.dtype() != torch::kFloat64) {
    std::ostringstream text;
    text << "dtype=" << o.dtype() << " must be float32 or float64";
    throw std::invalid_argument(text.str());
  }
  // librosa fills a `dtype` array with the triangles and normalises it in place: each of those
  // stores rounds to float32 when dtype is float32 (the arithmetic itself is float64).
  const auto stored = [single](const torch::Tensor& values) {
    return single ? values.to(torch::kFloat32).to(torch::kFloat64) : values;
  };

  const int64_t n_mels = o.n_mels();
  const auto fft_hz = torch::arange(o.n_fft() / 2 + 1, torch::kFloat64) * (o.sr() / o.n_fft());
  const auto edges = mel_frequencies(n_mels + 2, o.fmin(), fmax, o.htk());
  const auto widths = edges.diff();
  const auto ramps = edges.unsqueeze(1) - fft_hz.unsqueeze(0);  // (n_mels + 2, bins)
  const auto rising = -ramps.narrow(0, 0, n_mels) / widths.narrow(0, 0, n_mels).unsqueeze(1);
  const auto falling = ramps.narrow(0, 2, n_mels) / widths.narrow(0, 1, n_mels).unsqueeze(1);
  auto weights = stored(torch::clamp_min(torch::minimum(rising, falling), 0.0));

  switch (o.norm().kind()) {
    case MelNorm::Kind::None:
      break;
    case MelNorm::Kind::Slaney:
      weights = stored(
          weights * (2.0 / (edges.narrow(0, 2, n_mels) - edges.narrow(0, 0, n_mels))).unsqueeze(1));
      break;
    case MelNorm::Kind::PNorm: {
      const double p = o.norm().p();
      const auto length = std::isinf(p) ? std::get<0>(weights.abs().max(1, true))
                                        : torch::linalg_norm(weights, p, {1}, true);
      // Like librosa.util.normalize: rows whose norm is below the smallest normal number of
      // dtype stay as they are.
      const double tiny =
          single ? std::numeric_limits<float>::min() : std::numeric_limits<double>::min();
      weights = stored(weights / torch::where(length < tiny, torch::ones_like(length), length));
      break;
    }
  }

  const auto empty = (std::get<0>(weights.max(1)) <= 0) & (edges.narrow(0, 0, n_mels) != 0);
  if (empty.any().item<bool>()) {
    TORCH_WARN("mel_filterbank: ", empty.sum().item<int64_t>(), " of n_mels=", n_mels,
               " filters are empty; n_mels may be too high for n_fft=", o.n_fft());
  }
  return weights;
}

}  // namespace kernels
}  // namespace nnaudio
