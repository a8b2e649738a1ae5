// The blocked GEMM behind the full-rate CQTs' long kernels (src/functional/strided_correlation):
// equal to torch::conv1d for every batch blocking, sparse and dense kernels, any hop, and
// differentiable with respect to the signal and the kernels.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "functional/strided_correlation.h"
#include "support/helpers.h"

namespace nnaudio::test {
namespace {

torch::Tensor conv1d_reference(const torch::Tensor& signal, const torch::Tensor& kernels,
                               int64_t hop) {
  return torch::conv1d(signal.unsqueeze(1), kernels.unsqueeze(1), {}, hop);
}

// Kernels like a CQT's: each row nonzero on a run of its own length, zero elsewhere; one row
// all zero.
torch::Tensor sparse_kernels(int64_t filters, int64_t size) {
  torch::manual_seed(3);
  auto kernels = torch::zeros({filters, size}, torch::kFloat64);
  for (int64_t k = 1; k < filters; ++k) {
    const int64_t length = size / (k + 1);
    kernels[k]
        .narrow(0, (size - length) / 2, length)
        .copy_(torch::randn({length}, torch::kFloat64));
  }
  return kernels;
}

TEST(StridedCorrelation, EqualsConv1dForEveryBatchBlocking) {
  torch::manual_seed(1);
  const auto kernels = sparse_kernels(6, 1000);
  for (int64_t batch : {1, 8, 7}) {
    const auto signal = torch::randn({batch, 5000}, torch::kFloat64);
    const auto expected = conv1d_reference(signal, kernels, 128);
    // Unbounded, then blocks of one item, then of three (7 is not a multiple of 3): an item's
    // product has 16 rows (the kernels' nonzero hop blocks) x 39 signal blocks of float64.
    for (int64_t bytes : {int64_t{1} << 40, int64_t{1}, int64_t{3 * 16 * 39 * 8}}) {
      const auto actual = detail::strided_correlation(signal, kernels, 128, bytes);
      ASSERT_EQ(actual.sizes(), expected.sizes());
      EXPECT_LE(relative_error(actual, expected), 1e-13) << "batch " << batch;
    }
  }
}

TEST(StridedCorrelation, AnyHopAndKernelSizeAndDenseKernels) {
  torch::manual_seed(2);
  const auto signal = torch::randn({3, 2345}, torch::kFloat64);
  for (int64_t hop : {1, 7, 100, 512, 1000}) {
    for (int64_t size : {1, 99, 1024}) {
      const auto kernels = torch::randn({4, size}, torch::kFloat64);
      const auto expected = conv1d_reference(signal, kernels, hop);
      const auto actual = detail::strided_correlation(signal, kernels, hop);
      ASSERT_EQ(actual.sizes(), expected.sizes()) << "hop " << hop << " size " << size;
      EXPECT_LE(relative_error(actual, expected), 1e-13) << "hop " << hop << " size " << size;
    }
  }
}

TEST(StridedCorrelation, SeveralKernelSetsAreTheirConcatenation) {
  torch::manual_seed(7);
  const auto signal = torch::randn({2, 3000}, torch::kFloat64);
  const auto first = sparse_kernels(5, 700);
  const auto second = torch::randn({2, 700}, torch::kFloat64);
  const auto expected = conv1d_reference(signal, torch::cat({first, second}), 64);
  EXPECT_LE(relative_error(detail::strided_correlation(signal, {first, second}, 64), expected),
            1e-13);
}

TEST(StridedCorrelation, TrainableKernelsGetTheGradientOfEveryTap) {
  // A zero tap of a trainable kernel still has a gradient: the dense blocks are used.
  torch::manual_seed(4);
  const auto signal = torch::randn({2, 700}, torch::kFloat64);
  const auto kernels = sparse_kernels(3, 256).requires_grad_();
  const auto weights = torch::randn({2, 3, 1 + (700 - 256) / 32}, torch::kFloat64);
  (detail::strided_correlation(signal, kernels, 32) * weights).sum().backward();
  const auto ours = kernels.grad().clone();
  kernels.mutable_grad().reset();
  (conv1d_reference(signal, kernels, 32) * weights).sum().backward();
  EXPECT_LE(relative_error(ours, kernels.grad()), 1e-13);
  EXPECT_GT(ours[0].abs().sum().item<double>(), 0);  // the all-zero kernel's gradient
}

TEST(StridedCorrelation, GradientsMatchCentralDifferences) {
  torch::manual_seed(5);
  const auto signal = torch::randn({2, 90}, torch::kFloat64).requires_grad_();
  const auto kernels = torch::randn({3, 24}, torch::kFloat64).requires_grad_();
  const double error = max_gradient_error(
      [](const std::vector<torch::Tensor>& in) {
        return detail::strided_correlation(in[0], in[1], 8);
      },
      {signal, kernels});
  EXPECT_LE(error, 1e-6);
}

TEST(StridedCorrelation, FrozenSparseKernelsGetTheInputGradient) {
  torch::manual_seed(6);
  const auto signal = torch::randn({2, 600}, torch::kFloat64).requires_grad_();
  const auto kernels = sparse_kernels(4, 200);
  const double error = max_gradient_error(
      [&](const std::vector<torch::Tensor>& in) {
        return detail::strided_correlation(in[0], kernels, 50);
      },
      {signal});
  EXPECT_LE(error, 1e-6);
}

}  // namespace
}  // namespace nnaudio::test
