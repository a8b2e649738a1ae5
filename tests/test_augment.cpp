// Augmentation: FrequencyMasking / TimeMasking (mask widths, seeds, iid masks, eval identity,
// gradients) and TimeStretch (an independent float64 phase vocoder, autograd, random rates).

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <cmath>
#include <complex>
#include <set>
#include <string>
#include <vector>

#include "support/expectations.h"
#include "support/helpers.h"

namespace nnaudio::test {
namespace {

torch::Tensor ones_spectrogram(std::vector<int64_t> shape) {
  return torch::ones(shape, torch::kFloat64);
}

// The band a masked (freq, frames) item holds along `axis`: its first cell and width, after
// checking that it spans the other axis whole and is one contiguous run.
std::pair<int64_t, int64_t> band(const torch::Tensor& item, functional::MaskAxis axis) {
  const auto masked = item == 0;
  const bool frequency = axis == functional::MaskAxis::Frequency;
  const auto along = masked.any(frequency ? 1 : 0);  // cells of the masked axis
  const auto across = masked.all(frequency ? 1 : 0);
  EXPECT_TRUE(torch::equal(along, across)) << "the mask does not span the other axis";
  const auto cells = along.nonzero().flatten();
  if (cells.numel() == 0) return {0, 0};
  const int64_t first = cells[0].item<int64_t>();
  const int64_t width = cells.numel();
  EXPECT_EQ(cells[-1].item<int64_t>(), first + width - 1) << "the mask is not contiguous";
  return {first, width};
}

template <typename Module>
void check_masks(functional::MaskAxis axis) {
  const int64_t mask_param = 10;
  const auto x = ones_spectrogram({4, 3, 40, 50});
  Module iid(MaskingOptions(mask_param).iid_masks(true).seed(7));
  Module again(MaskingOptions(mask_param).iid_masks(true).seed(7));
  const auto out = iid(x);
  EXPECT_TRUE(torch::equal(out, again(x))) << "same seed, different masks";
  std::set<std::pair<int64_t, int64_t>> bands;
  for (int64_t i = 0; i < 4; ++i) {
    for (int64_t j = 0; j < 3; ++j) {
      const auto [first, width] = band(out[i][j], axis);
      EXPECT_LT(width, mask_param);
      EXPECT_GE(first, 0);
      bands.insert({first, width});
    }
  }
  EXPECT_GT(bands.size(), 4u) << "iid masks should differ between items";
  // One band shared by every item without iid_masks.
  Module shared(MaskingOptions(mask_param).seed(7));
  const auto common = shared(x);
  const auto reference = band(common[0][0], axis);
  for (int64_t i = 0; i < 4; ++i) {
    for (int64_t j = 0; j < 3; ++j) EXPECT_EQ(band(common[i][j], axis), reference);
  }
  // Widths over many draws: uniform below mask_param, all values seen.
  Module many(MaskingOptions(mask_param).iid_masks(true).seed(1));
  std::set<int64_t> widths;
  const auto drawn = many(ones_spectrogram({400, 40, 50}));
  for (int64_t i = 0; i < 400; ++i) widths.insert(band(drawn[i], axis).second);
  EXPECT_EQ(widths.size(), static_cast<size_t>(mask_param));
  EXPECT_EQ(*widths.rbegin(), mask_param - 1);
}

TEST(Masking, BandsHaveTheRequestedWidthsAndFollowTheSeed) {
  check_masks<FrequencyMasking>(functional::MaskAxis::Frequency);
  check_masks<TimeMasking>(functional::MaskAxis::Time);
}

TEST(Masking, EvalModeIsTheIdentity) {
  TimeMasking masking(MaskingOptions(20).seed(0));
  FrequencyMasking frequency(MaskingOptions(20).seed(0));
  masking->eval();
  frequency->eval();
  const auto x = torch::randn({2, 30, 40}, torch::kFloat64);
  EXPECT_TRUE(torch::equal(masking(x), x));
  EXPECT_TRUE(torch::equal(frequency(x), x));
  masking->train();
  EXPECT_FALSE(torch::equal(masking(x), x));
}

TEST(Masking, ValueProportionAndProbability) {
  const auto x = ones_spectrogram({200, 20, 50});
  TimeMasking valued(MaskingOptions(30).mask_value(-5).iid_masks(true).seed(3));
  const auto out = valued(x);
  EXPECT_TRUE(((out == 1) | (out == -5)).all().item<bool>());
  // The call's value, with the same masks (same seed).
  TimeMasking twin(MaskingOptions(30).mask_value(-5).iid_masks(true).seed(3));
  EXPECT_TRUE(torch::equal(twin->forward(x, 2.5) == 2.5, out == -5));
  // p = 0.1 of 50 frames: masks at most 4 frames wide.
  TimeMasking proportion(MaskingOptions(30).p(0.1).iid_masks(true).seed(3));
  const auto limited = proportion(x);
  EXPECT_LE((limited == 0).all(1).sum(-1).max().item<int64_t>(), 4);
  TimeMasking never(MaskingOptions(30).probability(0).seed(3));
  EXPECT_TRUE(torch::equal(never(x), x));
  // Half the masks applied: between 35% and 65% of 200 items masked.
  TimeMasking half(MaskingOptions(30).probability(0.5).iid_masks(true).seed(3));
  const auto masked_items = (half(x) == 0).any(-1).any(-1).sum().item<int64_t>();
  EXPECT_GT(masked_items, 70);
  EXPECT_LT(masked_items, 130);
}

TEST(Masking, GradientsPassThroughUnmaskedCells) {
  FrequencyMasking masking(MaskingOptions(15).iid_masks(true).seed(5));
  const auto x = torch::randn({3, 2, 32, 20}, torch::kFloat64).requires_grad_();
  const auto out = masking(x);
  out.sum().backward();
  const auto kept = (out == x).to(torch::kFloat64);
  EXPECT_TRUE(torch::equal(x.grad(), kept));
  EXPECT_GT((kept == 0).sum().item<int64_t>(), 0);
}

TEST(Masking, CloneRestartsTheSeed) {
  TimeMasking masking(MaskingOptions(10).seed(11).iid_masks(true));
  const auto copy = std::dynamic_pointer_cast<TimeMaskingImpl>(masking->clone());
  const auto x = ones_spectrogram({5, 8, 30});
  EXPECT_TRUE(torch::equal(masking(x), copy->forward(x)));
  std::ostringstream text;
  text << *masking;
  EXPECT_EQ(text.str(), "nnaudio::TimeMasking(mask_param=10, iid_masks=true, seed=11)");
}

TEST(Masking, Errors) {
  expect_error([] { TimeMasking m(MaskingOptions(-1)); }, {"TimeMasking", "mask_param=-1"});
  expect_error([] { FrequencyMasking m(MaskingOptions(3).p(1.5)); }, {"FrequencyMasking", "p=1.5"});
  expect_error([] { TimeMasking m(MaskingOptions(3).probability(-0.1)); }, {"probability=-0.1"});
  FrequencyMasking wide(MaskingOptions(50));
  expect_error(
      [&] {
        wide(torch::ones({2, 40, 10}));
      },
      {"FrequencyMasking", "mask_param=50", "40 bins"});
  TimeMasking time(MaskingOptions(50));
  expect_error([&] { time(torch::ones({2, 40, 10})); }, {"TimeMasking", "10 frames"});
  expect_error([&] { time(torch::ones({10})); }, {"(..., freq, frames)"});
}

// librosa.phase_vocoder written out frame by frame in float64: one (n_freq, frames) item.
torch::Tensor reference_phase_vocoder(const torch::Tensor& item, double rate, int64_t hop) {
  const int64_t n_freq = item.size(0);
  const int64_t frames = item.size(1);
  const auto values = item.contiguous();
  const auto* data = values.data_ptr<c10::complex<double>>();
  const auto at = [&](int64_t f, int64_t t) {
    return t < frames ? std::complex<double>(data[f * frames + t]) : std::complex<double>(0, 0);
  };
  std::vector<double> steps;
  for (int64_t i = 0; static_cast<double>(i) * rate < static_cast<double>(frames); ++i) {
    steps.push_back(static_cast<double>(i) * rate);
  }
  auto out = torch::zeros({n_freq, static_cast<int64_t>(steps.size())}, torch::kComplexDouble);
  auto* result = out.data_ptr<c10::complex<double>>();
  for (int64_t f = 0; f < n_freq; ++f) {
    const double advance = M_PI * static_cast<double>(hop) * static_cast<double>(f) /
                           static_cast<double>(std::max<int64_t>(n_freq - 1, 1));
    double phase = std::arg(at(f, 0));
    for (size_t t = 0; t < steps.size(); ++t) {
      const auto step = static_cast<int64_t>(std::floor(steps[t]));
      const double alpha = steps[t] - static_cast<double>(step);
      const auto c0 = at(f, step);
      const auto c1 = at(f, step + 1);
      const double magnitude = (1 - alpha) * std::abs(c0) + alpha * std::abs(c1);
      result[f * out.size(1) + t] = std::polar(magnitude, phase);
      double d = std::arg(c1) - std::arg(c0) - advance;
      d -= 2 * M_PI * std::nearbyint(d / (2 * M_PI));
      phase += advance + d;
    }
  }
  return out;
}

torch::Tensor complex_noise(std::vector<int64_t> shape) {
  torch::manual_seed(2);
  return torch::complex(torch::randn(shape, torch::kFloat64), torch::randn(shape, torch::kFloat64));
}

TEST(TimeStretch, MatchesAFrameByFramePhaseVocoder) {
  const int64_t n_freq = 33;
  const auto x = complex_noise({2, n_freq, 25});
  for (double rate : {0.7, 1.3, 2.0, 0.5}) {
    TimeStretch stretch(TimeStretchOptions(n_freq).hop_length(8).fixed_rate(rate));
    const auto out = stretch(x);
    EXPECT_EQ(out.size(-1), static_cast<int64_t>(std::ceil(25 / rate))) << rate;
    for (int64_t i = 0; i < 2; ++i) {
      EXPECT_LE(relative_error(out[i], reference_phase_vocoder(x[i], rate, 8)), 1e-12) << rate;
    }
    const auto single = stretch(x.to(torch::kComplexFloat));
    EXPECT_EQ(single.scalar_type(), torch::kComplexFloat);
    // float32 phases accumulate over the frames: ~50 steps of up to 8 pi rad each.
    EXPECT_LE(relative_error(single, out), 1e-4) << rate;
  }
  // rate 1 and eval mode leave the input alone; the default hop is n_freq - 1.
  TimeStretch unit(TimeStretchOptions(n_freq).fixed_rate(1.0));
  EXPECT_TRUE(torch::equal(unit(x), x));
  TimeStretch defaults(TimeStretchOptions(n_freq).fixed_rate(1.5));
  // The hop changes the output only through rounding (the advance cancels modulo 2 pi), so the
  // default is checked on the buffer.
  EXPECT_DOUBLE_EQ(defaults->phase_advance[-1][0].item<double>(), M_PI * (n_freq - 1));
  EXPECT_LE(relative_error(defaults(x)[0], reference_phase_vocoder(x[0], 1.5, n_freq - 1)), 1e-12);
  defaults->eval();
  EXPECT_TRUE(torch::equal(defaults(x), x));
}

TEST(TimeStretch, RealImagLayoutAndOverridingRate) {
  const auto x = complex_noise({3, 17, 12});
  TimeStretch stretch(TimeStretchOptions(17).fixed_rate(1.2));
  const auto as_pairs = stretch(torch::view_as_real(x));
  EXPECT_TRUE(torch::equal(torch::view_as_complex(as_pairs.contiguous()), stretch(x)));
  EXPECT_EQ(stretch->forward(x, 0.5).size(-1), 24);
}

TEST(TimeStretch, RandomRatesFollowTheSeed) {
  const auto x = complex_noise({17, 40});
  TimeStretch first(TimeStretchOptions(17).min_rate(0.5).max_rate(2.0).seed(4));
  TimeStretch second(TimeStretchOptions(17).min_rate(0.5).max_rate(2.0).seed(4));
  std::set<int64_t> frames;
  for (int i = 0; i < 20; ++i) {
    const auto a = first(x);
    EXPECT_TRUE(torch::equal(a, second(x)));
    EXPECT_GE(a.size(-1), 20);
    EXPECT_LE(a.size(-1), 80);
    frames.insert(a.size(-1));
  }
  EXPECT_GT(frames.size(), 5u);
}

TEST(TimeStretch, GradientsMatchCentralDifferences) {
  TimeStretch stretch(TimeStretchOptions(9).hop_length(4).fixed_rate(0.8));
  torch::manual_seed(3);
  const auto x = torch::randn({9, 6, 2}, torch::kFloat64).requires_grad_();
  EXPECT_LE(max_gradient_error([&](const auto& in) { return stretch(in[0]); }, {x}), 1e-6);
}

class TimeStretchDevices : public ::testing::TestWithParam<std::string> {};

TEST_P(TimeStretchDevices, MatchTheCpu) {
  NNAUDIO_REQUIRE_DEVICE(GetParam());
  const auto device = torch::Device(GetParam());
  const auto x = complex_noise({2, 17, 30});
  TimeStretch stretch(TimeStretchOptions(17).fixed_rate(1.4));
  const auto expected = stretch(x);
  stretch->to(device);
  EXPECT_LE(relative_error(stretch(x.to(device)).cpu(), expected), 1e-12);
  TimeMasking masking(MaskingOptions(10).seed(9).iid_masks(true));
  TimeMasking again(MaskingOptions(10).seed(9).iid_masks(true));
  const auto ones = torch::ones({4, 17, 30});
  EXPECT_TRUE(torch::equal(masking(ones.to(device)).cpu(), again(ones)));
}

INSTANTIATE_TEST_SUITE_P(Devices, TimeStretchDevices, ::testing::ValuesIn(device_names()),
                         device_test_name);

TEST(TimeStretch, Errors) {
  expect_error([] { TimeStretch s(TimeStretchOptions(0)); }, {"TimeStretch", "n_freq=0"});
  expect_error([] { TimeStretch s(TimeStretchOptions(1)); }, {"hop_length=0"});
  expect_error([] { TimeStretch s(TimeStretchOptions(9).fixed_rate(0)); }, {"fixed_rate=0"});
  expect_error([] { TimeStretch s(TimeStretchOptions(9).min_rate(2).max_rate(1)); },
               {"min_rate=2", "max_rate=1"});
  TimeStretch stretch(TimeStretchOptions(9).fixed_rate(2));
  expect_error([&] { stretch(complex_noise({8, 10})); }, {"8 frequency bins", "n_freq=9"});
  expect_error([&] { stretch(torch::ones({9, 10})); }, {"TimeStretch", "complex"});
  expect_error([&] { stretch->forward(complex_noise({9, 10}), -1.0); }, {"rate=-1"});
}

}  // namespace
}  // namespace nnaudio::test
