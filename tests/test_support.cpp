// The test helpers can fail: a gradient check of an input the output ignores, and error
// measures of tensors whose shapes differ only by broadcasting.

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <torch/torch.h>

#include <cmath>
#include <vector>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

TEST(Support, GradientChecksFailForAnInputTheOutputIgnores) {
  const auto used = torch::randn({3}, torch::kFloat64).requires_grad_();
  const auto unused = torch::randn({3}, torch::kFloat64).requires_grad_();
  auto f = [](const std::vector<torch::Tensor>& in) { return in[0] * 2; };
  EXPECT_LE(max_gradient_error(f, {used}), 1e-8);
  double error = 0.0;
  EXPECT_NONFATAL_FAILURE(error = max_gradient_error(f, {used, unused}), "no gradient");
  EXPECT_TRUE(std::isinf(error));
  EXPECT_NONFATAL_FAILURE(error = max_directional_gradient_error(f, {used, unused}), "no gradient");
  EXPECT_TRUE(std::isinf(error));
}

TEST(Support, ErrorMeasuresRefuseShapesThatOnlyBroadcast) {
  const auto a = torch::ones({4, 5}, torch::kFloat64);
  EXPECT_EQ(relative_error(a, a), 0.0);
  EXPECT_EQ(max_row_error(a, a), 0.0);
  EXPECT_THROW(relative_error(a, a.unsqueeze(0)), c10::Error);
  EXPECT_THROW(relative_error(a, a[0]), c10::Error);
  EXPECT_THROW(max_row_error(a.t(), a), c10::Error);
}

TEST(Support, MaxRowErrorSeesAWrongLowEnergyRow) {
  auto expected = torch::ones({3, 100}, torch::kFloat64);
  expected[2] *= 1e-4;  // a quiet row
  auto actual = expected.clone();
  actual[2] = 0;  // wholly wrong, yet only 6e-5 of the global norm
  EXPECT_LT(relative_error(actual, expected), 1e-4);
  EXPECT_EQ(max_row_error(actual, expected), 1.0);
}

}  // namespace
}  // namespace nnaudio::test
