// STFT against librosa 0.11 (fixtures) and against a naive float64 DFT.

#include <gtest/gtest.h>

#include <cmath>

#include <nnaudio/nnaudio.h>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

struct LibrosaCase {
  std::string fixture;
  std::string signal;
  STFTOptions options;
};

std::vector<LibrosaCase> librosa_cases() {
  return {
      {"stft_0", "chirp_22050", STFTOptions(2048).hop_length(512)},
      {"stft_1", "chirp_22050",
       STFTOptions(1024)
           .win_length(512)
           .hop_length(256)
           .window(Window::hamming())
           .pad_mode(PadMode::Reflect)},
      {"stft_2", "tones_44100",
       STFTOptions(512).hop_length(128).window(Window::blackman()).center(false)},
      {"stft_3", "noise_16000", STFTOptions(400).hop_length(160)},
  };
}

class LibrosaStft : public ::testing::TestWithParam<std::tuple<std::string, Backend>> {};

TEST_P(LibrosaStft, MatchesFixturesInFloat64AndFloat32) {
  const auto [device, backend] = GetParam();
  NNAUDIO_REQUIRE_DEVICE(device);
  for (const auto& c : librosa_cases()) {
    SCOPED_TRACE(c.fixture);
    const auto expected = load_complex_fixture("librosa/" + c.fixture + ".npy");
    const auto signal = load_fixture("signals/" + c.signal + ".npy").to(torch::Device(device));
    STFT stft(STFTOptions(c.options).backend(backend));
    stft->to(torch::Device(device));
    EXPECT_LE(relative_error(stft(signal), expected), 1e-12);
    EXPECT_LE(relative_error(stft(signal.to(torch::kFloat32)), expected), 1e-6);
  }
}

INSTANTIATE_TEST_SUITE_P(Devices, LibrosaStft,
                         ::testing::Combine(::testing::ValuesIn(device_names()),
                                            ::testing::Values(Backend::FFT, Backend::Conv)),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_" +
                                  to_string(std::get<1>(info.param));
                         });

// The padded signal of the definition: sample m of the padded signal is x[m - pad], extended by
// zeros (constant) or by mirroring without repeating the edge sample (reflect).
double padded_sample(const std::vector<double>& x, int64_t m, int64_t pad, PadMode mode) {
  const int64_t length = static_cast<int64_t>(x.size());
  int64_t j = m - pad;
  if (j >= 0 && j < length) return x[j];
  if (mode == PadMode::Constant) return 0.0;
  j = j < 0 ? -j : 2 * (length - 1) - j;
  return x[j];
}

// X[f, t] = sum_n xp[t * hop + n] w[n] exp(-2 pi i f n / N) written out term by term, with the
// window (win_length <= N) centred in the frame: (N/2 + 1, frames), complex128.
torch::Tensor naive_stft(const std::vector<double>& x, const std::vector<double>& window,
                         int64_t n_fft, int64_t hop, bool center, PadMode mode) {
  const int64_t pad = center ? n_fft / 2 : 0;
  const int64_t padded_length = static_cast<int64_t>(x.size()) + 2 * pad;
  const int64_t frames = 1 + (padded_length - n_fft) / hop;
  const int64_t bins = n_fft / 2 + 1;
  const int64_t left = (n_fft - static_cast<int64_t>(window.size())) / 2;
  auto out = torch::zeros({bins, frames}, torch::kComplexDouble);
  auto* data = out.data_ptr<c10::complex<double>>();
  for (int64_t f = 0; f < bins; ++f) {
    for (int64_t t = 0; t < frames; ++t) {
      double re = 0.0, im = 0.0;
      for (int64_t n = left; n < left + static_cast<int64_t>(window.size()); ++n) {
        const double value = padded_sample(x, t * hop + n, pad, mode) * window[n - left];
        const double angle = 2.0 * M_PI * static_cast<double>((f * n) % n_fft) / n_fft;
        re += value * std::cos(angle);
        im -= value * std::sin(angle);
      }
      data[f * frames + t] = c10::complex<double>(re, im);
    }
  }
  return out;
}

std::vector<double> to_vector(const torch::Tensor& values) {
  const auto contiguous = values.to(torch::kFloat64).contiguous();
  return {contiguous.data_ptr<double>(), contiguous.data_ptr<double>() + contiguous.numel()};
}

struct NaiveCase {
  std::string name;
  int64_t n_fft, win_length, hop;
  bool center;
  PadMode pad_mode;
  bool hann;  ///< the periodic Hann formula; otherwise random custom window values
};

class NaiveDft : public ::testing::TestWithParam<Backend> {};

TEST_P(NaiveDft, MatchesTheDefinitionInFloat64) {
  const std::vector<NaiveCase> cases = {
      {"16_win12_zeros", 16, 12, 4, true, PadMode::Constant, false},
      {"15_win11_reflect", 15, 11, 3, true, PadMode::Reflect, false},
      {"32_uncentred", 32, 32, 8, false, PadMode::Constant, false},
      {"20_hann", 20, 20, 5, true, PadMode::Constant, true},
      {"21_win16_hann_reflect", 21, 16, 7, true, PadMode::Reflect, true},
  };
  torch::manual_seed(3);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto signal = torch::randn({97}, torch::kFloat64);
    std::vector<double> window(c.win_length);
    if (c.hann) {
      for (int64_t n = 0; n < c.win_length; ++n) {
        window[n] = 0.5 - 0.5 * std::cos(2.0 * M_PI * n / c.win_length);
      }
    } else {
      window = to_vector(torch::rand({c.win_length}, torch::kFloat64) + 0.1);
    }
    const auto options =
        STFTOptions(c.n_fft)
            .win_length(c.win_length)
            .hop_length(c.hop)
            .center(c.center)
            .pad_mode(c.pad_mode)
            .window(c.hann ? Window::hann()
                           : Window::custom(torch::tensor(window, torch::kFloat64)))
            .backend(GetParam());
    STFT stft(options);
    const auto expected =
        naive_stft(to_vector(signal), window, c.n_fft, c.hop, c.center, c.pad_mode);
    // Both sides are float64 sums of at most 32 terms: ~1e-16 relative is what rounding leaves.
    EXPECT_LE(relative_error(stft(signal), expected), 1e-12);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, NaiveDft, ::testing::Values(Backend::FFT, Backend::Conv),
                         [](const auto& info) { return to_string(info.param); });

class ToneOnGrid : public ::testing::TestWithParam<FreqScale> {};

// A pure tone at the centre frequency of bin k (frequencies() in Hz) peaks in bin k in every
// frame that lies wholly inside the signal. The log grid's lowest tested bin is 0.39 FFT bins
// from its neighbour, where the Hann main lobe is already 10% down, so the argmax is robust.
TEST_P(ToneOnGrid, PureTonePeaksInItsBin) {
  const double sr = 22050.0;
  STFT stft(STFTOptions(1024)
                .hop_length(256)
                .freq_scale(GetParam())
                .fmin(100.0)
                .fmax(8000.0)
                .freq_bins(64)
                .sr(sr)
                .output_format(OutputFormat::Magnitude));
  EXPECT_EQ(stft->backend(), Backend::Conv);
  const auto frequencies = stft->frequencies();
  ASSERT_EQ(frequencies.size(0), 64);
  const auto time = torch::arange(8192, torch::kFloat64) / sr;
  for (const int64_t k : {3, 17, 40, 62}) {
    SCOPED_TRACE(k);
    const double hz = frequencies[k].item<double>();
    const auto magnitude = stft(torch::sin(2.0 * M_PI * hz * time));
    const int64_t frames = magnitude.size(-1);
    const auto inner = magnitude.narrow(-1, 4, frames - 8);
    EXPECT_TRUE(torch::all(inner.argmax(0) == k).item<bool>()) << "peaks: " << inner.argmax(0);
  }
}

INSTANTIATE_TEST_SUITE_P(Scales, ToneOnGrid,
                         ::testing::Values(FreqScale::Linear, FreqScale::Log, FreqScale::Log2),
                         [](const auto& info) { return to_string(info.param); });

TEST(StftGrid, LinearGridIsNnAudiosAndDrivesTheKernels) {
  const double sr = 16000.0, fmin = 50.0, fmax = 6000.0;
  const int64_t n_fft = 512, bins = 100;
  STFT stft(STFTOptions(n_fft)
                .freq_scale(FreqScale::Linear)
                .fmin(fmin)
                .fmax(fmax)
                .freq_bins(bins)
                .sr(sr));
  const auto frequencies = stft->frequencies();
  EXPECT_EQ(frequencies.scalar_type(), torch::kFloat64);
  const auto from_kernels =
      kernels::fourier_frequencies({n_fft, FreqScale::Linear, bins, fmin, fmax, sr});
  EXPECT_TRUE(torch::equal(frequencies, from_kernels));
  // nnAudio's linear grid: bin k at fmin + k (fmax - fmin) / freq_bins, below fmax.
  const auto expected =
      fmin + torch::arange(bins, torch::kFloat64) * ((fmax - fmin) / static_cast<double>(bins));
  EXPECT_LE(relative_error(frequencies, expected), 1e-14);
  EXPECT_LT(frequencies[-1].item<double>(), fmax);
  // The kernels are the DFT rows at those frequencies: cos(2 pi f_k n / sr), -sin(...).
  const auto n = torch::arange(n_fft, torch::kFloat64);
  const auto phase = 2.0 * M_PI * expected.unsqueeze(1) * n / sr;
  // Phases reach ~1.2e3 rad, so rounding of the phase alone is ~1e-13.
  EXPECT_LE((stft->kernel_cos - torch::cos(phase)).abs().max().item<double>(), 1e-10);
  EXPECT_LE((stft->kernel_sin + torch::sin(phase)).abs().max().item<double>(), 1e-10);

  STFT fft_grid(STFTOptions(n_fft).sr(sr));
  EXPECT_LE(relative_error(fft_grid->frequencies(),
                           torch::arange(n_fft / 2 + 1, torch::kFloat64) * (sr / n_fft)),
            1e-15);
}

// nnAudio's log grids written as nnAudio's create_fourier_kernels computes them: start_bin =
// fmin n_fft / sr, then bin k at start_bin * exp(k ln(fmax / fmin) / freq_bins) ('log') or
// start_bin * 2^(k log2(fmax / fmin) / freq_bins) ('log2'); the kernels are the DFT rows there.
TEST(StftGrid, LogGridsAreNnAudiosAndDriveTheKernels) {
  const double sr = 22050.0, fmin = 100.0, fmax = 8000.0;
  const int64_t n_fft = 1024, bins = 64;
  const auto k = torch::arange(bins, torch::kFloat64);
  const double start_bin = fmin * n_fft / sr;
  for (auto scale : {FreqScale::Log, FreqScale::Log2}) {
    SCOPED_TRACE(to_string(scale));
    STFT stft(STFTOptions(n_fft).freq_scale(scale).fmin(fmin).fmax(fmax).freq_bins(bins).sr(sr));
    const auto expected_bins =
        scale == FreqScale::Log ? torch::exp(k * (std::log(fmax / fmin) / bins)) * start_bin
                                : torch::pow(2.0, k * (std::log2(fmax / fmin) / bins)) * start_bin;
    // Measured 0 (log) and 5.2e-16 (log2).
    EXPECT_LE(relative_error(stft->frequencies(), expected_bins * (sr / n_fft)), 1e-14);
    const auto n = torch::arange(n_fft, torch::kFloat64);
    const auto phase = 2.0 * M_PI * expected_bins.unsqueeze(1) * n / n_fft;
    // Phases reach ~1.5e3 rad, so rounding of the phase alone is ~1e-13.
    EXPECT_LE((stft->kernel_cos - torch::cos(phase)).abs().max().item<double>(), 1e-10);
    EXPECT_LE((stft->kernel_sin + torch::sin(phase)).abs().max().item<double>(), 1e-10);
  }
}

}  // namespace
}  // namespace nnaudio::test
