// Bins that are exactly zero (silence, zero padding) must not poison a gradient with NaN, to
// first or second order: one silent stretch would otherwise spoil a whole update.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "nnaudio/nnaudio.h"

namespace nnaudio::test {
namespace {

TEST(ZeroBins, MagnitudeGradientsAreFiniteToSecondOrderOnSilence) {
  // Half silence, half noise: the silent frames' bins are exactly 0.
  torch::manual_seed(5);
  auto signal =
      torch::cat(
          {torch::zeros({1, 4096}, torch::kFloat64), torch::randn({1, 4096}, torch::kFloat64)}, -1)
          .requires_grad_(true);
  STFT stft(STFTOptions(256).hop_length(64).output_format(OutputFormat::Magnitude));
  stft->to(torch::kFloat64);
  const auto magnitude = stft(signal);
  ASSERT_GT(magnitude.eq(0).sum().item<int64_t>(), 0) << "no bin is exactly zero";
  const auto gradient =
      torch::autograd::grad({magnitude.pow(3).sum()}, {signal}, {}, true, true)[0];
  ASSERT_TRUE(torch::isfinite(gradient).all().item<bool>());
  const auto second = torch::autograd::grad({gradient.pow(2).sum()}, {signal})[0];
  EXPECT_TRUE(torch::isfinite(second).all().item<bool>());
  // Where the noise is, the second derivative is a real one, not zeros.
  EXPECT_GT(second.narrow(-1, 4096 + 256, 3000).abs().max().item<double>(), 0.0);
}

}  // namespace
}  // namespace nnaudio::test
