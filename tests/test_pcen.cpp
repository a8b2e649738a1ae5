// PCEN: librosa fixtures, the smoother's two forms, gradients (including the parameters and
// second order), the trainable per-channel form, batches and every invalid option.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "functional/linear_recurrence.h"
#include "support/expectations.h"
#include "support/helpers.h"

namespace nnaudio::test {
namespace {

double max_error(const torch::Tensor& actual, const torch::Tensor& expected) {
  return (actual.to(torch::kFloat64) - expected).abs().max().item<double>() /
         expected.abs().max().item<double>();
}

// A positive (channels, frames) "spectrogram".
torch::Tensor energy(const std::vector<int64_t>& shape, uint64_t seed = 7) {
  torch::manual_seed(seed);
  return torch::rand(shape, torch::kFloat64) + 0.1;
}

// The recursion written out frame by frame (float64), librosa's lfilter with its zi.
torch::Tensor naive_smooth(const torch::Tensor& x, const torch::Tensor& b) {
  auto out = torch::empty_like(x);
  auto state = torch::ones_like(x.select(-1, 0));
  for (int64_t t = 0; t < x.size(-1); ++t) {
    state = b * x.select(-1, t) + (1 - b) * state;
    out.select(-1, t).copy_(state);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reference.

TEST(PCENReference, MatchesLibrosa) {
  const auto input = load_fixture("librosa/pcen_input_0.npy") * std::pow(2.0, 31);
  PCEN first(PCENOptions(22050).hop_length(256));
  PCEN second(PCENOptions(22050)
                  .hop_length(256)
                  .gain(0.8)
                  .bias(10.0)
                  .power(0.25)
                  .time_constant(0.06)
                  .max_size(3));
  const auto expected0 = load_fixture("librosa/pcen_0.npy");
  const auto expected1 = load_fixture("librosa/pcen_1.npy");
  EXPECT_LE(max_error(first(input), expected0), 1e-10);
  EXPECT_LE(max_error(second(input), expected1), 1e-10);
  EXPECT_LE(max_error(first(input.to(torch::kFloat32)), expected0), 1e-5);
  EXPECT_LE(max_error(second(input.to(torch::kFloat32)), expected1), 1e-5);
  // The trainable form starts at the same numbers.
  PCEN trainable(PCENOptions(22050).hop_length(256).trainable(true).channels(64));
  EXPECT_LE(max_error(trainable(input), expected0), 1e-10);
}

TEST(PCENReference, SmootherFormsMatchTheRecursion) {
  const auto x = energy({3, 5, 100});
  const auto b = torch::linspace(0.05, 1.0, 5, torch::kFloat64);
  const auto expected = naive_smooth(x, b);
  EXPECT_LE((functional::pcen_smooth(x, b) - expected).abs().max().item<double>(), 1e-14);
  // The device form (blocks of products), run here on the CPU.
  const auto blocks =
      detail::linear_recurrence_blocks(x, b, 1 - b, torch::ones({3, 5}, x.options()));
  EXPECT_LE((blocks - expected).abs().max().item<double>(), 1e-13);
  EXPECT_LE(
      (functional::pcen_smooth(x.to(torch::kFloat32), b) - expected).abs().max().item<double>(),
      1e-5);
}

// Without autograd the CPU computes each row in one pass; with it, tensor operations. They agree.
TEST(PCENReference, FusedAndTensorFormsAgree) {
  const auto s = energy({2, 6, 70}) * 1e4;
  for (const auto& [power, bias, max_size] : std::vector<std::tuple<double, double, int64_t>>{
           {0.5, 2.0, 1}, {0.0, 2.0, 3}, {0.3, 0.0, 2}}) {
    functional::PCENParameters p;
    p.power = power;
    p.bias = bias;
    p.b = 0.2;
    p.max_size = max_size;
    const auto fused = functional::pcen(s, p);
    const auto tensor_form = functional::pcen(s.clone().requires_grad_(true), p).detach();
    EXPECT_LE(max_error(fused, tensor_form), 1e-14) << power << " " << bias;
  }
}

TEST(PCENReference, SpecialCasesFollowLibrosa) {
  const auto s = energy({4, 30});
  functional::PCENParameters p;
  p.b = 0.3;
  const auto smooth = functional::pcen_smooth(s, torch::scalar_tensor(0.3, torch::kFloat64));
  const auto scale = (smooth + p.eps).pow(-p.gain);
  p.power = 0.0;
  EXPECT_TRUE(torch::allclose(functional::pcen(s, p), torch::log1p(s * scale)));
  p.power = 0.5;
  p.bias = 0.0;
  EXPECT_TRUE(torch::allclose(functional::pcen(s, p), (s * scale).pow(0.5)));
  EXPECT_NEAR(functional::pcen_smoothing_coefficient(0.4, 22050, 512),
              (std::sqrt(1 + 4 * 17.2265625 * 17.2265625) - 1) / (2 * 17.2265625 * 17.2265625),
              1e-15);
}

// ---------------------------------------------------------------------------------------------
// Gradients.

TEST(PCENAutograd, SmootherMatchesCentralDifferences) {
  const auto x = energy({1, 3, 12}).requires_grad_(true);
  const auto b = torch::tensor({0.2, 0.5, 0.9}, torch::kFloat64).requires_grad_(true);
  const auto f = [](const std::vector<torch::Tensor>& in) {
    return functional::pcen_smooth(in[0], in[1]);
  };
  EXPECT_LE(max_gradient_error(f, {x, b}), 1e-7);
  // Second order: the gradient (built with create_graph) is itself differentiable.
  const auto weights = energy({1, 3, 12}, 9);
  const auto gradient = [&](const std::vector<torch::Tensor>& in) {
    // The central differences run without grad mode; this function needs it inside.
    torch::AutoGradMode enable(true);
    const auto y = (functional::pcen_smooth(in[0], in[1]).pow(2) * weights).sum();
    return torch::autograd::grad({y}, {in[0], in[1]}, {}, true, true)[1];
  };
  EXPECT_LE(max_gradient_error(gradient, {x, b}), 1e-6);
}

TEST(PCENAutograd, TrainableParametersMatchCentralDifferences) {
  const auto s = energy({4, 25}).requires_grad_(true);
  const auto param = [](std::vector<double> values) {
    return torch::tensor(values, torch::kFloat64).requires_grad_(true);
  };
  const auto f = [](const std::vector<torch::Tensor>& in) {
    return functional::pcen(in[0], in[1], in[2], in[3], in[4], 1e-6, 2, -2);
  };
  EXPECT_LE(max_gradient_error(f, {s, param({0.98, 0.9, 0.8, 0.7}), param({2, 1, 0.5, 3}),
                                   param({0.5, 0.3, 0.25, 0.8}), param({0.1, 0.2, 0.4, 0.8})}),
            1e-6);
}

// ---------------------------------------------------------------------------------------------
// Trainable, batches, plumbing.

TEST(PCENTrainable, ParametersLearnPerChannel) {
  PCEN pcen(PCENOptions(16000).hop_length(160).trainable(true).channels(6));
  ASSERT_EQ(pcen->parameters().size(), 4u);
  EXPECT_EQ(pcen->gain.sizes(), torch::IntArrayRef({6}));
  const auto s = energy({2, 6, 50});
  const auto before = pcen(s).detach();
  torch::optim::Adam optimizer(pcen->parameters(), 1e-2);
  pcen(s).select(1, 0).mean().backward();
  for (const auto& p : pcen->parameters()) {
    EXPECT_GT(p.grad()[0].abs().item<double>(), 0.0);
    EXPECT_EQ(p.grad()[1].item<double>(), 0.0);  // channel 1 did not enter the loss
  }
  optimizer.step();
  const auto after = pcen(s).detach();
  EXPECT_FALSE(torch::allclose(after.select(1, 0), before.select(1, 0)));
  EXPECT_TRUE(torch::equal(after.select(1, 1), before.select(1, 1)));
}

TEST(PCENBatch, LeadingDimsMatchItems) {
  const auto s = energy({2, 3, 8, 40});
  PCEN pcen(PCENOptions().max_size(3));
  const auto batch = pcen(s);
  for (int64_t i = 0; i < 2; ++i) {
    for (int64_t j = 0; j < 3; ++j) EXPECT_TRUE(torch::equal(batch[i][j], pcen(s[i][j])));
  }
  EXPECT_EQ(pcen(s.narrow(-1, 0, 0)).sizes(), torch::IntArrayRef({2, 3, 8, 0}));
}

TEST(PCENModule, CloneAndPrint) {
  PCEN pcen(PCENOptions(16000).hop_length(160).trainable(true));
  const auto copy = std::dynamic_pointer_cast<PCENImpl>(pcen->clone());
  const auto s = energy({5, 20});
  EXPECT_TRUE(torch::equal(copy->forward(s), pcen(s)));
  std::ostringstream text;
  text << *pcen;
  EXPECT_NE(text.str().find("trainable=true"), std::string::npos) << text.str();
  EXPECT_DOUBLE_EQ(PCEN(PCENOptions().b(0.25))->smoothing_coefficient(), 0.25);
}

// ---------------------------------------------------------------------------------------------
// Invalid options and inputs.

TEST(PCENErrors, InvalidOptionsAndInputsAreNamed) {
  expect_error([] { PCEN(PCENOptions().time_constant(0.0)); }, {"time_constant=0"});
  expect_error([] { PCEN(PCENOptions().time_constant(-1.0)); }, {"time_constant=-1"});
  expect_error([] { PCEN(PCENOptions().hop_length(0)); }, {"hop_length=0"});
  expect_error([] { PCEN(PCENOptions().b(1.5)); }, {"PCEN: b=1.5", "[0, 1]"});
  expect_error([] { PCEN(PCENOptions().eps(0.0)); }, {"PCEN: eps=0"});
  expect_error([] { PCEN(PCENOptions().gain(-1.0)); }, {"PCEN: gain=-1"});
  expect_error([] { PCEN(PCENOptions().bias(-1.0)); }, {"PCEN: bias=-1"});
  expect_error([] { PCEN(PCENOptions().power(NAN)); }, {"PCEN: power=nan"});
  expect_error([] { PCEN(PCENOptions().max_size(0)); }, {"PCEN: max_size=0"});
  expect_error([] { PCEN(PCENOptions().channels(4)); }, {"channels=4", "trainable"});
  expect_error([] { PCEN(PCENOptions().trainable(true).power(0.0)); }, {"power=0"});
  PCEN pcen(PCENOptions().max_size(2).max_axis(3));
  expect_error([&] { pcen(torch::ones({5})); }, {"(..., freq, frames)"});
  expect_error([&] { pcen(torch::ones({4, 5}, torch::kComplexFloat)); }, {"real floating-point"});
  expect_error([&] { pcen(torch::ones({4, 5})); }, {"max_axis=3"});
  PCEN trainable(PCENOptions().trainable(true).channels(3));
  expect_error([&] { trainable(torch::ones({4, 5})); }, {"one value per channel (4)"});
}

}  // namespace
}  // namespace nnaudio::test
