// CQT / VQT / iCQT gradients and trainable kernels beyond test_cqt_behaviour.cpp: central
// differences for the kernels and for the Magnitude and Power formats, the VQT (gamma > 0)
// through autograd, training and batches, and iCQT against an independent least-squares
// solution and with trainable kernels.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <vector>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

constexpr CQTAlgorithm kAlgorithms[] = {CQTAlgorithm::CQT1992, CQTAlgorithm::CQT1992v2,
                                        CQTAlgorithm::CQT2010, CQTAlgorithm::CQT2010v2};

// Two octaves at 2 kHz (as test_cqt_behaviour.cpp), constant-Q or variable-Q.
CQTOptions small_options(CQTAlgorithm algorithm, double gamma = 0.0) {
  return CQTOptions(2000).fmin(100).n_bins(24).hop_length(16).algorithm(algorithm).gamma(gamma);
}

torch::Tensor noise(const std::vector<int64_t>& shape, uint64_t seed = 7) {
  torch::manual_seed(seed);
  return torch::randn(shape, torch::kFloat64);
}

// Every trainable kernel (real and imaginary, every stage) along random unit directions:
// measured 5.6e-11 to 1.1e-8 (RealImag, linear in the kernels) and up to 2.6e-7 (Magnitude
// with the frequency-domain kernels: the central difference's own O(eps^2) term).
TEST(CQTAutograd, KernelGradientsMatchCentralDifferences) {
  const auto x = noise({1, 200});
  for (auto algorithm : kAlgorithms) {
    for (auto format : {OutputFormat::RealImag, OutputFormat::Magnitude}) {
      SCOPED_TRACE(to_string(algorithm) + (format == OutputFormat::Magnitude ? " mag" : " ri"));
      CQT cqt(small_options(algorithm).trainable(true).output_format(format));
      cqt->to(torch::kFloat64);
      const auto kernels = cqt->parameters();
      ASSERT_FALSE(kernels.empty());
      const double error = max_directional_gradient_error(
          [&](const std::vector<torch::Tensor>&) { return cqt(x); }, kernels);
      EXPECT_LE(error, 1e-6);
    }
  }
}

// The input gradient through Magnitude and Power (away from zero, where both are smooth) and
// through the VQT's shorter filters: measured 9.9e-10 to 1.5e-9.
TEST(CQTAutograd, MagnitudePowerAndVqtInputGradientsMatchCentralDifferences) {
  for (auto algorithm : kAlgorithms) {
    for (double gamma : {0.0, 15.0}) {
      for (auto format : {OutputFormat::Magnitude, OutputFormat::Power, OutputFormat::RealImag}) {
        // RealImag at gamma 0 is in test_cqt_behaviour.cpp; the VQT's filters need one format.
        if ((gamma == 0.0) == (format == OutputFormat::RealImag)) continue;
        SCOPED_TRACE(to_string(algorithm) + " gamma " + std::to_string(gamma) + " format " +
                     std::to_string(static_cast<int>(format)));
        CQT cqt(small_options(algorithm, gamma).output_format(format));
        const auto x = noise({1, 48}).requires_grad_();
        const double error = max_gradient_error([&](const auto& in) { return cqt(in[0]); }, {x});
        EXPECT_LE(error, 1e-6);
      }
    }
  }
}

TEST(VQTTrainable, ParametersReceiveGradientsAndAStepLowersTheLoss) {
  for (auto algorithm : kAlgorithms) {
    SCOPED_TRACE(to_string(algorithm));
    VQT vqt(small_options(algorithm, 15).trainable(true).output_format(OutputFormat::Magnitude));
    const auto x = noise({2, 400});
    const auto target = (vqt(x) * 0.5).detach();
    const auto before = vqt(x).detach();
    torch::optim::Adam optimizer(vqt->parameters(), torch::optim::AdamOptions(1e-5));
    const auto loss = torch::mse_loss(vqt(x), target);
    loss.backward();
    for (const auto& parameter : vqt->parameters()) {
      ASSERT_TRUE(parameter.grad().defined());
      EXPECT_GT(parameter.grad().abs().sum().item<double>(), 0);
    }
    optimizer.step();
    const auto after = vqt(x).detach();
    EXPECT_GT(relative_error(after, before), 1e-7);
    EXPECT_LT(torch::mse_loss(after, target).item<double>(), loss.item<double>());
  }
}

// Under no_grad (evaluation) a trainable module keeps its long kernels' folded spectra between
// calls like a frozen one, and must rebuild them whenever the kernels change, also when an
// optimiser writes them through .data(), which bumps no version.
TEST(CQTTrainable, SpectraKeptUnderNoGradFollowEveryChangeOfTheKernels) {
  for (auto algorithm : {CQTAlgorithm::CQT1992, CQTAlgorithm::CQT1992v2}) {
    SCOPED_TRACE(to_string(algorithm));
    // Kernels of 8,192 taps (fmin 50 Hz at 22.05 kHz): long enough to be folded.
    CQT cqt(
        CQTOptions(22050).fmin(50).n_bins(12).hop_length(256).algorithm(algorithm).trainable(true));
    const auto x = noise({2, 12000});
    const auto with_graph = [&] { return cqt(x).detach(); };
    const auto without_graph = [&] {
      torch::NoGradGuard no_grad;
      return cqt(x);
    };
    const auto before = with_graph();
    EXPECT_LE(relative_error(without_graph(), before), 1e-12);
    EXPECT_LE(relative_error(without_graph(), before), 1e-12);  // the kept spectra
    for (auto& parameter : cqt->parameters()) parameter.data().mul_(0.5).add_(1e-3);
    const auto after = with_graph();
    EXPECT_GT(relative_error(after, before), 1e-3);
    EXPECT_LE(relative_error(without_graph(), after), 1e-12);
  }
}

TEST(VQTBatch, ABatchIsEachItem) {
  const auto x = noise({3, 500});
  for (auto algorithm : kAlgorithms) {
    VQT vqt(small_options(algorithm, 15));
    const auto batch = vqt(x);
    for (int64_t i = 0; i < 3; ++i) {
      // Measured 0: the same sums, batched or not.
      EXPECT_LE(relative_error(batch[i], vqt(x[i])), 1e-12) << to_string(algorithm) << " " << i;
    }
  }
}

// The iCQT's definition (icqt.h): conjugate gradients on the normal equations of the forward
// transform (CGLS), from zero. Reference: the same iteration written here on the forward's dense
// float64 matrix A (its responses to unit impulses; the forward itself is checked against
// librosa's definition in test_cqt_reference.cpp), for a spectrum that is the transform of no
// signal. Why not librosa.icqt: it is another algorithm (an approximate inverse filter bank,
// not a least-squares solve), so its numbers are not this transform's reference; and the
// converged least-squares solution is no reference either, because A is ill-conditioned
// outside fmin .. the top bin (measured: the lstsq solution's norm is 23x the iterate's).
TEST(ICQTReference, IsConjugateGradientsOnTheForwardsNormalEquations) {
  const int64_t length = 96;
  const auto options =
      ICQTOptions(2000).fmin(100).n_bins(24).hop_length(16).algorithm(CQTAlgorithm::CQT1992v2);
  CQT cqt(forward_options(options));
  const auto responses = torch::view_as_real(cqt(torch::eye(length, torch::kFloat64)));
  const int64_t frames = responses.size(2);  // (length, bins, frames, 2)
  const auto a = responses.reshape({length, -1}).t();
  torch::manual_seed(8);
  const auto spectrum = torch::randn({24, frames}, torch::kComplexDouble);
  const auto c = torch::view_as_real(spectrum).reshape({-1});
  for (int64_t n_iter : {1, 5, 20}) {
    auto x = torch::zeros({length}, torch::kFloat64);
    auto r = c.clone();
    auto s = a.t().matmul(r);
    auto p = s.clone();
    auto gamma = s.dot(s);
    for (int64_t it = 0; it < n_iter; ++it) {
      const auto q = a.matmul(p);
      const auto alpha = gamma / q.dot(q);
      x = x + alpha * p;
      r = r - alpha * q;
      s = a.t().matmul(r);
      const auto next = s.dot(s);
      p = s + (next / gamma) * p;
      gamma = next;
    }
    ICQT icqt(ICQTOptions(options).n_iter(n_iter));
    const auto actual = icqt(spectrum, length);
    const double error = relative_error(actual, x);
    // Measured 4.5e-16 (1 iteration) to 5.7e-15 (20): the same float64 iteration.
    EXPECT_LE(error, 1e-10) << n_iter << " iterations";
  }
}

TEST(ICQTTrainable, KernelsReceiveGradientsAndAStepChangesTheOutput) {
  const auto options = ICQTOptions(2000).fmin(100).n_bins(24).hop_length(16).n_iter(4);
  ICQT icqt(ICQTOptions(options).trainable(true));
  ASSERT_FALSE(icqt->parameters().empty());
  CQT cqt(forward_options(options));
  const auto x = noise({1, 160});
  const auto spectrum = cqt(x);
  const auto before = icqt(spectrum, 160).detach();
  const auto loss = torch::mse_loss(icqt(spectrum, 160), 0.9 * x);
  loss.backward();
  for (const auto& parameter : icqt->parameters()) {
    ASSERT_TRUE(parameter.grad().defined());
    EXPECT_GT(parameter.grad().abs().sum().item<double>(), 0);
  }
  torch::optim::Adam optimizer(icqt->parameters(), torch::optim::AdamOptions(1e-5));
  optimizer.step();
  const auto after = icqt(spectrum, 160).detach();
  EXPECT_GT(relative_error(after, before), 1e-7);
  EXPECT_LT(torch::mse_loss(after, 0.9 * x).item<double>(), loss.item<double>());
}

}  // namespace
}  // namespace nnaudio::test
