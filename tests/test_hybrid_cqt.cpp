// PseudoCQT and HybridCQT: librosa's pseudo_cqt / hybrid_cqt fixtures, a pure tone, the split
// between the full and pseudo bins, autograd, trainable banks, batches, devices, errors.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <cmath>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "support/expectations.h"
#include "support/helpers.h"

namespace nnaudio::test {
namespace {

// The fixtures' parameters (chirp_22050): librosa's defaults but fmin 32.7.
PseudoCQTOptions pseudo_fixture_options() {
  return PseudoCQTOptions(22050).hop_length(512).fmin(32.7).n_bins(84);
}
HybridCQTOptions hybrid_fixture_options() {
  return HybridCQTOptions(22050).hop_length(512).fmin(32.7).n_bins(84);
}

// Small transforms for the gradient and behaviour tests: 8 kHz, 2 octaves from 500 Hz.
PseudoCQTOptions small_pseudo() {
  return PseudoCQTOptions(8000).hop_length(64).fmin(500).n_bins(24);
}
HybridCQTOptions small_hybrid() {
  return HybridCQTOptions(8000).hop_length(256).fmin(250).n_bins(36);
}

torch::Tensor noise(std::vector<int64_t> shape) {
  torch::manual_seed(0);
  return torch::randn(shape, torch::kFloat64);
}

void print_row(const std::string& what, double error) {
  std::cout << "[ reference ] " << what << ": relative error " << error << "\n";
}

// The same float64 definition as librosa's: measured pseudo_cqt_0 2.4e-8 relative (worst bin
// 5.4e-8); hybrid_cqt_0 1.5e-5 (worst bin 1.0e-4), the distance of its full bins, which the
// multirate CQT computes, from librosa's: librosa computes them after downsampling early by
// 2^n > 2 in one soxr call (chained half-band stages), approximated here by n halvings, as for
// cqt_1 in test_cqt_reference.cpp. The bound is 1e-3.
TEST(PseudoCQTReference, MatchesLibrosa) {
  const auto signal = load_fixture("signals/chirp_22050.npy");
  const auto expected = load_fixture("librosa/pseudo_cqt_0.npy");
  PseudoCQT pseudo(pseudo_fixture_options());
  EXPECT_EQ(pseudo->n_fft(), 16384);  // the 11,466-sample filter at 32.7 Hz
  const auto actual = pseudo(signal);
  ASSERT_EQ(actual.sizes(), expected.sizes());
  const double error = relative_error(actual, expected);
  const double row = max_row_error(actual, expected);
  print_row("pseudo_cqt_0", error);
  print_row("pseudo_cqt_0 worst bin", row);
  EXPECT_LE(error, 1e-6);
  EXPECT_LE(row, 1e-5);
  const auto single = pseudo(signal.to(torch::kFloat32));
  EXPECT_EQ(single.scalar_type(), torch::kFloat32);
  EXPECT_LE(relative_error(single, expected), 1e-5);
}

TEST(HybridCQTReference, MatchesLibrosa) {
  const auto signal = load_fixture("signals/chirp_22050.npy");
  const auto expected = load_fixture("librosa/hybrid_cqt_0.npy");
  HybridCQT hybrid(hybrid_fixture_options());
  // Filters of the bins from 55 up, padded to a power of two, are shorter than 1024 samples.
  EXPECT_EQ(hybrid->full_bins(), 55);
  const auto actual = hybrid(signal);
  ASSERT_EQ(actual.sizes(), expected.sizes());
  const double error = relative_error(actual, expected);
  const double row = max_row_error(actual, expected);
  print_row("hybrid_cqt_0", error);
  print_row("hybrid_cqt_0 worst bin", row);
  EXPECT_LE(error, 1e-3);
  EXPECT_LE(row, 1e-3);  // measured 1.0e-4
  EXPECT_LE(relative_error(hybrid(signal.to(torch::kFloat32)), expected), 1e-3);
}

TEST(HybridCQTReference, SplitsAsLibrosa) {
  const auto signal = load_fixture("signals/chirp_22050.npy").narrow(0, 0, 22050);
  HybridCQT hybrid(hybrid_fixture_options());
  CQT cqt(CQTOptions(22050).hop_length(512).fmin(32.7).n_bins(55).output_format(
      OutputFormat::Magnitude));
  PseudoCQT pseudo(pseudo_fixture_options().fmin(32.7 * std::pow(2.0, 55.0 / 12)).n_bins(29));
  const auto out = hybrid(signal);
  EXPECT_LE(relative_error(out.narrow(0, 0, 55), cqt(signal)), 1e-12);
  EXPECT_LE(relative_error(out.narrow(0, 55, 29), pseudo(signal)), 1e-12);
  // Every filter short (a long hop): all pseudo; every filter long (a short hop): all CQT.
  EXPECT_EQ(HybridCQT(hybrid_fixture_options().hop_length(16384))->full_bins(), 0);
  EXPECT_EQ(HybridCQT(hybrid_fixture_options().hop_length(8))->full_bins(), 84);
}

TEST(PseudoCQTBehaviour, ToneLandsInItsBin) {
  const double sr = 8000;
  auto options = small_pseudo();
  PseudoCQT pseudo(options);
  const auto frequencies = pseudo->frequencies();
  for (int64_t bin : {3, 12, 20}) {
    const double f = frequencies[bin].item<double>();
    const auto t = torch::arange(8000, torch::kFloat64) / sr;
    const auto out = pseudo(torch::sin(2 * M_PI * f * t));
    const auto middle = out.select(-1, out.size(-1) / 2);
    EXPECT_EQ(middle.argmax().item<int64_t>(), bin);
  }
  // tuning moves every centre by the same fraction of a bin.
  PseudoCQT tuned(options.tuning(0.5));
  EXPECT_NEAR(tuned->frequencies()[0].item<double>(), 500 * std::pow(2.0, 0.5 / 12), 1e-9);
}

TEST(PseudoCQTBehaviour, NormalizationTypes) {
  const auto x = noise({2000});
  PseudoCQT librosa(small_pseudo());
  PseudoCQT convolutional(small_pseudo().normalization_type(CQTNormalization::Convolutional));
  PseudoCQT wrap(small_pseudo().normalization_type(CQTNormalization::Wrap));
  const auto root_lengths = torch::sqrt(librosa->lengths()).unsqueeze(1);
  EXPECT_LE(relative_error(convolutional(x) * root_lengths, librosa(x)), 1e-12);
  EXPECT_LE(relative_error(wrap(x), 2 * convolutional(x)), 1e-12);
}

TEST(PseudoCQTBehaviour, BatchAndLeadingDims) {
  const auto x = noise({2, 3, 1500});
  PseudoCQT pseudo(small_pseudo());
  HybridCQT hybrid(small_hybrid());
  for (const auto& [name, run] :
       std::vector<std::pair<std::string, std::function<torch::Tensor(const torch::Tensor&)>>>{
           {"pseudo", [&](const torch::Tensor& v) { return pseudo(v); }},
           {"hybrid", [&](const torch::Tensor& v) { return hybrid(v); }}}) {
    const auto batched = run(x);
    ASSERT_EQ(batched.dim(), 4) << name;
    for (int64_t i = 0; i < 2; ++i) {
      for (int64_t j = 0; j < 3; ++j) {
        EXPECT_LE(relative_error(batched[i][j], run(x[i][j])), 1e-12) << name;
      }
    }
  }
}

TEST(PseudoCQTGradients, MatchCentralDifferences) {
  PseudoCQT pseudo(small_pseudo());
  HybridCQT hybrid(small_hybrid());
  const auto x = noise({600}).requires_grad_();
  EXPECT_LE(max_gradient_error([&](const auto& in) { return pseudo(in[0]); }, {x}), 1e-6);
  EXPECT_LE(max_directional_gradient_error([&](const auto& in) { return hybrid(in[0]); }, {x}),
            1e-6);
}

TEST(PseudoCQTTrainable, BankLearns) {
  PseudoCQT pseudo(small_pseudo().trainable(true));
  ASSERT_EQ(pseudo->parameters().size(), 1u);
  const auto x = noise({1000});
  const auto before = pseudo(x).detach();
  torch::optim::SGD sgd(pseudo->parameters(), 0.1);
  pseudo(x).sum().backward();
  EXPECT_GT(pseudo->cqt_basis.grad().abs().sum().item<double>(), 0);
  sgd.step();
  EXPECT_GT(relative_error(pseudo(x).detach(), before), 1e-6);
  // A trainable bank computes what the frozen (banded) one does.
  PseudoCQT frozen(small_pseudo());
  EXPECT_LE(relative_error(PseudoCQT(small_pseudo().trainable(true))(x), frozen(x)), 1e-12);
  HybridCQT hybrid(small_hybrid().trainable(true));
  EXPECT_GT(hybrid->parameters().size(), 1u);
}

TEST(PseudoCQTBehaviour, CloneAndPrint) {
  HybridCQT hybrid(small_hybrid().tuning(0.25));
  const auto copy = std::dynamic_pointer_cast<HybridCQTImpl>(hybrid->clone());
  const auto x = noise({1200});
  EXPECT_LE(relative_error(copy->forward(x), hybrid(x)), 1e-15);
  std::ostringstream text;
  text << *hybrid;
  EXPECT_NE(text.str().find("nnaudio::HybridCQT(sr=8000"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("tuning=0.25"), std::string::npos) << text.str();
}

class HybridCQTDevices : public ::testing::TestWithParam<std::string> {};

TEST_P(HybridCQTDevices, MatchTheCpu) {
  NNAUDIO_REQUIRE_DEVICE(GetParam());
  const auto device = torch::Device(GetParam());
  const auto x = noise({2, 1500});
  PseudoCQT pseudo(small_pseudo());
  HybridCQT hybrid(small_hybrid());
  const auto pseudo_cpu = pseudo(x);
  const auto hybrid_cpu = hybrid(x);
  pseudo->to(device);
  hybrid->to(device);
  EXPECT_LE(relative_error(pseudo(x.to(device)).cpu(), pseudo_cpu), 1e-10);
  EXPECT_LE(relative_error(hybrid(x.to(device)).cpu(), hybrid_cpu), 1e-10);
}

INSTANTIATE_TEST_SUITE_P(Devices, HybridCQTDevices, ::testing::ValuesIn(device_names()),
                         device_test_name);

TEST(HybridCQTErrors, InvalidOptionsAreNamed) {
  const std::vector<std::pair<PseudoCQTOptions, std::vector<std::string>>> cases = {
      {small_pseudo().n_bins(0), {"PseudoCQT", "n_bins=0"}},
      {small_pseudo().hop_length(0), {"PseudoCQT", "hop_length=0"}},
      {small_pseudo().fmin(-1), {"PseudoCQT", "fmin=-1"}},
      {small_pseudo().bins_per_octave(0), {"PseudoCQT", "bins_per_octave=0"}},
      {small_pseudo().filter_scale(0), {"PseudoCQT", "filter_scale=0"}},
      {small_pseudo().sparsity(1), {"PseudoCQT", "sparsity=1"}},
      {small_pseudo().tuning(NAN), {"PseudoCQT", "tuning=nan"}},
      {small_pseudo().sr(0), {"PseudoCQT", "sr=0"}},
      {small_pseudo().max_kernel_bytes(1000), {"PseudoCQT kernels", "max_kernel_bytes"}},
      {small_pseudo().n_bins(60), {"PseudoCQT", "Nyquist"}},
      {small_pseudo().window(Window::custom(torch::ones(8))), {"named window"}},
  };
  for (const auto& [options, fragments] : cases) {
    expect_error([&] { PseudoCQT pseudo(options); }, fragments);
  }
  expect_error([] { HybridCQT hybrid(small_hybrid().n_bins(-3)); }, {"HybridCQT", "n_bins=-3"});
  expect_error([] { HybridCQT hybrid(small_hybrid().n_bins(80)); }, {"HybridCQT", "Nyquist"});
  PseudoCQT pseudo(small_pseudo());
  expect_error([&] { pseudo(torch::ones({100}, torch::kInt32)); }, {"floating-point"});
  expect_error([&] { pseudo(torch::tensor(1.0)); }, {"(..., time)"});
}

}  // namespace
}  // namespace nnaudio::test
