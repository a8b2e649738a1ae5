// trainable=true: the window and (Conv backend) the Fourier kernels are parameters that receive
// gradients and that an optimizer moves; frozen modules keep them as buffers.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <set>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

std::set<std::string> keys_of(const torch::OrderedDict<std::string, torch::Tensor>& dict) {
  std::set<std::string> keys;
  for (const auto& item : dict) keys.insert(item.key());
  return keys;
}

const std::set<std::string> kAllKernels = {"window", "kernel_cos", "kernel_sin"};

// Every named parameter has a gradient that is finite and not identically zero.
void expect_live_gradients(const torch::nn::Module& module) {
  for (const auto& item : module.named_parameters()) {
    SCOPED_TRACE(item.key());
    const auto& grad = item.value().grad();
    ASSERT_TRUE(grad.defined());
    EXPECT_TRUE(torch::all(torch::isfinite(grad)).item<bool>());
    EXPECT_GT(grad.abs().max().item<double>(), 0.0);
  }
}

torch::Tensor signal(int64_t batch = 2, int64_t length = 512) {
  torch::manual_seed(21);
  return torch::randn({batch, length});
}

TEST(StftTrainable, ParametersAreListedAndReceiveGradients) {
  for (const auto format : {OutputFormat::Magnitude, OutputFormat::RealImag, OutputFormat::Complex,
                            OutputFormat::Power}) {
    SCOPED_TRACE(to_string(format));
    STFT stft(STFTOptions(64).hop_length(16).output_format(format).trainable(true));
    EXPECT_EQ(stft->backend(), Backend::Conv);
    EXPECT_EQ(keys_of(stft->named_parameters()), kAllKernels);
    EXPECT_TRUE(stft->named_buffers().is_empty());
    auto out = stft(signal());
    if (out.is_complex()) out = torch::view_as_real(out);
    out.pow(2).sum().backward();
    expect_live_gradients(*stft);
  }
}

// One optimizer step on a regression loss towards a different spectrogram changes the output and
// lowers the loss (for a small enough step, as gradient descent must).
template <typename Optimizer, typename OptimizerOptions>
void expect_step_lowers_loss(const OptimizerOptions& optimizer_options,
                             Backend backend = Backend::Auto) {
  STFT stft(STFTOptions(64)
                .hop_length(16)
                .output_format(OutputFormat::Magnitude)
                .trainable(true)
                .backend(backend));
  const auto x = signal();
  const auto target = (stft(x) * 0.5).detach();
  const auto before = stft(x).detach();
  Optimizer optimizer(stft->parameters(), optimizer_options);
  optimizer.zero_grad();
  const auto loss = torch::mse_loss(stft(x), target);
  loss.backward();
  optimizer.step();
  const auto after = stft(x).detach();
  EXPECT_GT(relative_error(after, before), 1e-6);
  EXPECT_LT(torch::mse_loss(after, target).item<double>(), loss.item<double>());
}

TEST(StftTrainable, FftBackendLearnsTheWindow) {
  STFT stft(STFTOptions(64)
                .hop_length(16)
                .trainable(true)
                .backend(Backend::FFT)
                .output_format(OutputFormat::Magnitude));
  EXPECT_EQ(keys_of(stft->named_parameters()), std::set<std::string>{"window"});
  EXPECT_FALSE(stft->kernel_cos.defined());
  stft(signal()).sum().backward();
  expect_live_gradients(*stft);
  // An optimiser step on the window alone changes the output and lowers a regression loss.
  expect_step_lowers_loss<torch::optim::SGD>(torch::optim::SGDOptions(1e-4), Backend::FFT);
}

TEST(StftTrainable, SgdStepChangesTheOutput) {
  expect_step_lowers_loss<torch::optim::SGD>(torch::optim::SGDOptions(1e-4));
}

TEST(StftTrainable, AdamStepChangesTheOutput) {
  expect_step_lowers_loss<torch::optim::Adam>(torch::optim::AdamOptions(1e-4));
}

TEST(StftTrainable, FrozenModulesHoldBuffersOnly) {
  STFT conv(STFTOptions(64).backend(Backend::Conv));
  EXPECT_TRUE(conv->parameters().empty());
  EXPECT_EQ(keys_of(conv->named_buffers()), kAllKernels);
  STFT fft(STFTOptions(64));
  EXPECT_EQ(fft->backend(), Backend::FFT);
  EXPECT_TRUE(fft->parameters().empty());
  EXPECT_EQ(keys_of(fft->named_buffers()), std::set<std::string>{"window"});
  ISTFT istft(ISTFTOptions(64).backend(Backend::Conv));
  EXPECT_TRUE(istft->parameters().empty());
  EXPECT_EQ(keys_of(istft->named_buffers()), kAllKernels);
  // A frozen module's output does not require grad from a constant input.
  EXPECT_FALSE(conv(signal()).requires_grad());
}

TEST(IstftTrainable, ParametersReceiveGradientsAndAStepChangesTheOutput) {
  ISTFT istft(ISTFTOptions(64).hop_length(16).trainable(true));
  EXPECT_EQ(istft->backend(), Backend::Conv);
  EXPECT_EQ(keys_of(istft->named_parameters()), kAllKernels);
  EXPECT_TRUE(istft->named_buffers().is_empty());
  STFT stft(STFTOptions(64).hop_length(16).output_format(OutputFormat::RealImag));
  const auto x = signal();
  const auto spectrum = stft(x);
  const auto before = istft(spectrum, x.size(-1)).detach();
  // The untrained inverse already reconstructs x; pull it towards 0.9 x.
  const auto target = 0.9 * x;
  torch::optim::SGD optimizer(istft->parameters(), torch::optim::SGDOptions(1e-2));
  optimizer.zero_grad();
  const auto loss = torch::mse_loss(istft(spectrum, x.size(-1)), target);
  loss.backward();
  expect_live_gradients(*istft);
  optimizer.step();
  const auto after = istft(spectrum, x.size(-1)).detach();
  EXPECT_GT(relative_error(after, before), 1e-6);
  EXPECT_LT(torch::mse_loss(after, target).item<double>(), loss.item<double>());
}

}  // namespace
}  // namespace nnaudio::test
