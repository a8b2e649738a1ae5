// Invalid options and inputs of STFT, iSTFT and Griffin-Lim: each check raises an error whose
// message names the parameter and the bad value (DESIGN.md, "Validation"); NaN in gives NaN out.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "support/expectations.h"
#include "support/helpers.h"

namespace nnaudio::test {
namespace {

torch::Tensor noise(int64_t samples) {
  torch::manual_seed(7);
  return torch::randn({samples}, torch::kFloat64);
}

struct BadOptions {
  std::string name;
  STFTOptions options;
  std::vector<std::string> fragments;
};

TEST(StftErrors, InvalidOptionsAreRefusedInReset) {
  const auto linear = STFTOptions(512).freq_scale(FreqScale::Linear);
  const auto log = STFTOptions(512).freq_scale(FreqScale::Log);
  const std::vector<BadOptions> cases = {
      {"n_fft 0", STFTOptions(0), {"n_fft=0"}},
      {"n_fft negative", STFTOptions(-4), {"n_fft=-4"}},
      {"hop 0", STFTOptions(512).hop_length(0), {"hop_length=0"}},
      {"hop negative", STFTOptions(512).hop_length(-3), {"hop_length=-3"}},
      {"default hop is 0", STFTOptions(2), {"hop_length=0", "win_length/4"}},
      {"win_length > n_fft", STFTOptions(512).win_length(600), {"win_length=600", "n_fft=512"}},
      {"win_length 0", STFTOptions(512).win_length(0), {"win_length=0"}},
      {"win_length negative", STFTOptions(512).win_length(-1), {"win_length=-1"}},
      {"kaiser beta < 0", STFTOptions(512).window(Window::kaiser(-1)), {"beta=-1"}},
      {"gaussian std 0", STFTOptions(512).window(Window::gaussian(0)), {"std=0"}},
      {"gaussian std < 0", STFTOptions(512).window(Window::gaussian(-2)), {"std=-2"}},
      {"tukey alpha > 1", STFTOptions(512).window(Window::tukey(1.5)), {"alpha=1.5"}},
      {"tukey alpha < 0", STFTOptions(512).window(Window::tukey(-0.1)), {"alpha=-0.1"}},
      {"custom window too short",
       STFTOptions(512).window(Window::custom(torch::ones({100}, torch::kFloat64))),
       {"win_length=512", "100"}},
      {"custom window too long",
       STFTOptions(512).win_length(256).window(Window::custom(torch::ones({300}))),
       {"win_length=256", "300"}},
      {"fmax above Nyquist", STFTOptions(linear).fmax(12000), {"fmax=12000", "11025"}},
      {"fmin == fmax", STFTOptions(linear).fmin(6000), {"fmin=6000", "fmax=6000"}},
      {"fmin > fmax", STFTOptions(linear).fmin(7000), {"fmin=7000", "fmax=6000"}},
      {"fmin < 0 linear", STFTOptions(linear).fmin(-1), {"fmin=-1"}},
      {"fmin 0 log", STFTOptions(log).fmin(0), {"fmin=0", "log"}},
      {"fmin < 0 log2", STFTOptions(log).freq_scale(FreqScale::Log2).fmin(-5), {"fmin=-5"}},
      {"sr 0 linear", STFTOptions(linear).sr(0), {"sr=0"}},
      {"sr 0 on the FFT grid", STFTOptions(512).sr(0), {"sr=0", "positive"}},
      {"sr NaN", STFTOptions(512).sr(std::nan("")), {"sr=nan", "finite"}},
      {"freq_bins > n_fft/2+1", STFTOptions(512).freq_bins(258), {"freq_bins=258", "257"}},
      {"freq_bins 0", STFTOptions(512).freq_bins(0), {"freq_bins=0"}},
      {"freq_bins negative", STFTOptions(log).freq_bins(-3), {"freq_bins=-3"}},
      {"backend fft with log",
       STFTOptions(log).backend(Backend::FFT),
       {"backend=fft", "freq_scale=log"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    expect_error([&] { STFT stft(c.options); }, c.fragments);
  }
}

TEST(StftErrors, InvalidWindowNamesAreRefusedByParse) {
  expect_error([] { Window::parse("foo"); }, {"window='foo'", "hann"});
}

TEST(StftErrors, UnknownEnumNamesAreRefused) {
  expect_error([] { parse_pad_mode("mirror"); }, {"pad_mode='mirror'", "reflect"});
  expect_error([] { parse_output_format("db"); }, {"output_format='db'", "magnitude"});
  expect_error([] { parse_backend("gpu"); }, {"backend='gpu'", "conv"});
  expect_error([] { parse_freq_scale("mel"); }, {"freq_scale='mel'", "log2"});
  // Names are case-sensitive, as to_string writes them.
  expect_error([] { parse_backend("FFT"); }, {"backend='FFT'"});
}

class StftInputErrors : public ::testing::TestWithParam<Backend> {};

TEST_P(StftInputErrors, InvalidInputsAreRefusedInForward) {
  STFT plain(STFTOptions(512).hop_length(128).backend(GetParam()));
  STFT uncentred(STFTOptions(512).hop_length(128).center(false).backend(GetParam()));
  STFT reflect(STFTOptions(512).hop_length(128).pad_mode(PadMode::Reflect).backend(GetParam()));

  expect_error([&] { uncentred(noise(100)); }, {"100 samples", "center=false", "n_fft=512"});
  expect_error([&] { uncentred(noise(511)); }, {"511 samples"});
  EXPECT_EQ(uncentred(noise(512)).size(-1), 1);  // one full frame is enough
  // reflect needs more than n_fft/2 = 256 samples (it mirrors without the edge sample).
  expect_error([&] { reflect(noise(200)); }, {"200 samples", "pad_mode=reflect", "256"});
  expect_error([&] { reflect(noise(256)); }, {"256 samples"});
  expect_error(
      [&] {
        plain(torch::zeros({0, 1000}, torch::kFloat64));
      },
      {"no signals", "[0, 1000]"});
  EXPECT_EQ(reflect(noise(257)).size(-1), 3);
  expect_error([&] { plain(torch::arange(1000)); }, {"input", "Long"});
  expect_error([&] { plain(torch::ones({1000}, torch::kInt32)); }, {"input", "Int"});
  expect_error([&] { plain(torch::randn({1000}, torch::kComplexDouble)); },
               {"input", "ComplexDouble"});
  expect_error([&] { plain(torch::zeros({0}, torch::kFloat64)); }, {"input has 0 samples"});
  expect_error([&] { plain(torch::zeros({3, 0})); }, {"input has 0 samples", "[3, 0]"});
  expect_error([&] { plain(torch::tensor(1.0)); }, {"input", "0-dim"});
  expect_error([&] { plain(torch::Tensor()); }, {"input", "undefined"});
}

TEST_P(StftInputErrors, NanInGivesNanOut) {
  const int64_t hop = 128;
  for (auto format : {OutputFormat::Complex, OutputFormat::Magnitude, OutputFormat::Power}) {
    SCOPED_TRACE(to_string(format));
    STFT stft(STFTOptions(512).hop_length(hop).backend(GetParam()).output_format(format));
    auto x = noise(4096);
    const int64_t poisoned = 2000;
    x[poisoned] = std::numeric_limits<double>::quiet_NaN();
    const auto out = stft(x);
    const auto nan_frames = torch::isnan(out).any(0);
    ASSERT_EQ(nan_frames.dim(), 1);
    // Frame t covers padded samples [t*hop, t*hop + 512), i.e. x[t*hop - 256, t*hop + 256).
    // The periodic Hann window is 0 only at its first sample, and 0 * NaN is NaN anyway, so
    // the frames whose span holds the NaN are NaN; every other frame stays finite.
    for (int64_t t = 0; t < out.size(-1); ++t) {
      const bool covers = t * hop - 256 <= poisoned && poisoned < t * hop + 256;
      EXPECT_EQ(nan_frames[t].item<bool>(), covers) << "frame " << t;
    }
    const auto all_nan = stft(torch::full({2048}, std::nan(""), torch::kFloat64));
    EXPECT_TRUE(torch::isnan(all_nan).all().item<bool>());
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StftInputErrors, ::testing::Values(Backend::FFT, Backend::Conv),
                         [](const auto& info) { return to_string(info.param); });

TEST(StftErrors, FunctionalStftChecksItsWindow) {
  const auto x = noise(2048);
  const auto options = functional::STFTFuncOptions(512).hop_length(128);
  expect_error([&] { functional::stft(x, torch::ones({600}, torch::kFloat64), options); },
               {"win_length=600", "n_fft=512"});
  expect_error(
      [&] {
        functional::stft(x, torch::ones({2, 256}, torch::kFloat64), options);
      },
      {"window", "1-D"});
  expect_error([&] { functional::stft(x, torch::Tensor(), options); }, {"window", "1-D"});
}

TEST(StftErrors, InverseOfALogGridIsRefused) {
  STFT stft(STFTOptions(512).freq_scale(FreqScale::Log));
  const auto spectrum = stft(noise(2048));
  expect_error([&] { stft->inverse(spectrum); }, {"freq_scale=log"});
  STFT cut(STFTOptions(512).freq_bins(100));
  expect_error([&] { cut->inverse(cut(noise(2048))); }, {"freq_bins=100", "257"});
}

TEST(IstftErrors, InvalidOptionsAreRefusedInReset) {
  expect_error([] { ISTFT istft(ISTFTOptions(512).freq_scale(FreqScale::Log)); },
               {"freq_scale=log"});
  expect_error([] { ISTFT istft(ISTFTOptions(512).freq_scale(FreqScale::Linear)); },
               {"freq_scale=linear"});
  expect_error([] { ISTFT istft(ISTFTOptions(0)); }, {"n_fft=0"});
  expect_error([] { ISTFT istft(ISTFTOptions(512).hop_length(0)); }, {"hop_length=0"});
  expect_error([] { ISTFT istft(ISTFTOptions(512).win_length(513)); }, {"win_length=513"});
  expect_error([] { ISTFT istft(ISTFTOptions(512).length(-1)); }, {"length=-1"});
  expect_error([] { ISTFT istft(ISTFTOptions(512).window(Window::tukey(2))); }, {"alpha=2"});
}

class IstftInputErrors : public ::testing::TestWithParam<Backend> {};

TEST_P(IstftInputErrors, InvalidInputsAreRefusedInForward) {
  ISTFT istft(ISTFTOptions(512).hop_length(128).backend(GetParam()));
  const auto complex = torch::randn({257, 10}, torch::kComplexDouble);
  EXPECT_EQ(istft(complex).size(-1), 128 * 9);  // the valid input the others break

  expect_error(
      [&] {
        istft(torch::randn({200, 10}, torch::kComplexDouble));
      },
      {"200 frequency bins", "n_fft=512", "257"});
  expect_error(
      [&] {
        istft(torch::randn({257, 10, 3}, torch::kFloat64));
      },
      {"(..., freq, frames, 2)", "[257, 10, 3]"});
  expect_error([&] { istft(torch::randn({257, 10}, torch::kFloat64)); }, {"[257, 10]"});
  expect_error([&] { istft(complex, -1); }, {"length=-1"});
  expect_error([&] { istft(torch::ones({257, 10, 2}, torch::kInt64)); }, {"spectrum", "Long"});
  expect_error([&] { istft(torch::randn({257}, torch::kComplexDouble)); }, {"[257]"});
  expect_error([&] { istft(torch::randn({257, 0}, torch::kComplexDouble)); }, {"0 frames"});
  expect_error([&] { istft(torch::Tensor()); }, {"spectrum", "undefined"});

  ISTFT full(ISTFTOptions(512).hop_length(128).onesided(false).backend(GetParam()));
  expect_error([&] { full(complex); }, {"257 frequency bins", "onesided=false", "512"});
}

// Windows whose overlap-add leaves samples uncovered (the NOLA condition) cannot be inverted:
// refused as torch.istft refuses them, instead of zeros in the gaps.
TEST_P(IstftInputErrors, WindowsThatDoNotOverlapAreRefused) {
  const auto spectrum = torch::randn({257, 10}, torch::kComplexDouble);
  ISTFT gaps(ISTFTOptions(512).hop_length(1024).backend(GetParam()));
  expect_error([&] { gaps(spectrum); },
               {"hop_length=1024", "n_fft=512", "513 of every 1024", "offset 0", "NOLA"});
  // A periodic Hann window is 0 at its first sample: with hop = n_fft nothing else covers it.
  ISTFT edge(ISTFTOptions(512).hop_length(512).backend(GetParam()));
  expect_error([&] { edge(spectrum); }, {"hop_length=512", "1 of every 512", "offset 0", "NOLA"});
  ISTFT boxcar(ISTFTOptions(512).hop_length(512).window(Window::boxcar()).backend(GetParam()));
  EXPECT_EQ(boxcar(spectrum).size(-1), 512 * 9);
}

INSTANTIATE_TEST_SUITE_P(Backends, IstftInputErrors, ::testing::Values(Backend::FFT, Backend::Conv),
                         [](const auto& info) { return to_string(info.param); });

TEST(GriffinLimErrors, InvalidOptionsAreRefusedInReset) {
  expect_error([] { GriffinLim gl(GriffinLimOptions(512).momentum(1.0)); }, {"momentum=1"});
  expect_error([] { GriffinLim gl(GriffinLimOptions(512).momentum(-0.5)); }, {"momentum=-0.5"});
  expect_error([] { GriffinLim gl(GriffinLimOptions(512).momentum(std::nan(""))); },
               {"momentum=nan"});
  expect_error([] { GriffinLim gl(GriffinLimOptions(512).n_iter(-1)); }, {"n_iter=-1"});
  expect_error([] { GriffinLim gl(GriffinLimOptions(0)); }, {"n_fft=0"});
  expect_error([] { GriffinLim gl(GriffinLimOptions(512).hop_length(0)); }, {"hop_length=0"});
  expect_error([] { GriffinLim gl(GriffinLimOptions(512).length(-2)); }, {"length=-2"});
  // The functional form checks its options too.
  const auto magnitude = torch::rand({257, 10}, torch::kFloat64);
  const auto window = kernels::get_window(Window::hann(), 512);
  expect_error(
      [&] {
        functional::griffin_lim(magnitude, window,
                                functional::GriffinLimFuncOptions(512).momentum(1.5));
      },
      {"momentum=1.5"});
  expect_error(
      [&] {
        functional::griffin_lim(magnitude, window,
                                functional::GriffinLimFuncOptions(512).n_iter(-4));
      },
      {"n_iter=-4"});
}

TEST(GriffinLimErrors, InvalidInputsAreRefusedInForward) {
  GriffinLim gl(GriffinLimOptions(512).hop_length(128).n_iter(2));
  expect_error(
      [&] {
        gl(torch::rand({257, 10}, torch::kComplexDouble));
      },
      {"magnitude", "ComplexDouble"});
  expect_error([&] { gl(torch::ones({257, 10}, torch::kInt64)); }, {"magnitude", "Long"});
  expect_error([&] { gl(torch::rand({257}, torch::kFloat64)); }, {"magnitude", "[257]"});
  expect_error([&] { gl(torch::Tensor()); }, {"magnitude", "undefined"});
  expect_error([&] { gl(torch::rand({200, 10}, torch::kFloat64)); }, {"200", "257"});
  expect_error([&] { gl(torch::rand({257, 10}, torch::kFloat64), -1); }, {"length=-1"});
  // One frame, centred: the iterations' estimate would have no samples.
  expect_error(
      [&] {
        gl(torch::rand({257, 1}, torch::kFloat64));
      },
      {"1 frame(s)", "center=true", "at least 2 frames"});
  GriffinLim uncentred(GriffinLimOptions(512).hop_length(128).n_iter(2).center(false));
  EXPECT_EQ(uncentred(torch::rand({257, 1}, torch::kFloat64)).size(-1), 512);
}

}  // namespace
}  // namespace nnaudio::test
