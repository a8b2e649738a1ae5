// Gammatone filter bank and Gammatonegram: nnAudio 0.3.3 fixtures (tests/data/nnaudio, see the
// README there), the bank's analytic shape, autograd, trainable kernels, batches, shapes and
// dtypes, clone / save / load, and every option check.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <cmath>
#include <set>
#include <sstream>
#include <string>

#include "support/expectations.h"
#include "support/helpers.h"

namespace nnaudio::test {
namespace {

// The fixtures' parameters (manifest.json): sr 44100, n_fft 2048, 64 bins, fmin 20 Hz.
GammatonegramOptions fixture_options() {
  return GammatonegramOptions(44100).n_fft(2048).hop_length(512).n_bins(64).fmin(20.0);
}

torch::Tensor fixture_bank() {
  return kernels::gammatone_filterbank(
      kernels::GammatoneFilterbankOptions(44100, 2048).n_bins(64).fmin(20.0));
}

torch::Tensor round_to_float32(const torch::Tensor& x) {
  return x.to(torch::kFloat32).to(torch::kFloat64);
}

torch::Tensor noise(std::vector<int64_t> shape, torch::Dtype dtype = torch::kFloat64) {
  torch::manual_seed(7);
  return torch::randn(shape, torch::TensorOptions().dtype(dtype));
}

// A small module for the gradient checks: 4 bands over 9 bins.
GammatonegramOptions small_options() {
  return GammatonegramOptions(8000).n_fft(16).hop_length(4).n_bins(4).fmin(100.0);
}

TEST(GammatoneKernel, IsNnAudiosBankBeforeItsFloat32Rounding) {
  const auto expected = load_fixture("nnaudio/gammatone_filterbank_0.npy");
  const auto bank = fixture_bank();
  ASSERT_EQ(bank.sizes(), expected.sizes());
  // nnAudio keeps the bank in float32: rounding ours the same way gives its values exactly.
  EXPECT_LE(relative_error(round_to_float32(bank), expected), 1e-10);
  // Unrounded, the difference is that rounding (measured 2.2e-8).
  EXPECT_LE(relative_error(bank, expected), 5e-8);
}

TEST(GammatoneKernel, CentreFrequenciesSpanFminTowardsFmax) {
  const auto centres = kernels::gammatone_frequencies(64, 20.0, 22050.0);
  ASSERT_EQ(centres.numel(), 64);
  EXPECT_NEAR(centres[0].item<double>(), 20.0, 1e-9);
  EXPECT_LT(centres[63].item<double>(), 22050.0);
  EXPECT_TRUE(torch::all(centres.diff() > 0).item<bool>());
  // Even spacing of log(f + EarQ * minBW).
  const auto erb_rate = torch::log(centres + 9.26449 * 24.7);
  const auto steps = erb_rate.diff();
  EXPECT_LE((steps - steps.mean()).abs().max().item<double>(), 1e-12);
  Gammatonegram module(fixture_options());
  EXPECT_TRUE(torch::equal(module->frequencies(), centres));
}

// Each filter is normalised to gain 1 at its centre: on a fine FFT grid its peak is there.
TEST(GammatoneKernel, EachBandPeaksAtItsCentreWithUnitGain) {
  const int64_t n_fft = 1 << 16;
  const double sr = 16000.0;
  const auto bank =
      kernels::gammatone_filterbank(kernels::GammatoneFilterbankOptions(sr, n_fft).n_bins(8)) *
      n_fft;
  const auto centres = kernels::gammatone_frequencies(8, 20.0, sr / 2);
  const auto [peak, bin] = bank.max(1);
  for (int64_t m = 0; m < 8; ++m) {
    SCOPED_TRACE(m);
    const double centre = centres[m].item<double>();
    const double bandwidth = 1.019 * (centre / 9.26449 + 24.7);
    EXPECT_NEAR(bin[m].item<int64_t>() * sr / n_fft, centre, 0.05 * bandwidth);
    EXPECT_NEAR(peak[m].item<double>(), 1.0, 0.02);
  }
  EXPECT_TRUE(torch::all(bank >= 0).item<bool>());
}

class GammatonegramReference : public ::testing::TestWithParam<std::string> {};

TEST_P(GammatonegramReference, MatchesNnAudio) {
  NNAUDIO_REQUIRE_DEVICE(GetParam());
  const torch::Device device(GetParam());
  const auto expected = load_fixture("nnaudio/gammatonegram_0.npy");
  const auto signal = load_fixture("signals/tones_44100.npy").to(device);
  for (const auto backend : {Backend::FFT, Backend::Conv}) {
    SCOPED_TRACE(to_string(backend));
    Gammatonegram module(fixture_options().backend(backend));
    module->to(device);
    // nnAudio's float32 kernels (see the next test) account for all of the 1.7e-8.
    EXPECT_LE(relative_error(module(signal), expected), 5e-8);
    const auto single = module(signal.to(torch::kFloat32));
    EXPECT_LE(relative_error(single, expected), 1e-5);
    const double row = max_row_error(single, expected);
    EXPECT_LE(row, 1e-5);  // worst band measured 8.6e-7 (FFT), 1.2e-6 (Conv)
  }
}

INSTANTIATE_TEST_SUITE_P(Devices, GammatonegramReference, ::testing::ValuesIn(device_names()),
                         device_test_name);

// nnAudio 0.3.3 stores its Fourier kernels and window in float32 and multiplies them in
// float32, and stores the gammatone bank in float32. Loading exactly those values into the
// module reproduces its output: the framing, padding, power and product are nnAudio's.
TEST(GammatonegramReference, WithNnAudiosFloat32KernelsIsExact) {
  Gammatonegram module(fixture_options().backend(Backend::Conv));
  {
    torch::NoGradGuard no_grad;
    auto& stft = *module->stft;
    const auto window = stft.window.to(torch::kFloat32);
    stft.kernel_cos.copy_(stft.kernel_cos.to(torch::kFloat32) * window);
    stft.kernel_sin.copy_(stft.kernel_sin.to(torch::kFloat32) * window);
    stft.window.fill_(1.0);
    module->gammatone_basis.copy_(round_to_float32(module->gammatone_basis));
  }
  const auto signal = load_fixture("signals/tones_44100.npy");
  EXPECT_LE(relative_error(module(signal), load_fixture("nnaudio/gammatonegram_0.npy")), 1e-10);
}

// Powers other than nnAudio's 2 (which the fixture covers) against an independent float64
// computation: nnAudio's fixture bank times |DFT|^power of the reflect-padded, Hann-windowed
// frames of the fixture signal, the DFT an explicit cosine / sine matrix. The bank's float32
// rounding in the fixture accounts for the difference (measured 7.7e-9 to 2.0e-8 global,
// 2.4e-8 to 2.9e-8 in the worst band).
TEST(GammatonegramReference, OtherPowersAreTheFixtureBankTimesANaiveDft) {
  const int64_t n_fft = 2048, hop = 512;
  const auto signal = load_fixture("signals/tones_44100.npy");
  const auto padded =
      torch::reflection_pad1d(signal.view({1, 1, -1}), {n_fft / 2, n_fft / 2}).view({-1});
  const auto n = torch::arange(n_fft, torch::kFloat64);
  const auto window = 0.5 - 0.5 * torch::cos(2 * M_PI * n / n_fft);
  const auto frames = padded.unfold(0, n_fft, hop) * window;  // (frames, n_fft)
  const auto phase = 2 * M_PI * torch::arange(n_fft / 2 + 1, torch::kFloat64).unsqueeze(1) * n /
                     n_fft;  // (bins, n_fft)
  const auto real = torch::cos(phase).matmul(frames.t());
  const auto imag = torch::sin(phase).matmul(frames.t());
  const auto magnitude = torch::sqrt(real.pow(2) + imag.pow(2));
  const auto bank = load_fixture("nnaudio/gammatone_filterbank_0.npy");
  for (const double power : {1.0, 0.5, 3.0}) {
    SCOPED_TRACE(power);
    Gammatonegram module(fixture_options().power(power));
    const auto expected = bank.matmul(magnitude.pow(power));
    const auto actual = module(signal);
    EXPECT_LE(relative_error(actual, expected), 5e-8);
    EXPECT_LE(max_row_error(actual, expected), 1e-7);
  }
}

// Consistency, not a reference: the module is its own bank times its own STFT's power.
TEST(GammatonegramConsistency, IsTheBankTimesThePowerSpectrogram) {
  const auto x = noise({1000});
  for (const double power : {1.0, 2.0, 0.5, 3.0}) {
    SCOPED_TRACE(power);
    Gammatonegram module(small_options().power(power));
    STFT stft(STFTOptions(16)
                  .hop_length(4)
                  .pad_mode(PadMode::Reflect)
                  .output_format(OutputFormat::Magnitude));
    const auto expected = torch::matmul(module->gammatone_basis, stft(x).pow(power));
    EXPECT_LE(relative_error(module(x), expected), 1e-13);
  }
}

TEST(GammatonegramAutograd, GradientsMatchCentralDifferences) {
  for (const double power : {2.0, 1.0, 0.7}) {
    SCOPED_TRACE(power);
    for (const auto backend : {Backend::FFT, Backend::Conv}) {
      SCOPED_TRACE(to_string(backend));
      Gammatonegram module(small_options().power(power).backend(backend));
      const auto x = noise({2, 16}).requires_grad_();
      const double error = max_gradient_error(
          [&](const std::vector<torch::Tensor>& in) { return module(in[0]); }, {x});
      EXPECT_LE(error, 1e-6);
    }
  }
}

TEST(GammatonegramAutograd, SilenceHasFiniteGradients) {
  for (const double power : {2.0, 1.0, 0.5}) {
    SCOPED_TRACE(power);
    Gammatonegram module(small_options().power(power));
    const auto x = torch::zeros({64}, torch::kFloat64).requires_grad_();
    module(x).sum().backward();
    EXPECT_TRUE(torch::all(torch::isfinite(x.grad())).item<bool>());
  }
}

std::set<std::string> names(const torch::OrderedDict<std::string, torch::Tensor>& dict) {
  std::set<std::string> keys;
  for (const auto& item : dict) keys.insert(item.key());
  return keys;
}

TEST(GammatonegramTrainable, KernelsAreParametersOnlyWhenAsked) {
  Gammatonegram frozen(small_options());
  EXPECT_TRUE(frozen->parameters().empty());
  EXPECT_EQ(names(frozen->named_buffers()),
            (std::set<std::string>{"gammatone_basis", "stft.window"}));

  Gammatonegram bins(small_options().trainable_bins(true));
  EXPECT_EQ(names(bins->named_parameters()), std::set<std::string>{"gammatone_basis"});

  Gammatonegram both(small_options().trainable_bins(true).trainable_STFT(true));
  EXPECT_EQ(names(both->named_parameters()),
            (std::set<std::string>{"gammatone_basis", "stft.window", "stft.kernel_cos",
                                   "stft.kernel_sin"}));
  EXPECT_EQ(both->stft->backend(), Backend::Conv);
}

TEST(GammatonegramTrainable, GradientsReachTheKernelsAndAStepChangesTheOutput) {
  Gammatonegram module(small_options().trainable_bins(true).trainable_STFT(true));
  const auto x = noise({2, 200});
  const auto target = (module(x) * 0.5).detach();
  const auto before = module(x).detach();
  torch::optim::SGD optimizer(module->parameters(), torch::optim::SGDOptions(1e-3));
  const auto loss = torch::mse_loss(module(x), target);
  loss.backward();
  for (const auto& item : module->named_parameters()) {
    SCOPED_TRACE(item.key());
    ASSERT_TRUE(item.value().grad().defined());
    EXPECT_TRUE(torch::all(torch::isfinite(item.value().grad())).item<bool>());
    EXPECT_GT(item.value().grad().abs().max().item<double>(), 0.0);
  }
  optimizer.step();
  const auto after = module(x).detach();
  EXPECT_GT(relative_error(after, before), 1e-6);
  EXPECT_LT(torch::mse_loss(after, target).item<double>(), loss.item<double>());
}

// out = basis @ S, so d sum(out * W) / d basis = W @ S^T.
TEST(GammatonegramTrainable, BankGradientIsTheProductsGradient) {
  Gammatonegram module(small_options().trainable_bins(true));
  const auto x = noise({60});
  const auto weights = torch::randn({4, 16}, torch::kFloat64);
  (module(x) * weights).sum().backward();
  const auto spectrum = module->stft(x).detach();
  EXPECT_LE(relative_error(module->gammatone_basis.grad(),
                           torch::matmul(weights, spectrum.transpose(0, 1))),
            1e-13);
}

TEST(GammatonegramBatch, ABatchIsEachItemAndLeadingDimsAreKept) {
  Gammatonegram module(small_options());
  const auto x = noise({3, 2, 100});
  const auto together = module(x);
  EXPECT_EQ(together.sizes(), torch::IntArrayRef({3, 2, 4, 26}));
  for (int64_t i = 0; i < 3; ++i) {
    for (int64_t j = 0; j < 2; ++j) {
      EXPECT_LE(relative_error(together[i][j], module(x[i][j])), 1e-14);
    }
  }
  // nnAudio's (batch, 1, time) form keeps its channel dim.
  EXPECT_EQ(module(x.select(1, 0).unsqueeze(1)).sizes(), torch::IntArrayRef({3, 1, 4, 26}));
}

TEST(GammatonegramBatch, BlocksOfABatchAreEachItem) {
  // Each float64 item's spectrogram is 1025 bins x 1501 frames = 12.3 MB: without autograd the
  // 5 items run in blocks of 2, 2 and 1 (below 32 MB each).
  Gammatonegram module(GammatonegramOptions(16000).n_fft(2048).hop_length(64).n_bins(16));
  const auto x = noise({5, 96000});
  torch::NoGradGuard no_grad;
  const auto together = module(x);
  for (int64_t i = 0; i < 5; ++i) {
    EXPECT_LE(relative_error(together[i], module(x[i])), 1e-14);
  }
}

TEST(GammatonegramShapes, OutputFollowsTheInputsShapeAndDtype) {
  Gammatonegram module(fixture_options());
  for (const auto dtype : {torch::kFloat32, torch::kFloat64}) {
    const auto x = noise({2048 * 2}, dtype);
    const auto out = module(x);
    EXPECT_EQ(out.scalar_type(), dtype);
    EXPECT_EQ(out.sizes(), torch::IntArrayRef({64, 9}));
    EXPECT_EQ(module(x.view({2, 1, -1})).sizes(), torch::IntArrayRef({2, 1, 64, 5}));
  }
  module->to(torch::kFloat32);
  EXPECT_EQ(module->gammatone_basis.scalar_type(), torch::kFloat32);
  EXPECT_EQ(module(noise({4096})).scalar_type(), torch::kFloat64);
}

TEST(GammatonegramModule, CloneIsEqualAndIndependent) {
  const auto x = noise({2, 300});
  for (const bool trainable : {false, true}) {
    SCOPED_TRACE(trainable ? "trainable" : "frozen");
    Gammatonegram original(small_options().trainable_bins(trainable).trainable_STFT(trainable));
    const auto expected = original(x).detach();
    auto copy = std::dynamic_pointer_cast<GammatonegramImpl>(original->clone());
    ASSERT_TRUE(copy);
    EXPECT_TRUE(torch::equal(copy->forward(x), expected));
    {
      torch::NoGradGuard no_grad;
      copy->gammatone_basis.mul_(0.5);
      copy->stft->window.mul_(0.5);
    }
    EXPECT_LE(relative_error(copy->forward(x), expected * 0.125), 1e-14);
    EXPECT_TRUE(torch::equal(original(x), expected));
  }
}

TEST(GammatonegramModule, SaveAndLoadRestoreTheState) {
  const auto x = noise({2, 300});
  for (const bool trainable : {false, true}) {
    SCOPED_TRACE(trainable ? "trainable" : "frozen");
    const auto options = small_options().trainable_bins(trainable).trainable_STFT(trainable);
    expect_save_load_round_trip(
        Gammatonegram(options), Gammatonegram(options),
        [](Gammatonegram& module) {
          module->gammatone_basis.add_(0.01);
          module->stft->window.mul_(0.75);
        },
        x);
  }
}

TEST(GammatonegramModule, PrettyPrintShowsTheOptions) {
  std::ostringstream text;
  text << *Gammatonegram(fixture_options().power(1.0));
  // The first line; the STFT submodule follows.
  EXPECT_EQ(text.str().substr(0, text.str().find('\n')),
            "nnaudio::Gammatonegram(sr=44100, n_fft=2048, hop_length=512, power=1, n_bins=64, "
            "fmin=20, backend=fft)(");
}

// Each bad option raises an error that names it.
void expect_invalid(const GammatonegramOptions& options, const std::string& fragment) {
  expect_error([&] { Gammatonegram module(options); }, {fragment});
}

TEST(GammatonegramErrors, InvalidOptionsAreRefused) {
  const auto o = fixture_options();
  expect_invalid(GammatonegramOptions(o).n_bins(0), "n_bins=0");
  expect_invalid(GammatonegramOptions(o).n_bins(-3), "n_bins=-3");
  expect_invalid(GammatonegramOptions(o).fmin(-1.0), "fmin=-1");
  expect_invalid(GammatonegramOptions(o).fmin(5000.0).fmax(4000.0), "fmin=5000");
  expect_invalid(GammatonegramOptions(o).fmin(100.0).fmax(100.0), "fmin=100");
  expect_invalid(GammatonegramOptions(o).fmax(30000.0), "fmax=30000");
  expect_invalid(GammatonegramOptions(o).power(0.0), "power=0");
  expect_invalid(GammatonegramOptions(o).power(-2.0), "power=-2");
  expect_invalid(GammatonegramOptions(o).power(INFINITY), "power=inf");
  expect_invalid(GammatonegramOptions(o).sr(0.0), "sr=0");
  expect_invalid(GammatonegramOptions(o).sr(NAN), "sr=nan");
  expect_invalid(GammatonegramOptions(o).n_fft(0), "n_fft=0");
  expect_invalid(GammatonegramOptions(o).hop_length(0), "hop_length=0");
  expect_invalid(GammatonegramOptions(o).win_length(4096), "win_length=4096");
  // Kernel errors carry the module's name.
  expect_invalid(GammatonegramOptions(o).n_bins(0), "Gammatonegram: n_bins=0");
}

TEST(GammatonegramErrors, InvalidInputsAreRefused) {
  Gammatonegram module(small_options());
  EXPECT_THROW(module(torch::ones({100}, torch::kInt64)), c10::Error);
  EXPECT_THROW(module(torch::ones({100}, torch::kComplexDouble)), c10::Error);
  EXPECT_THROW(module(torch::zeros({0}, torch::kFloat64)), c10::Error);
  // Reflect padding needs more than n_fft/2 samples.
  EXPECT_THROW(module(torch::zeros({8}, torch::kFloat64)), c10::Error);
  const auto nan = module(torch::full({64}, NAN, torch::kFloat64));
  EXPECT_TRUE(torch::all(torch::isnan(nan)).item<bool>());
}

}  // namespace
}  // namespace nnaudio::test
