// float16 and bfloat16 inputs: every module computes them in float32 and returns the input's
// precision, on the CPU and on CUDA (skipped without a GPU). On the same (rounded) samples the
// float32 arithmetic is the float32 path's, so the result differs from the float32 result only
// by its own rounding: at most one unit roundoff of the largest value (float16 2^-11 = 4.9e-4,
// bfloat16 2^-8 = 3.9e-3), checked with a factor 2. Against the float32 result of the unrounded
// signal, float16 stays within the documented 1e-2 (the input's rounding adds a noise
// floor 66 dB down); bfloat16's 8-bit samples put that floor 54 dB down, which log features
// show (MFCC: 1.4e-2 measured), so it is held to the same-samples bound only.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "nnaudio/nnaudio.h"
#include "support/expectations.h"
#include "support/helpers.h"

namespace nnaudio {
namespace {

using test::device_available;

constexpr double kHalfBound = 1e-2;

double unit_roundoff(torch::ScalarType type) {
  return type == torch::kHalf ? std::ldexp(1.0, -11) : std::ldexp(1.0, -8);
}

double max_relative_error(const torch::Tensor& actual, const torch::Tensor& expected) {
  const auto a = actual.to(torch::kFloat64);
  const auto e = expected.to(torch::kFloat64);
  return ((a - e).abs().max() / e.abs().max()).item<double>();
}

struct HalfCase {
  std::string name;
  std::function<torch::Tensor(const torch::Tensor&)> make_input;
  std::function<torch::Tensor(const torch::Tensor&)> transform;
};

// A chord at moderate level: a power spectrogram of it stays inside float16's range.
torch::Tensor chord(int64_t samples, double sr) {
  const auto t = torch::arange(samples, torch::kFloat32) / sr;
  return 0.01 * (torch::sin(2 * M_PI * 440.0 * t) + 0.5 * torch::sin(2 * M_PI * 1375.0 * t) +
                 0.25 * torch::sin(2 * M_PI * 97.0 * t));
}

torch::Tensor signal_input(const torch::Tensor& like) {
  return torch::stack({chord(22050, 22050.0), 0.5 * chord(22050, 22050.0).flip(0)})
      .to(like.device());
}

std::vector<HalfCase> half_cases() {
  auto stft = STFT(STFTOptions(1000).hop_length(250).output_format(OutputFormat::Magnitude));
  auto mel = MelSpectrogram(MelSpectrogramOptions(22050).n_fft(1024).n_mels(64));
  auto mfcc = MFCC(MFCCOptions(22050).n_mfcc(20));
  // The CQT's default output is complex: complex64 comes back.
  auto cqt = CQT(CQTOptions(22050).n_bins(60).hop_length(256));
  auto cqt1992v2 = CQT(CQTOptions(22050).n_bins(48).fmin(65.4).algorithm(CQTAlgorithm::CQT1992v2));
  auto gammatone = Gammatonegram(GammatonegramOptions(22050).n_fft(1024).n_bins(48));
  auto chroma = ChromaSTFT(ChromaSTFTOptions(22050).n_fft(1024));
  auto cfp = CFP(CFPOptions().fs(8000).hop_length(256).window_size(1025));
  auto to_db = AmplitudeToDB(AmplitudeToDBOptions(AmplitudeToDBOptions::Stype::Magnitude));
  auto pcen = PCEN(PCENOptions());
  auto istft = ISTFT(ISTFTOptions(512).hop_length(128));
  auto complex = STFT(STFTOptions(512).hop_length(128).output_format(OutputFormat::Complex));
  const auto spectrum = [complex](const torch::Tensor& like) mutable {
    return complex(signal_input(like)).detach();
  };
  const auto magnitude = [stft](const torch::Tensor& like) mutable {
    return stft(signal_input(like)).detach();
  };
  return {
      {"STFT", signal_input, [stft](const torch::Tensor& x) mutable { return stft(x); }},
      {"MelSpectrogram", signal_input, [mel](const torch::Tensor& x) mutable { return mel(x); }},
      {"MFCC", signal_input, [mfcc](const torch::Tensor& x) mutable { return mfcc(x); }},
      {"CQT", signal_input, [cqt](const torch::Tensor& x) mutable { return cqt(x); }},
      {"CQT1992v2", signal_input,
       [cqt1992v2](const torch::Tensor& x) mutable { return cqt1992v2(x); }},
      {"Gammatonegram", signal_input,
       [gammatone](const torch::Tensor& x) mutable { return gammatone(x); }},
      {"ChromaSTFT", signal_input, [chroma](const torch::Tensor& x) mutable { return chroma(x); }},
      {"CFP", signal_input, [cfp](const torch::Tensor& x) mutable { return cfp(x); }},
      {"AmplitudeToDB", magnitude, [to_db](const torch::Tensor& x) mutable { return to_db(x); }},
      {"PCEN", magnitude, [pcen](const torch::Tensor& x) mutable { return pcen(x); }},
      {"iSTFT", spectrum, [istft](const torch::Tensor& x) mutable { return istft(x); }},
  };
}

class HalfPrecision : public ::testing::TestWithParam<std::tuple<std::string, torch::ScalarType>> {
};

TEST_P(HalfPrecision, EveryModuleReturnsTheInputsPrecisionCloseToFloat32) {
  const auto& [device, type] = GetParam();
  NNAUDIO_REQUIRE_DEVICE(device);
  for (const auto& c : half_cases()) {
    const auto full = c.make_input(torch::empty({0}, torch::Device(device)));
    // A complex spectrum's half-precision counterpart is complex float16 (no complex bfloat16).
    const auto narrow_type = full.is_complex() ? torch::kComplexHalf : type;
    if (full.is_complex() && type == torch::kBFloat16) continue;
    const auto rounded = full.to(narrow_type);
    const auto actual = c.transform(rounded);
    const auto same_samples = c.transform(rounded.to(full.scalar_type()));
    EXPECT_EQ(actual.scalar_type(), same_samples.is_complex() ? torch::kComplexFloat : type)
        << c.name;
    EXPECT_EQ(actual.sizes(), same_samples.sizes()) << c.name;
    const auto real = [](const torch::Tensor& t) {
      return t.is_complex() ? torch::view_as_real(t) : t;
    };
    EXPECT_LE(max_relative_error(real(actual), real(same_samples)), 2 * unit_roundoff(type))
        << c.name << " " << type;
    if (type == torch::kHalf) {
      // CFP's power laws (g = 0.24 on the spectrum) lift the rounding's noise floor, 66 dB
      // down, to about 0.16 of the peak (measured 0.125): float16 audio is a different signal
      // to it, whatever the arithmetic.
      const double bound = c.name == "CFP" ? 0.2 : kHalfBound;
      EXPECT_LE(max_relative_error(real(actual), real(c.transform(full))), bound) << c.name;
    }
  }
}

TEST_P(HalfPrecision, GradientsFlowInTheInputsPrecision) {
  const auto& [device, type] = GetParam();
  NNAUDIO_REQUIRE_DEVICE(device);
  auto mel = MelSpectrogram(MelSpectrogramOptions(22050).n_fft(1024).n_mels(32));
  mel->to(torch::Device(device));
  const auto full = signal_input(torch::empty({0}, torch::Device(device))).requires_grad_();
  mel(full).sum().backward();
  const auto narrow = full.detach().to(type).requires_grad_();
  const auto out = mel(narrow);
  out.to(torch::kFloat32).sum().backward();
  ASSERT_TRUE(narrow.grad().defined());
  EXPECT_EQ(narrow.grad().scalar_type(), type);
  EXPECT_LE(max_relative_error(narrow.grad(), full.grad()), kHalfBound);
}

TEST_P(HalfPrecision, Float16OverflowIsRefusedNotReturnedAsInf) {
  const auto& [device, type] = GetParam();
  NNAUDIO_REQUIRE_DEVICE(device);
  // A full-scale tone's power spectrum peaks near (2048 / 4)^2 = 2.6e5, past float16's 65504.
  auto power = STFT(STFTOptions(2048).output_format(OutputFormat::Power));
  const auto loud = (chord(8192, 22050.0) * 100).to(torch::Device(device)).to(type);
  if (type == torch::kHalf) {
    test::expect_error([&] { power(loud); }, {"STFT", "65504", "bfloat16"});
  } else {
    // bfloat16 has float32's range: the same power spectrum comes back finite.
    EXPECT_TRUE(torch::isfinite(power(loud)).all().item<bool>());
  }
}

std::string half_test_name(
    const ::testing::TestParamInfo<std::tuple<std::string, torch::ScalarType>>& info) {
  return std::get<0>(info.param) +
         (std::get<1>(info.param) == torch::kHalf ? std::string("_float16") : "_bfloat16");
}

INSTANTIATE_TEST_SUITE_P(Devices, HalfPrecision,
                         ::testing::Combine(::testing::ValuesIn(test::device_names()),
                                            ::testing::Values(torch::kHalf, torch::kBFloat16)),
                         half_test_name);

TEST(HalfPrecisionErrors, FunctionalTransformsNameTheDtypesTheyTake) {
  const auto x = torch::randn({4096}).to(torch::kHalf);
  test::expect_error(
      [&] { functional::stft(x, torch::hann_window(512), functional::STFTFuncOptions(512)); },
      {"float32 or float64", "modules", "Half"});
}

}  // namespace
}  // namespace nnaudio
