// CQT / VQT against librosa: the wavelet lengths and basis fixtures, a direct float64
// evaluation of librosa's definition with the fixture basis, librosa.cqt / librosa.vqt's
// multirate outputs, pure tones, and the algorithms against each other.

#include <gtest/gtest.h>

#include <nnaudio/functional/cqt.h>
#include <nnaudio/nnaudio.h>

#include <cmath>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

constexpr CQTAlgorithm kAlgorithms[] = {CQTAlgorithm::CQT1992, CQTAlgorithm::CQT1992v2,
                                        CQTAlgorithm::CQT2010, CQTAlgorithm::CQT2010v2};

// The wavelet fixtures: 48 bins from 130.81 Hz at 12 per octave, sr 22050, hann, L1 norm.
constexpr double kWaveletFmin = 130.81;
constexpr double kWaveletSr = 22050;

torch::Tensor wavelet_frequencies() {
  return kernels::cqt_frequencies(48, kWaveletFmin, 12);
}

// librosa's definition of one frame's response, independent of the library's kernels:
// sum over the kept FFT bins of FFT(basis * length / n_fft) * FFT(frame), then / sqrt(length).
// `bins`: n_fft (all frequencies, the full-rate definition) or n_fft/2 + 1 (what librosa keeps).
torch::Tensor direct_librosa_response(const torch::Tensor& signal, const torch::Tensor& basis,
                                      const torch::Tensor& lengths, int64_t hop, int64_t bins) {
  const int64_t n_fft = basis.size(1);
  const auto padded = torch::constant_pad_nd(signal, {n_fft / 2, n_fft / 2});
  const int64_t frames = 1 + (padded.size(0) - n_fft) / hop;
  const auto framed = padded.unfold(0, n_fft, hop);  // (frames, n_fft)
  const auto frame_spectra = torch::fft::fft(framed.to(torch::kComplexDouble)).narrow(1, 0, bins);
  const auto kernel = (torch::fft::fft(basis * (lengths.unsqueeze(1) / n_fft))).narrow(1, 0, bins);
  EXPECT_EQ(framed.size(0), frames);
  return torch::matmul(kernel, frame_spectra.transpose(0, 1)) / torch::sqrt(lengths).unsqueeze(1);
}

CQTOptions wavelet_fixture_options(double gamma) {
  return CQTOptions(kWaveletSr)
      .fmin(kWaveletFmin)
      .n_bins(48)
      .hop_length(256)
      .gamma(gamma)
      .sparsity(0);
}

// The two wavelet fixture sets: librosa/wavelet_{basis,lengths}_<index>.npy and their gamma.
struct WaveletFixture {
  std::string index;
  double gamma;
  std::string basis() const { return "librosa/wavelet_basis_" + index + ".npy"; }
  std::string lengths() const { return "librosa/wavelet_lengths_" + index + ".npy"; }
};
const std::vector<WaveletFixture> kWaveletFixtures = {{"0", 0.0}, {"1", 20.0}};

void print_row(const std::string& what, double error) {
  std::cout << "[ reference ] " << what << ": relative error " << error << "\n";
}

// ---------------------------------------------------------------------------------------------
// Kernels.

TEST(CQTKernels, WaveletLengthsMatchLibrosa) {
  for (const auto& fixture : kWaveletFixtures) {
    const auto lengths = kernels::wavelet_lengths(wavelet_frequencies(), kWaveletSr, 12,
                                                  Window::hann(), 1.0, fixture.gamma)
                             .lengths;
    const double error = relative_error(lengths, load_fixture(fixture.lengths()));
    print_row(fixture.lengths(), error);
    EXPECT_LE(error, 1e-10) << fixture.lengths();
  }
}

TEST(CQTKernels, WaveletBasisMatchesLibrosa) {
  for (const auto& fixture : kWaveletFixtures) {
    const auto freqs = wavelet_frequencies();
    const auto lengths =
        kernels::wavelet_lengths(freqs, kWaveletSr, 12, Window::hann(), 1.0, fixture.gamma).lengths;
    const auto basis =
        kernels::wavelet_basis(freqs, lengths, kWaveletSr, Window::hann(), WaveletNorm::l1());
    const auto expected = load_complex_fixture(fixture.basis());
    ASSERT_EQ(basis.sizes(), expected.sizes());
    const double error = relative_error(basis, expected);
    print_row(fixture.basis(), error);
    EXPECT_LE(error, 1e-10) << fixture.basis();
  }
}

TEST(CQTKernels, NormsAndSparsity) {
  const auto freqs = wavelet_frequencies().narrow(0, 0, 3);
  const auto lengths =
      kernels::wavelet_lengths(freqs, kWaveletSr, 12, Window::hann(), 1.0, 0).lengths;
  const auto l1 =
      kernels::wavelet_basis(freqs, lengths, kWaveletSr, Window::hann(), WaveletNorm::l1());
  const auto l2 =
      kernels::wavelet_basis(freqs, lengths, kWaveletSr, Window::hann(), WaveletNorm::l2());
  const auto peak =
      kernels::wavelet_basis(freqs, lengths, kWaveletSr, Window::hann(), WaveletNorm::max());
  EXPECT_NEAR(l1.abs().sum(1).max().item<double>(), 1.0, 1e-12);
  EXPECT_NEAR(l2.abs().pow(2).sum(1).max().item<double>(), 1.0, 1e-12);
  EXPECT_NEAR(std::get<0>(peak.abs().max(1)).min().item<double>(), 1.0, 1e-12);
  // Sparsifying keeps at least 99 % of each row's L1 mass and drops only small entries.
  const auto kernel = kernels::frequency_domain_kernels(l1, 0.01);
  const auto full = kernels::frequency_domain_kernels(l1, 0.0);
  const auto kept = kernel.abs().sum(1) / full.abs().sum(1);
  EXPECT_GE(kept.min().item<double>(), 0.99);
  EXPECT_LT((kernel.abs() > 0).sum().item<int64_t>(), (full.abs() > 0).sum().item<int64_t>());
}

TEST(CQTKernels, HalvingLowpassMeetsSoxrHighQualitySpecification) {
  const auto taps = kernels::halving_lowpass();
  const int64_t half = taps.size(0) / 2;
  const auto n = torch::arange(-half, half + 1, torch::kFloat64);
  auto response = [&](double fraction_of_new_nyquist) {
    const double w = fraction_of_new_nyquist * M_PI / 2;
    return std::abs((taps * torch::cos(n * w)).sum().item<double>());  // symmetric: real
  };
  for (double f : {0.0, 0.3, 0.6, 0.9}) EXPECT_NEAR(response(f), 1.0, 1e-6) << f;
  for (double f : {1.0, 1.2, 1.6, 2.0}) EXPECT_LT(response(f), 1e-6) << f;  // < -120 dB
}

TEST(CQTKernels, HalveRateIsFilteringThenDecimation) {
  // Against the direct time-domain convolution with zeros outside the signal, odd and even
  // lengths, shorter and longer than the filter; without a gradient (FFTW on the CPU), with one
  // (torch::fft, differentiable), float32, and leading dimensions.
  const auto taps = kernels::halving_lowpass();
  const int64_t half = taps.size(0) / 2;
  torch::manual_seed(2);
  for (int64_t length : {1, 2, 7, 300, 1001, 4000}) {
    const auto signal = torch::randn({2, 3, length}, torch::kFloat64);
    const auto padded = torch::constant_pad_nd(signal.view({6, length}), {half, half}).unsqueeze(1);
    const auto direct =
        torch::conv1d(padded, taps.flip(0).view({1, 1, -1}), {}, 2).view({2, 3, -1});
    const auto halved = functional::halve_rate(signal, taps);
    ASSERT_EQ(halved.sizes(), direct.sizes()) << length;
    EXPECT_LE(relative_error(halved, direct), 1e-12) << length;
    const auto tracked = signal.clone().requires_grad_();
    const auto with_graph = functional::halve_rate(tracked, taps);
    EXPECT_TRUE(with_graph.requires_grad());
    EXPECT_LE(relative_error(with_graph.detach(), direct), 1e-12) << length;
    const auto single = functional::halve_rate(signal.to(torch::kFloat32), taps);
    EXPECT_EQ(single.scalar_type(), torch::kFloat32);
    EXPECT_LE(relative_error(single.to(torch::kFloat64), direct), 1e-6) << length;
  }
}

// ---------------------------------------------------------------------------------------------
// Full-rate algorithms against librosa's definition evaluated directly with the fixture basis.

TEST(CQTReference, FullRateAlgorithmsMatchDirectDefinition) {
  const auto signal = load_fixture("signals/chirp_22050.npy");
  for (const auto& fixture : kWaveletFixtures) {
    const double gamma = fixture.gamma;
    const auto basis = load_complex_fixture(fixture.basis());
    const auto lengths = load_fixture(fixture.lengths());
    const int64_t n_fft = basis.size(1);
    // CQT1992v2 convolves in the time domain: librosa's definition over all FFT bins.
    const auto all_bins = direct_librosa_response(signal, basis, lengths, 256, n_fft);
    const auto direct = CQT1992v2(wavelet_fixture_options(gamma))->forward(signal);
    const double error_v2 = relative_error(direct, all_bins);
    print_row("CQT1992v2 vs direct (" + fixture.basis() + ")", error_v2);
    EXPECT_LE(error_v2, 1e-10);
    // CQT1992 multiplies spectra over the non-negative frequencies as librosa does.
    const auto half_bins = direct_librosa_response(signal, basis, lengths, 256, n_fft / 2 + 1);
    const auto product = CQT1992(wavelet_fixture_options(gamma))->forward(signal);
    const double error_1992 = relative_error(product, half_bins);
    print_row("CQT1992 vs direct (" + fixture.basis() + ")", error_1992);
    EXPECT_LE(error_1992, 1e-10);
  }
}

// ---------------------------------------------------------------------------------------------
// The multirate algorithm against librosa.cqt / librosa.vqt.

struct LibrosaCase {
  std::string fixture, signal;
  CQTOptions options;
};

std::vector<LibrosaCase> librosa_cases() {
  return {
      {"cqt_0", "chirp_22050", CQTOptions(22050).hop_length(512).fmin(32.7).n_bins(84)},
      {"cqt_1", "tones_44100",
       CQTOptions(44100).hop_length(256).fmin(55.0).n_bins(96).bins_per_octave(24).filter_scale(
           0.8)},
      {"vqt_0", "chirp_22050", CQTOptions(22050).hop_length(512).fmin(32.7).n_bins(84).gamma(20.0)},
  };
}

// CQT2010 is librosa's algorithm and must match it to 1e-3 (measured 4.2e-7 on cqt_0 and vqt_0,
// whose halvings are all 2:1 and use soxr's own filter; 2.7e-4 on cqt_1, which librosa first
// downsamples 8:1 in one soxr call that chains half-band stages, and this library halves three
// times). The others compute the transform without librosa's
// approximations: sparsified kernels (which drop up to 1 % of each kernel's mass, more for the
// short low-frequency VQT filters) and kernels rebuilt at each octave's rate; measured against
// the fixtures 0.55 - 0.68 % (2010v2), 1.1 - 1.5 % (1992, 1992v2 on the CQTs), 7.7 % (VQT).
double tolerance(CQTAlgorithm algorithm, bool vqt) {
  switch (algorithm) {
    case CQTAlgorithm::CQT2010:
      return 1e-3;
    case CQTAlgorithm::CQT2010v2:
      return 1e-2;
    default:
      return vqt ? 0.1 : 2e-2;
  }
}

// The worst single bin (row) against the same fixtures, so that a wrong low-energy bin cannot
// hide in the global error. Measured (cqt_0, cqt_1, vqt_0): CQT2010 2.7e-6, 0.021, 5.8e-7;
// CQT2010v2 0.015, 0.19, 0.025; CQT1992 / 1992v2 0.072, 0.12 - 0.19, 0.23: the global errors'
// causes (sparsified kernels, kernels rebuilt per octave) weigh most in bins of little energy.
double row_tolerance(CQTAlgorithm algorithm, bool vqt) {
  switch (algorithm) {
    case CQTAlgorithm::CQT2010:
      return 0.05;
    case CQTAlgorithm::CQT2010v2:
      return 0.3;
    default:
      return vqt ? 0.4 : 0.3;
  }
}

TEST(CQTReference, AlgorithmsMatchLibrosa) {
  for (const auto& test_case : librosa_cases()) {
    const auto signal = load_fixture("signals/" + test_case.signal + ".npy");
    const auto expected = load_complex_fixture("librosa/" + test_case.fixture + ".npy");
    for (auto algorithm : kAlgorithms) {
      auto options = test_case.options;
      CQT cqt(options.algorithm(algorithm));
      const auto actual = cqt(signal);
      ASSERT_EQ(actual.sizes(), expected.sizes()) << test_case.fixture;
      const double error = relative_error(actual, expected);
      const double row = max_row_error(actual, expected);
      print_row(test_case.fixture + " " + to_string(algorithm), error);
      print_row(test_case.fixture + " " + to_string(algorithm) + " worst bin", row);
      const bool vqt = test_case.fixture == "vqt_0";
      EXPECT_LE(error, tolerance(algorithm, vqt))
          << test_case.fixture << " " << to_string(algorithm);
      EXPECT_LE(row, row_tolerance(algorithm, vqt))
          << test_case.fixture << " " << to_string(algorithm);
    }
  }
}

TEST(CQTConsistency, Float32StaysCloseToFloat64) {
  const auto test_case = librosa_cases()[0];
  const auto signal = load_fixture("signals/" + test_case.signal + ".npy");
  for (auto algorithm : kAlgorithms) {
    auto options = test_case.options;
    CQT cqt(options.algorithm(algorithm));
    const auto single = cqt(signal.to(torch::kFloat32));
    const auto reference = cqt(signal);
    EXPECT_LE(relative_error(single, reference), 1e-5) << to_string(algorithm);
    const double row = max_row_error(single, reference);
    print_row("float32 " + to_string(algorithm) + " worst bin", row);
    // Worst bin measured 1.0e-6 (1992) to 3.4e-6 (2010, 2010v2).
    EXPECT_LE(row, 2e-5) << to_string(algorithm);
  }
}

// ---------------------------------------------------------------------------------------------
// Pure tones.

TEST(CQTReference, PureTonesPeakInTheirBin) {
  const double sr = 16000;
  const auto t = torch::arange(16000, torch::kFloat64) / sr;
  for (auto algorithm : kAlgorithms) {
    for (double gamma : {0.0, 10.0}) {
      CQT cqt(CQTOptions(sr)
                  .fmin(55)
                  .n_bins(72)
                  .hop_length(128)
                  .gamma(gamma)
                  .algorithm(algorithm)
                  .output_format(OutputFormat::Magnitude));
      for (int64_t bin : {5, 30, 61}) {
        const double f = 55 * std::pow(2.0, bin / 12.0);
        const auto magnitude = cqt(torch::sin(2 * M_PI * f * t));
        const auto middle = magnitude.narrow(1, magnitude.size(1) / 2, 1).squeeze(1);
        EXPECT_EQ(middle.argmax().item<int64_t>(), bin)
            << to_string(algorithm) << " gamma " << gamma << " tone " << f << " Hz";
      }
    }
  }
}

TEST(CQTReference, WrapNormalisationGivesToneAmplitude) {
  const double sr = 16000;
  const auto t = torch::arange(16000, torch::kFloat64) / sr;
  const double f = 55 * std::pow(2.0, 40 / 12.0);
  CQT cqt(CQTOptions(sr)
              .fmin(55)
              .n_bins(60)
              .hop_length(128)
              .sparsity(0)
              .algorithm(CQTAlgorithm::CQT1992v2)
              .normalization_type(CQTNormalization::Wrap)
              .output_format(OutputFormat::Magnitude));
  const auto magnitude = cqt(0.7 * torch::cos(2 * M_PI * f * t));
  EXPECT_NEAR(magnitude[40][magnitude.size(1) / 2].item<double>(), 0.7, 0.7 * 1e-3);
}

// Self-consistency, not a reference: every pair of distinct algorithms agrees on noise through
// 5 octaves at 16 kHz within the bound the librosa comparison gives them (measured 0.60 % to
// 1.03 % globally, 0.84 % to 1.6 % in the worst bin).
TEST(CQTConsistency, AlgorithmsAgreeWithEachOther) {
  torch::manual_seed(3);
  const auto signal = torch::randn({16000}, torch::kFloat64);
  const auto options = CQTOptions(16000).fmin(65).n_bins(60).hop_length(256);
  std::vector<torch::Tensor> outputs;
  for (auto algorithm : kAlgorithms) {
    outputs.push_back(CQT(CQTOptions(options).algorithm(algorithm))(signal));
  }
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    for (std::size_t j = i + 1; j < outputs.size(); ++j) {
      const auto pair = to_string(kAlgorithms[i]) + " vs " + to_string(kAlgorithms[j]);
      const double error = relative_error(outputs[i], outputs[j]);
      const double row = max_row_error(outputs[i], outputs[j]);
      print_row("noise " + pair, error);
      print_row("noise " + pair + " worst bin", row);
      EXPECT_LE(error, 2e-2) << pair;
      EXPECT_LE(row, 0.03) << pair;  // worst bin measured 0.0084 - 0.016
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Windows and norms at module level, against librosa's definition with a basis built here from
// librosa.filters.wavelet's documented recipe (checked first against the hann / L1 fixture):
// filter k is exp(2 pi i f_k t / sr) for t in [floor(-l_k / 2), floor(l_k / 2)), times the
// periodic window of that many samples, divided by its norm, centred in n_fft samples.

torch::Tensor periodic_window(const std::string& name, int64_t n) {
  const auto phase = 2 * M_PI * torch::arange(n, torch::kFloat64) / n;
  if (name == "hann") return 0.5 - 0.5 * torch::cos(phase);
  if (name == "hamming") return 0.54 - 0.46 * torch::cos(phase);
  return 0.42 - 0.5 * torch::cos(phase) + 0.08 * torch::cos(2 * phase);  // blackman
}

torch::Tensor wavelet_basis_here(const torch::Tensor& freqs, const torch::Tensor& lengths,
                                 double sr, const std::string& window, const std::string& norm,
                                 int64_t n_fft) {
  auto basis = torch::zeros({freqs.size(0), n_fft}, torch::kComplexDouble);
  for (int64_t k = 0; k < freqs.size(0); ++k) {
    const double l = lengths[k].item<double>();
    const auto t = torch::arange(std::floor(-l / 2), std::floor(l / 2), torch::kFloat64);
    const auto angle = 2 * M_PI * freqs[k].item<double>() * t / sr;
    auto filter =
        torch::complex(torch::cos(angle), torch::sin(angle)) * periodic_window(window, t.size(0));
    const auto magnitude = filter.abs();
    const auto scale = norm == "l1"   ? magnitude.sum()
                       : norm == "l2" ? magnitude.pow(2).sum().sqrt()
                                      : magnitude.max();
    filter = filter / scale;
    basis[k].narrow(0, (n_fft - t.size(0)) / 2, t.size(0)).copy_(filter);
  }
  return basis;
}

TEST(CQTReference, WindowsAndNormsMatchTheDefinition) {
  const auto freqs = wavelet_frequencies();
  const auto lengths = load_fixture(kWaveletFixtures[0].lengths());
  // The recipe reproduces librosa's hann / L1 basis (measured 0, exactly the same samples).
  const auto fixture = load_complex_fixture(kWaveletFixtures[0].basis());
  EXPECT_LE(
      relative_error(wavelet_basis_here(freqs, lengths, kWaveletSr, "hann", "l1", 4096), fixture),
      1e-12);
  const auto signal = load_fixture("signals/chirp_22050.npy").narrow(0, 0, 11025);
  const std::vector<std::pair<std::string, Window>> windows = {{"hamming", Window::hamming()},
                                                               {"blackman", Window::blackman()}};
  const std::vector<std::pair<std::string, WaveletNorm>> norms = {
      {"l1", WaveletNorm::l1()}, {"l2", WaveletNorm::l2()}, {"max", WaveletNorm::max()}};
  for (const auto& [window_name, window] : windows) {
    for (const auto& [norm_name, norm] : norms) {
      const auto options = wavelet_fixture_options(0).window(window).norm(norm);
      CQT1992v2 direct(options);
      const auto lengths = direct->lengths();
      const auto basis =
          wavelet_basis_here(freqs, lengths, kWaveletSr, window_name, norm_name, 4096);
      // CQT1992v2 over all FFT bins, CQT1992 (frequency-domain kernels, unsparsified) over the
      // non-negative ones, as in FullRateAlgorithmsMatchDirectDefinition.
      const std::vector<std::pair<torch::Tensor, torch::Tensor>> pairs = {
          {direct(signal), direct_librosa_response(signal, basis, lengths, 256, 4096)},
          {CQT1992(options)(signal), direct_librosa_response(signal, basis, lengths, 256, 2049)}};
      for (const auto& [actual, expected] : pairs) {
        const double error = relative_error(actual, expected);
        const double row = max_row_error(actual, expected);
        print_row(window_name + " " + norm_name + " (global)", error);
        print_row(window_name + " " + norm_name + " (worst bin)", row);
        // Measured 1.1e-15 to 1.4e-15 (global) and 1.1e-14 to 2.8e-14 in the worst bin.
        EXPECT_LE(error, 1e-10) << window_name << " " << norm_name;
        EXPECT_LE(row, 1e-10) << window_name << " " << norm_name;
      }
    }
  }
}

// librosa always downsamples early where the top filter allows it (cqt_1: 3 halvings before
// the first octave; cqt_0 allows none). Without it the octaves' kernels are built and
// sparsified at other rates than librosa's, so the bounds are those of the algorithms without
// librosa's approximations (above): measured 0.94 % global / 6.5 % worst bin (2010) and 1.1 % /
// 19 % (2010v2); with sparsity 0 and early downsampling CQT2010 is already 0.55 % / 19 % away,
// so the sparsification, not the missing downsampling, makes the difference.
TEST(CQTReference, WithoutEarlyDownsamplingMatchesLibrosa) {
  const auto test_case = librosa_cases()[1];
  const auto signal = load_fixture("signals/" + test_case.signal + ".npy");
  const auto expected = load_complex_fixture("librosa/" + test_case.fixture + ".npy");
  for (auto algorithm : {CQTAlgorithm::CQT2010, CQTAlgorithm::CQT2010v2}) {
    const auto options = CQTOptions(test_case.options).algorithm(algorithm);
    const auto actual = CQT(CQTOptions(options).earlydownsample(false))(signal);
    ASSERT_EQ(actual.sizes(), expected.sizes());
    // The option changes the computation here (measured 0.94 %), else this would check nothing.
    EXPECT_GT(relative_error(actual, CQT(options)(signal)), 1e-3);
    const double error = relative_error(actual, expected);
    const double row = max_row_error(actual, expected);
    print_row(test_case.fixture + " " + to_string(algorithm) + " earlydownsample=false", error);
    EXPECT_LE(error, 2e-2) << to_string(algorithm);
    EXPECT_LE(row, 0.3) << to_string(algorithm);
  }
}

}  // namespace
}  // namespace nnaudio::test
