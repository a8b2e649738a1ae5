#include "nnaudio/kernels/cqt.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace nnaudio {

WaveletNorm WaveletNorm::parse(const std::string& name) {
  if (name == "1") return l1();
  if (name == "2") return l2();
  if (name == "inf") return max();
  if (name == "none") return none();
  throw std::invalid_argument("norm='" + name + "' is not supported; allowed: 1, 2, inf, none");
}

std::string WaveletNorm::to_string() const {
  if (is_none()) return "none";
  if (is_max()) return "inf";
  return p_ == 1.0 ? "1" : "2";
}

std::string to_string(FilterLengths value) {
  return value == FilterLengths::Librosa ? "librosa" : "nnaudio";
}

FilterLengths parse_filter_lengths(const std::string& name) {
  if (name == "librosa") return FilterLengths::Librosa;
  if (name == "nnaudio") return FilterLengths::NNAudio;
  throw std::invalid_argument("filter_lengths='" + name +
                              "' is not supported; allowed: librosa, nnaudio");
}

namespace kernels {
namespace {

const auto kFloat64 = torch::TensorOptions().dtype(torch::kFloat64);

// librosa's relative bandwidth of equally tempered bins: (2^(2/B) - 1) / (2^(2/B) + 1).
double librosa_alpha(int64_t bins_per_octave) {
  const double r2 = std::pow(2.0, 2.0 / static_cast<double>(bins_per_octave));
  return (r2 - 1.0) / (r2 + 1.0);
}

int64_t next_power_of_two(double value) {
  return int64_t{1} << static_cast<int>(std::ceil(std::log2(value)));
}

}  // namespace

torch::Tensor cqt_frequencies(int64_t n_bins, double fmin, int64_t bins_per_octave) {
  TORCH_CHECK_VALUE(n_bins >= 1, "n_bins=", n_bins, " must be at least 1");
  TORCH_CHECK_VALUE(fmin > 0, "fmin=", fmin, " must be > 0 Hz");
  TORCH_CHECK_VALUE(bins_per_octave >= 1, "bins_per_octave=", bins_per_octave,
                    " must be at least 1");
  const auto k = torch::arange(n_bins, kFloat64);
  return fmin * torch::pow(2.0, k / static_cast<double>(bins_per_octave));
}

double window_bandwidth(const Window& window) {
  // librosa's table (filters.WINDOW_BANDWIDTHS) for the windows it names.
  switch (window.type()) {
    case Window::Type::Hann:
      return 1.50018310546875;
    case Window::Type::Hamming:
      return 1.3629455320350348;
    case Window::Type::Blackman:
      return 1.7269681554262326;
    case Window::Type::BlackmanHarris:
      return 2.0045975283585014;
    case Window::Type::Bartlett:
      return 1.3334961334912805;
    case Window::Type::Boxcar:
      return 1.0;
    default: {
      const auto w = get_window(window, 1000);
      return 1000.0 * w.pow(2).sum().item<double>() / std::pow(w.sum().item<double>(), 2);
    }
  }
}

WaveletLengths wavelet_lengths(const torch::Tensor& frequencies, double sr, int64_t bins_per_octave,
                               const Window& window, double filter_scale, double gamma,
                               FilterLengths convention, bool allow_above_nyquist) {
  TORCH_CHECK_VALUE(sr > 0, "sr=", sr, " must be > 0 Hz");
  TORCH_CHECK_VALUE(filter_scale > 0, "filter_scale=", filter_scale, " must be > 0");
  TORCH_CHECK_VALUE(gamma >= 0, "gamma=", gamma, " must be >= 0 Hz (0 gives the CQT)");
  TORCH_CHECK_VALUE(bins_per_octave >= 1, "bins_per_octave=", bins_per_octave,
                    " must be at least 1");
  TORCH_CHECK_VALUE(window.type() != Window::Type::Custom,
                    "window: CQT wavelets need a named window (each filter has its own "
                    "length); a custom window tensor is not supported");
  const auto f = frequencies.to(torch::kFloat64);
  TORCH_CHECK_VALUE(f.dim() == 1 && f.numel() >= 1, "frequencies must be a non-empty 1-D tensor");
  TORCH_CHECK_VALUE(f.min().item<double>() > 0, "frequencies must be > 0 Hz");

  const double alpha = convention == FilterLengths::Librosa
                           ? librosa_alpha(bins_per_octave)
                           : std::pow(2.0, 1.0 / static_cast<double>(bins_per_octave)) - 1.0;
  const double q = filter_scale / alpha;
  WaveletLengths out;
  out.cutoff_hz =
      (f * (1.0 + 0.5 * window_bandwidth(window) / q)).max().item<double>() + 0.5 * gamma;
  const double top = f.max().item<double>();
  if (top >= sr / 2.0 || (out.cutoff_hz > sr / 2.0 && !allow_above_nyquist)) {
    std::ostringstream message;
    message << "the top CQT filter (centre " << top << " Hz) reaches " << out.cutoff_hz
            << " Hz, above the Nyquist frequency " << sr / 2.0 << " Hz of sr=" << sr
            << "; lower fmax / n_bins or fmin, or raise sr";
    if (top < sr / 2.0) message << " (allow_above_nyquist computes it anyway, as nnAudio does)";
    throw std::invalid_argument(message.str());
  }
  out.lengths = q * sr / (f + gamma / alpha);
  if (convention == FilterLengths::NNAudio) out.lengths = torch::ceil(out.lengths);
  return out;
}

torch::Tensor wavelet_basis(const torch::Tensor& frequencies, const torch::Tensor& lengths,
                            double sr, const Window& window, WaveletNorm norm,
                            std::optional<int64_t> size) {
  const auto f = frequencies.to(torch::kFloat64).contiguous();
  const auto len = lengths.to(torch::kFloat64).contiguous();
  TORCH_CHECK_VALUE(f.numel() == len.numel(), "frequencies and lengths must have equal sizes");
  const int64_t width = size ? *size : next_power_of_two(len.max().item<double>());
  auto basis = torch::zeros({f.numel(), width}, kFloat64.dtype(torch::kComplexDouble));
  for (int64_t k = 0; k < f.numel(); ++k) {
    const double length = len[k].item<double>();
    // librosa samples the phase at n = floor(-L/2) .. floor(L/2) - 1: ceil(L) points.
    const double first = std::floor(-length / 2.0);
    const int64_t count = static_cast<int64_t>(std::floor(length / 2.0) - first);
    TORCH_CHECK_VALUE(count <= width, "a CQT filter of ", count, " samples does not fit in ", width,
                      " samples");
    const auto n = torch::arange(first, first + static_cast<double>(count), kFloat64);
    const auto phase = n * (2.0 * M_PI * f[k].item<double>() / sr);
    auto filter = torch::complex(torch::cos(phase), torch::sin(phase)) * get_window(window, count);
    if (!norm.is_none()) {
      const auto magnitude = filter.abs();
      const double scale = norm.is_max()
                               ? magnitude.max().item<double>()
                               : magnitude.pow(norm.p()).sum().pow(1.0 / norm.p()).item<double>();
      if (scale > std::numeric_limits<double>::min()) filter = filter / scale;
    }
    const int64_t offset = (width - count) / 2;
    basis[k].narrow(0, offset, count).copy_(filter);
  }
  return basis;
}

torch::Tensor sparsify_rows(const torch::Tensor& rows, double sparsity) {
  TORCH_CHECK_VALUE(sparsity >= 0 && sparsity < 1, "sparsity=", sparsity, " must be in [0, 1)");
  if (sparsity == 0) return rows;
  const auto magnitude = rows.abs();
  const auto sorted = std::get<0>(magnitude.sort(/*dim=*/1));
  const auto cumulative = (sorted / magnitude.sum(1, /*keepdim=*/true)).cumsum(1);
  // The first position where the cumulative mass reaches `sparsity` gives the threshold.
  const auto index = (cumulative < sparsity).sum(1, /*keepdim=*/true).clamp_max(rows.size(1) - 1);
  const auto threshold = sorted.gather(1, index);
  return rows * (magnitude >= threshold).to(rows.dtype());
}

torch::Tensor frequency_domain_kernels(const torch::Tensor& basis, double sparsity) {
  const int64_t n_fft = basis.size(1);
  const auto spectrum = torch::fft::fft(basis).narrow(1, 0, n_fft / 2 + 1) / n_fft;
  return sparsify_rows(spectrum, sparsity);
}

namespace {

// soxr 0.1.3's design of its high-quality (20-bit) 2:1 stage, step by step, so that halvings
// equal librosa's (which resamples through soxr) to soxr's own float32 round-off. soxr sizes
// its filters with fitted curves, whose constants these are.

// soxr's fit of the passband's -3 dB point (as a fraction of the transition band) against the
// stopband attenuation `attenuation_db`.
double soxr_transition_to_3db(double attenuation_db) {
  const double phi =
      ((2.0517e-07 * attenuation_db - 1.1303e-04) * attenuation_db + .023154) * attenuation_db +
      .55924;
  const double exponent = std::log(.5) / std::log(std::sin(phi * .5));
  const double drop = std::pow(10.0, -3.0 / 20);  // -3 dB as a linear gain
  return 1 - std::asin(std::pow(1 - drop, 1 / exponent)) / phi;
}

// soxr's Kaiser beta: cubics in the attenuation fitted for transition widths of 0.0005 x 2^k
// (as a fraction of the cutoff), interpolated in log2 of the width.
double soxr_kaiser_beta(double attenuation_db, double relative_width) {
  static constexpr double fits[][4] = {
      {-6.784957e-10, 1.02856e-05, 0.1087556, -0.8988365 + .001},
      {-6.897885e-10, 1.027433e-05, 0.10876, -0.8994658 + .002},
      {-1.000683e-09, 1.030092e-05, 0.1087677, -0.9007898 + .003},
      {-3.654474e-10, 1.040631e-05, 0.1087085, -0.8977766 + .006},
      {8.106988e-09, 6.983091e-06, 0.1091387, -0.9172048 + .015},
      {9.519571e-09, 7.272678e-06, 0.1090068, -0.9140768 + .025},
      {-5.626821e-09, 1.342186e-05, 0.1083999, -0.9065452 + .05},
      {-9.965946e-08, 5.073548e-05, 0.1040967, -0.7672778 + .085},
      {1.604808e-07, -5.856462e-05, 0.1185998, -1.34824 + .1},
      {-1.511964e-07, 6.363034e-05, 0.1064627, -0.9876665 + .18},
  };
  constexpr int last = static_cast<int>(sizeof(fits) / sizeof(fits[0])) - 1;
  const double octave = std::log2(relative_width / .0005);
  const int below = static_cast<int>(octave);
  auto beta = [&](int row) {
    const double* c = fits[std::clamp(row, 0, last)];
    return ((c[0] * attenuation_db + c[1]) * attenuation_db + c[2]) * attenuation_db + c[3];
  };
  return beta(below) + (beta(below + 1) - beta(below)) * (octave - below);
}

}  // namespace

torch::Tensor halving_lowpass() {
  const double bit_db = 20 * std::log10(2.0);
  // SOXR_HQ asks for 20 bits: the passband end follows from that rejection through the -3 dB
  // fit, the stopband starts at the new Nyquist, and the stopband attenuation is one bit more
  // (soxr budgets a bit for passband ripple plus stopband leakage).
  const double passband_end = 1 - .05 / soxr_transition_to_3db(20 * bit_db);
  const double attenuation = 21 * bit_db;
  // Frequencies as fractions of the input's Nyquist (the new Nyquist is 0.5).
  const double stopband = 0.5;
  const double transition = .5 * (stopband - passband_end / 2);  // 6 dB to stopband
  const double cutoff = stopband - transition;
  const double beta = soxr_kaiser_beta(attenuation, transition * .5 / cutoff);
  const double order_per_width =
      ((.0007528358 - 1.577737e-05 * beta) * beta + .6248022) * beta + .06186902;
  const auto estimate = static_cast<int64_t>(std::ceil(order_per_width / transition + 1));
  const int64_t count = (estimate + 2) / 4 * 4 + 1;  // rounded to 1 (mod 4), as soxr's stage
  const int64_t half = count / 2;
  // soxr's window reaches zero half a sample beyond the outermost taps; the taps are not
  // renormalised (their sum is 1 + 4.6e-8).
  const auto j = torch::arange(-half, half + 1, kFloat64);
  const auto shape = torch::sqrt(1 - (j / (half + 0.5)).square());
  const auto window = torch::i0(beta * shape) / torch::i0(torch::scalar_tensor(beta, kFloat64));
  return cutoff * torch::sinc(j * cutoff) * window;
}

int64_t early_downsample_count(double sr, double cutoff_hz, int64_t hop_length, int64_t n_octaves) {
  const auto by_bandwidth =
      std::max<int64_t>(0, static_cast<int64_t>(std::ceil(std::log2(sr / 2.0 / cutoff_hz))) - 2);
  int64_t twos = 0;
  for (int64_t hop = hop_length; hop > 0 && hop % 2 == 0; hop /= 2) ++twos;
  const auto by_hop = std::max<int64_t>(0, twos - n_octaves + 1);
  return std::min(by_bandwidth, by_hop);
}

}  // namespace kernels
}  // namespace nnaudio
