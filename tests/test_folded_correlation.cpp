// The folded-spectrum correlation behind the full-rate CQTs' long kernels
// (src/functional/folded_correlation): equal to torch::conv1d for every segmentation, hop and
// batch, the FFTW and torch::fft forms equal, and differentiable (to second order) with respect
// to the signal and the kernels.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "functional/fftw_folded.h"
#include "functional/folded_correlation.h"
#include "nnaudio/functional/cqt.h"
#include "support/helpers.h"

namespace nnaudio::test {
namespace {

// conv1d with the real and the imaginary kernels: complex (batch, filters, frames).
torch::Tensor conv1d_reference(const torch::Tensor& signal, const torch::Tensor& real,
                               const torch::Tensor& imag, int64_t hop) {
  const auto x = signal.unsqueeze(1);
  return torch::complex(torch::conv1d(x, real.unsqueeze(1), {}, hop),
                        torch::conv1d(x, imag.unsqueeze(1), {}, hop));
}

torch::Tensor folded(const torch::Tensor& signal, const torch::Tensor& real,
                     const torch::Tensor& imag, int64_t hop) {
  const auto plan = detail::fold_plan(real.size(1), hop);
  return detail::folded_correlation(signal, detail::folded_kernel_spectra(real, imag, plan), plan);
}

TEST(FoldedCorrelation, PlanHoldsWholeFramesInFastSizes) {
  for (int64_t hop : {1, 7, 64, 441, 512}) {
    for (int64_t size : {16, 1000, 32768}) {
      const auto plan = detail::fold_plan(size, hop);
      EXPECT_EQ(plan.length % hop, 0);
      EXPECT_EQ(plan.folds * hop, plan.length);
      EXPECT_GE(plan.frames, 9);
      EXPECT_LE(size + (plan.frames - 1) * hop, plan.length);  // no output wraps around
      EXPECT_GT(size + plan.frames * hop, plan.length);        // and none is wasted
      int64_t rest = plan.folds;
      for (int64_t prime : {2, 3, 5}) {
        while (rest % prime == 0) rest /= prime;
      }
      EXPECT_EQ(rest, 1) << "folds " << plan.folds;
    }
  }
  EXPECT_EQ(detail::fold_plan(32768, 512).length, 65536);
}

TEST(FoldedCorrelation, EqualsConv1dForEveryHopSizeAndSegmentation) {
  torch::manual_seed(1);
  for (int64_t hop : {1, 7, 64, 100}) {
    for (int64_t size : {5, 256, 1000}) {
      const auto real = torch::randn({3, size}, torch::kFloat64);
      const auto imag = torch::randn({3, size}, torch::kFloat64);
      const int64_t frames_per_segment = detail::fold_plan(size, hop).frames;
      // One frame; a segment exactly; a partial last segment; samples after the last frame.
      for (int64_t frames : {int64_t{1}, frames_per_segment, 2 * frames_per_segment + 3}) {
        for (int64_t extra : {int64_t{0}, hop - 1}) {
          const auto signal = torch::randn({2, size + (frames - 1) * hop + extra}, torch::kFloat64);
          const auto expected = conv1d_reference(signal, real, imag, hop);
          const auto actual = folded(signal, real, imag, hop);
          ASSERT_EQ(actual.sizes(), expected.sizes()) << "hop " << hop << " size " << size;
          // FFTs of up to ~6,000 points: round-off ~1e-15 relative to the whole output.
          EXPECT_LE(relative_error(actual, expected), 1e-13)
              << "hop " << hop << " size " << size << " frames " << frames;
        }
      }
    }
  }
}

TEST(FoldedCorrelation, EveryBatchItemAndFloat32) {
  torch::manual_seed(2);
  const auto real = torch::randn({4, 2048}, torch::kFloat64);
  const auto imag = torch::randn({4, 2048}, torch::kFloat64);
  for (int64_t batch : {1, 8, 7}) {
    const auto signal = torch::randn({batch, 9000}, torch::kFloat64);
    const auto expected = conv1d_reference(signal, real, imag, 128);
    const auto actual = folded(signal, real, imag, 128);
    for (int64_t b = 0; b < batch; ++b) {
      EXPECT_LE(relative_error(actual[b], expected[b]), 1e-13) << "item " << b;
    }
    // float32 FFTs of 8,192 points: a few 1e-7 relative.
    const auto single =
        folded(signal.to(torch::kFloat32), real.to(torch::kFloat32), imag.to(torch::kFloat32), 128);
    EXPECT_EQ(single.scalar_type(), torch::kComplexFloat);
    EXPECT_LE(relative_error(single, expected), 2e-6);
  }
}

TEST(FoldedCorrelation, FftwAndTorchFormsAgree) {
  torch::manual_seed(3);
  const auto signal = torch::randn({3, 1500}, torch::kFloat64);
  const auto real = torch::randn({5, 300}, torch::kFloat64);
  const auto imag = torch::randn({5, 300}, torch::kFloat64);
  const auto plan = detail::fold_plan(300, 20);
  if (!detail::fftw_folded_can_run(signal)) GTEST_SKIP() << "built without FFTW";
  EXPECT_LE(relative_error(detail::fftw_kernel_spectra(real, imag, plan.length, plan.hop),
                           detail::torch_kernel_spectra(real, imag, plan.length, plan.hop)),
            1e-14);
  // Frequency-domain kernels: 151 bins (300 taps, n = 600 split in halves whose even bins are
  // the kernels' own), 17 bins (32 taps at hop 20: n = 200, both halves transformed) and 17 bins
  // at hop 7 (n odd: one n-point transform).
  for (const auto& [bins, hop] :
       std::vector<std::pair<int64_t, int64_t>>{{151, 20}, {17, 20}, {17, 7}}) {
    const auto fd_real = torch::randn({5, bins}, torch::kFloat64);
    const auto fd_imag = torch::randn({5, bins}, torch::kFloat64);
    const auto fd_plan = detail::fold_plan(2 * (bins - 1), hop);
    EXPECT_LE(
        relative_error(
            detail::fftw_kernel_spectra(fd_real, fd_imag, fd_plan.length, fd_plan.hop, true),
            detail::torch_frequency_kernel_spectra(fd_real, fd_imag, fd_plan.length, fd_plan.hop)),
        1e-14)
        << bins << " bins, n " << fd_plan.length;
  }
  // 4 segments, the last one past the signal's end.
  const int64_t stride = plan.frames * plan.hop;
  const auto fftw = detail::fftw_signal_spectra(signal, 4, stride, plan.length, plan.hop);
  const auto torch_form = detail::torch_signal_spectra(signal, 4, stride, plan.length, plan.hop);
  EXPECT_EQ(fftw.sizes(), (std::vector<int64_t>{plan.folds, 3, 2 * 4, 2 * plan.hop}));
  EXPECT_LE(relative_error(fftw, torch_form), 1e-14);
}

TEST(FoldedCorrelation, FrequencyDomainKernelsEqualTheirTimeDomainEquivalents) {
  // CQT1992's kernels: both transforms in one pass, against time_domain_kernels then the
  // time-domain spectra: values and gradients to second order (such a kernel trains through
  // them).
  torch::manual_seed(7);
  const auto real = torch::randn({3, 33}, torch::kFloat64);
  const auto imag = torch::randn({3, 33}, torch::kFloat64);
  const auto plan = detail::fold_plan(64, 8);
  const auto weights = torch::randn({plan.folds, 3, 2 * plan.hop}, torch::kFloat64);
  const auto run = [&](bool fused) {
    const auto kr = real.clone().requires_grad_();
    const auto ki = imag.clone().requires_grad_();
    torch::Tensor spectra;
    if (fused) {
      spectra = detail::folded_kernel_spectra(kr, ki, plan, true);
    } else {
      const auto [time_real, time_imag] = functional::time_domain_kernels(kr, ki);
      spectra = detail::folded_kernel_spectra(time_real, time_imag, plan);
    }
    // Quadratic, so that the gradient depends on the kernels (and has a gradient of its own).
    const auto loss = (spectra.pow(2) * weights).sum();
    const auto grads = torch::autograd::grad({loss}, {kr, ki}, {}, true, true);
    (grads[0].pow(2).sum() + grads[1].pow(2).sum()).backward();
    return std::vector<torch::Tensor>{spectra.detach(), grads[0].detach(), grads[1].detach(),
                                      kr.grad(), ki.grad()};
  };
  const auto reference = run(false);
  const auto fused = run(true);
  for (size_t i = 0; i < reference.size(); ++i) {
    EXPECT_LE(relative_error(fused[i], reference[i]), 1e-13) << "output " << i;
  }
  // A kernel of 32 bins does not describe 64 taps.
  EXPECT_THROW(
      detail::folded_kernel_spectra(real.narrow(1, 0, 32), imag.narrow(1, 0, 32), plan, true),
      c10::Error);
}

TEST(FoldedCorrelation, GradientsMatchCentralDifferences) {
  torch::manual_seed(5);
  const auto signal = torch::randn({2, 90}, torch::kFloat64).requires_grad_();
  const auto real = torch::randn({3, 24}, torch::kFloat64).requires_grad_();
  const auto imag = torch::randn({3, 24}, torch::kFloat64).requires_grad_();
  const double error = max_gradient_error(
      [](const std::vector<torch::Tensor>& in) {
        return torch::view_as_real(folded(in[0], in[1], in[2], 8));
      },
      {signal, real, imag});
  EXPECT_LE(error, 1e-6);
}

TEST(FoldedCorrelation, SecondDerivativesEqualConv1ds) {
  // The gradient's own gradient (what a gradient penalty needs) through the adjoint pairs.
  torch::manual_seed(6);
  const auto signal = torch::randn({2, 200}, torch::kFloat64);
  const auto real = torch::randn({3, 40}, torch::kFloat64);
  const auto imag = torch::randn({3, 40}, torch::kFloat64);
  const auto weights = torch::randn({2, 3, 21, 2}, torch::kFloat64);
  const auto second = [&](bool fold) {
    const auto x = signal.clone().requires_grad_();
    const auto kr = real.clone().requires_grad_();
    const auto ki = imag.clone().requires_grad_();
    const auto out = fold ? folded(x, kr, ki, 8) : conv1d_reference(x, kr, ki, 8);
    const auto loss = (torch::view_as_real(out) * weights).sum();
    const auto grads = torch::autograd::grad({loss}, {x, kr}, {}, true, true);
    (grads[0].pow(2).sum() + grads[1].pow(2).sum()).backward();
    return std::vector<torch::Tensor>{x.grad(), kr.grad(), ki.grad()};
  };
  const auto ours = second(true);
  const auto reference = second(false);
  for (size_t i = 0; i < ours.size(); ++i) {
    EXPECT_LE(relative_error(ours[i], reference[i]), 1e-12) << "input " << i;
  }
}

TEST(FoldedCorrelation, KernelsGetTheGradientOfEveryTap) {
  // A kernel that is zero still has a gradient (it trains), as with conv1d.
  torch::manual_seed(4);
  const auto signal = torch::randn({2, 3000}, torch::kFloat64);
  auto real = torch::randn({3, 512}, torch::kFloat64);
  real[0].zero_();
  real.requires_grad_();
  const auto imag = torch::zeros({3, 512}, torch::kFloat64).requires_grad_();
  const auto weights = torch::randn({2, 3, 1 + (3000 - 512) / 32, 2}, torch::kFloat64);
  (torch::view_as_real(folded(signal, real, imag, 32)) * weights).sum().backward();
  const auto ours_real = real.grad().clone();
  const auto ours_imag = imag.grad().clone();
  real.mutable_grad().reset();
  imag.mutable_grad().reset();
  (torch::view_as_real(conv1d_reference(signal, real, imag, 32)) * weights).sum().backward();
  EXPECT_LE(relative_error(ours_real, real.grad()), 1e-13);
  EXPECT_LE(relative_error(ours_imag, imag.grad()), 1e-13);
  EXPECT_GT(ours_real[0].abs().sum().item<double>(), 0);
}

TEST(FoldedCorrelation, MismatchedSpectraAreRefused) {
  const auto plan = detail::fold_plan(64, 8);
  const auto spectra = torch::zeros({plan.folds + 1, 2, 16}, torch::kFloat64);
  const auto message = [&] {
    try {
      detail::folded_correlation(torch::zeros({1, 500}, torch::kFloat64), spectra, plan);
    } catch (const c10::Error& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  EXPECT_NE(message.find("do not match the plan"), std::string::npos) << message;
}

}  // namespace
}  // namespace nnaudio::test
