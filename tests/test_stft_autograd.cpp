// Gradients of the STFT, the iSTFT and Griffin-Lim against float64 central differences
// (max_gradient_error). In float64 with eps = 1e-6 the truncation error of the central difference
// is ~eps^2 and rounding ~1e-16 / eps = 1e-10 relative, so a correct gradient lands near 1e-9;
// 1e-6 leaves room for that and still fails any wrong term (a wrong term is an O(1) error).

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

constexpr double kTolerance = 1e-6;

torch::Tensor small_signal(int64_t length = 96) {
  torch::manual_seed(11);
  return torch::randn({length}, torch::kFloat64).requires_grad_(true);
}

class StftGradient : public ::testing::TestWithParam<std::tuple<Backend, OutputFormat>> {};

TEST_P(StftGradient, InputMatchesCentralDifferences) {
  const auto [backend, format] = GetParam();
  for (const bool center : {true, false}) {
    SCOPED_TRACE(center ? "centred" : "uncentred");
    STFT stft(STFTOptions(24)
                  .win_length(20)
                  .hop_length(6)
                  .center(center)
                  .pad_mode(PadMode::Reflect)
                  .output_format(format)
                  .backend(backend));
    const auto f = [&](const std::vector<torch::Tensor>& args) { return stft(args[0]); };
    EXPECT_LE(max_gradient_error(f, {small_signal()}), kTolerance);
  }
}

// Second order: the gradient of a non-linear function of the output, differentiated again
// (gradient penalties, Hessian-vector products). The FFT backend's hand-written adjoint is
// replaced by a differentiable one when a graph of the gradient is wanted; never zeros.
TEST_P(StftGradient, GradientOfTheGradientMatchesCentralDifferences) {
  const auto [backend, format] = GetParam();
  STFT stft(STFTOptions(24).hop_length(6).output_format(format).backend(backend));
  const auto gradient = [&](const std::vector<torch::Tensor>& args) {
    // The central differences call this on plain tensors: give them a graph of their own.
    torch::AutoGradMode enabled(true);
    const auto x = args[0].requires_grad() ? args[0] : args[0].detach().requires_grad_();
    const auto out = stft(x);
    const auto loss = (format == OutputFormat::Complex ? torch::view_as_real(out) : out).pow(2);
    return torch::autograd::grad({loss.sum()}, {x}, {}, true, true)[0];
  };
  const auto x = small_signal();
  EXPECT_GT(gradient({x}).pow(2).sum().item<double>(), 0);
  EXPECT_LE(max_gradient_error(gradient, {x}), kTolerance);
}

// The window is a parameter of a trainable module on either backend (the FFT backend takes the
// window's gradient through its hand-written adjoint); the Conv backend also learns its kernels.
// The check perturbs the registered tensors in place, so it exercises the module's own path.
TEST_P(StftGradient, TrainableWindowAndKernelsMatchCentralDifferences) {
  const auto [backend, format] = GetParam();
  STFT stft(STFTOptions(16)
                .win_length(13)
                .hop_length(4)
                .window(Window::hamming())
                .output_format(format)
                .trainable(true)
                .backend(backend));
  std::vector<torch::Tensor> inputs = {small_signal(64), stft->window};
  if (backend == Backend::Conv) {
    inputs.push_back(stft->kernel_cos);
    inputs.push_back(stft->kernel_sin);
  }
  for (const auto& input : inputs) ASSERT_TRUE(input.requires_grad());
  const auto f = [&](const std::vector<torch::Tensor>& args) { return stft(args[0]); };
  EXPECT_LE(max_gradient_error(f, inputs), kTolerance);
}

INSTANTIATE_TEST_SUITE_P(
    BackendsAndFormats, StftGradient,
    ::testing::Combine(::testing::Values(Backend::FFT, Backend::Conv),
                       ::testing::Values(OutputFormat::RealImag, OutputFormat::Complex,
                                         OutputFormat::Magnitude, OutputFormat::Power)),
    [](const auto& info) {
      return to_string(std::get<0>(info.param)) + "_" + to_string(std::get<1>(info.param));
    });

class ZeroInput : public ::testing::TestWithParam<Backend> {};

// |X| is not differentiable at X = 0; the library documents the zero subgradient there, so an
// all-zero input must give a zero (and in particular not a NaN) gradient.
TEST_P(ZeroInput, MagnitudeGradientIsZeroNotNan) {
  STFT stft(
      STFTOptions(16).hop_length(4).output_format(OutputFormat::Magnitude).backend(GetParam()));
  for (const auto dtype : {torch::kFloat64, torch::kFloat32}) {
    const auto x = torch::zeros({2, 64}, dtype).requires_grad_(true);
    stft(x).sum().backward();
    ASSERT_TRUE(x.grad().defined());
    EXPECT_TRUE(torch::all(torch::isfinite(x.grad())).item<bool>());
    EXPECT_EQ(x.grad().abs().max().item<double>(), 0.0);
  }
}

// The phase of an exactly zero bin (silence, zero padding) is taken as 0 with a zero gradient:
// one silent stretch must not turn a whole update into NaN. Elsewhere the gradient is atan2's
// (central differences on the sounding part).
TEST_P(ZeroInput, PhaseGradientIsZeroOnSilenceAndExactElsewhere) {
  STFT stft(STFTOptions(16).hop_length(4).output_format(OutputFormat::Phase).backend(GetParam()));
  auto x = torch::zeros({64}, torch::kFloat64);
  x.narrow(0, 40, 24).copy_(small_signal(24).detach());
  x.requires_grad_(true);
  const auto phase = stft(x);
  EXPECT_EQ(phase.select(-1, 0).abs().max().item<double>(), 0.0);  // a silent frame
  phase.sum().backward();
  EXPECT_TRUE(torch::all(torch::isfinite(x.grad())).item<bool>());
  EXPECT_GT(x.grad().abs().sum().item<double>(), 0.0);
  const auto sounding = torch::zeros({40}, torch::kFloat64);
  const auto f = [&](const std::vector<torch::Tensor>& args) {
    // Frames 8 and later see only the sounding part (frames span 16 samples, hop 4, centred).
    return stft(torch::cat({sounding, args[0]})).narrow(-1, 8, 9);
  };
  EXPECT_LE(max_gradient_error(f, {small_signal(24)}), kTolerance);
}

INSTANTIATE_TEST_SUITE_P(Backends, ZeroInput, ::testing::Values(Backend::FFT, Backend::Conv),
                         [](const auto& info) { return to_string(info.param); });

class IstftGradient : public ::testing::TestWithParam<Backend> {};

// With respect to the (freq, frames, 2) spectrum; also with trainable window and kernels.
TEST_P(IstftGradient, SpectrumMatchesCentralDifferences) {
  const Backend backend = GetParam();
  for (const int64_t n_fft : {16, 15}) {
    SCOPED_TRACE(n_fft);
    ISTFT istft(ISTFTOptions(n_fft).hop_length(4).backend(backend));
    torch::manual_seed(5);
    const auto spectrum =
        torch::randn({n_fft / 2 + 1, 12, 2}, torch::kFloat64).requires_grad_(true);
    const auto f = [&](const std::vector<torch::Tensor>& args) { return istft(args[0]); };
    EXPECT_LE(max_gradient_error(f, {spectrum}), kTolerance);
  }
}

TEST_P(IstftGradient, TrainableWindowMatchesCentralDifferences) {
  const Backend backend = GetParam();
  ISTFT istft(ISTFTOptions(16).win_length(12).hop_length(4).trainable(true).backend(backend));
  torch::manual_seed(6);
  std::vector<torch::Tensor> inputs = {
      torch::randn({9, 10, 2}, torch::kFloat64).requires_grad_(true), istft->window};
  if (backend == Backend::Conv) {
    inputs.push_back(istft->kernel_cos);
    inputs.push_back(istft->kernel_sin);
  }
  const auto f = [&](const std::vector<torch::Tensor>& args) { return istft(args[0], 40); };
  EXPECT_LE(max_gradient_error(f, inputs), kTolerance);
}

INSTANTIATE_TEST_SUITE_P(Backends, IstftGradient, ::testing::Values(Backend::FFT, Backend::Conv),
                         [](const auto& info) { return to_string(info.param); });

// Griffin-Lim is a smooth function of the magnitude while no rebuilt bin vanishes; zero initial
// phases make it deterministic, and a few iterations with momentum cover the update rule.
TEST(GriffinLimGradient, MagnitudeMatchesCentralDifferences) {
  GriffinLim griffin_lim(GriffinLimOptions(16).hop_length(4).n_iter(3).momentum(0.5).init(
      functional::PhaseInit::Zeros));
  torch::manual_seed(9);
  STFT stft(STFTOptions(16).hop_length(4).output_format(OutputFormat::Magnitude));
  const auto magnitude =
      (stft(torch::randn({40}, torch::kFloat64)) + 0.1).detach().requires_grad_(true);
  const auto f = [&](const std::vector<torch::Tensor>& args) { return griffin_lim(args[0]); };
  EXPECT_LE(max_gradient_error(f, {magnitude}), kTolerance);
}

}  // namespace
}  // namespace nnaudio::test
