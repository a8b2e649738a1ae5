// Batch consistency (a batch gives what its items give one at a time), shapes and dtypes of
// (..., time) inputs, and the module plumbing: clone, save / load, printing.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <unistd.h>
#include <cstdio>
#include <sstream>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

torch::Tensor noise(std::vector<int64_t> shape, torch::Dtype dtype = torch::kFloat64) {
  torch::manual_seed(31);
  return torch::randn(shape, dtype);
}

// Items of a batch go through the same kernels independently (FFTW runs them on parallel
// threads, conv1d/matmul may block them differently), so in float64 the only difference allowed
// is rounding: 1e-13 relative.
constexpr double kBatchTolerance = 1e-13;

// Applies `transform` to the whole (3, ...) batch and to each item, and compares.
template <typename Transform>
void expect_batch_consistent(const torch::Tensor& batch, Transform transform) {
  const auto together = transform(batch);
  ASSERT_EQ(together.size(0), batch.size(0));
  for (int64_t i = 0; i < batch.size(0); ++i) {
    SCOPED_TRACE(i);
    const auto alone = transform(batch[i]);
    ASSERT_EQ(alone.sizes(), together[i].sizes());
    EXPECT_LE(relative_error(together[i], alone), kBatchTolerance);
  }
}

class BatchByBackend : public ::testing::TestWithParam<Backend> {};

TEST_P(BatchByBackend, StftOfABatchIsTheStftOfEachItem) {
  for (const auto format : {OutputFormat::Complex, OutputFormat::Magnitude}) {
    SCOPED_TRACE(to_string(format));
    STFT stft(STFTOptions(128).hop_length(32).output_format(format).backend(GetParam()));
    expect_batch_consistent(noise({3, 1000}), [&](const torch::Tensor& x) { return stft(x); });
  }
}

TEST_P(BatchByBackend, IstftOfABatchIsTheIstftOfEachItem) {
  STFT stft(STFTOptions(128).hop_length(32));
  ISTFT istft(ISTFTOptions(128).hop_length(32).backend(GetParam()));
  const auto spectrum = stft(noise({3, 1000}));
  expect_batch_consistent(spectrum, [&](const torch::Tensor& s) { return istft(s, 1000); });
}

TEST_P(BatchByBackend, LeadingDimsAreKept) {
  const int64_t n_fft = 64, hop = 16, length = 300;
  const int64_t bins = n_fft / 2 + 1, frames = 1 + length / hop;
  STFT stft(STFTOptions(n_fft).hop_length(hop).backend(GetParam()));
  STFT real_imag(
      STFTOptions(n_fft).hop_length(hop).output_format(OutputFormat::RealImag).backend(GetParam()));
  ISTFT istft(ISTFTOptions(n_fft).hop_length(hop).backend(GetParam()));
  const std::vector<std::vector<int64_t>> leading_shapes = {{}, {4}, {4, 1}, {2, 3}};
  for (const auto& leading : leading_shapes) {
    auto shape = leading;
    shape.push_back(length);
    SCOPED_TRACE(torch::IntArrayRef(shape));
    const auto x = noise(shape);
    auto expected = leading;
    expected.insert(expected.end(), {bins, frames});
    const auto spectrum = stft(x);
    EXPECT_EQ(spectrum.sizes(), torch::IntArrayRef(expected));
    expected.push_back(2);
    EXPECT_EQ(real_imag(x).sizes(), torch::IntArrayRef(expected));
    const auto back = istft(spectrum, length);
    EXPECT_EQ(back.sizes(), x.sizes());
    // Not only the shape: every item lands where it came from (the round trip is exact for the
    // Hann window at hop n_fft/4).
    EXPECT_LE(relative_error(back, x), 1e-12);
  }
}

TEST_P(BatchByBackend, OutputsHaveTheInputsPrecision) {
  STFT complex(STFTOptions(64).hop_length(16).backend(GetParam()));
  STFT magnitude(
      STFTOptions(64).hop_length(16).output_format(OutputFormat::Magnitude).backend(GetParam()));
  ISTFT istft(ISTFTOptions(64).hop_length(16).backend(GetParam()));
  const std::vector<std::pair<torch::Dtype, torch::Dtype>> pairs = {
      {torch::kFloat32, torch::kComplexFloat}, {torch::kFloat64, torch::kComplexDouble}};
  for (const auto& [real, complex_type] : pairs) {
    SCOPED_TRACE(c10::toString(real));
    const auto x = noise({2, 300}, real);
    const auto spectrum = complex(x);
    EXPECT_EQ(spectrum.scalar_type(), complex_type);
    EXPECT_EQ(magnitude(x).scalar_type(), real);
    EXPECT_EQ(istft(spectrum).scalar_type(), real);
    EXPECT_EQ(istft(torch::view_as_real(spectrum)).scalar_type(), real);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, BatchByBackend, ::testing::Values(Backend::FFT, Backend::Conv),
                         [](const auto& info) { return to_string(info.param); });

// Zero initial phases: random ones are drawn for the whole (batch, freq, frames) tensor at once,
// so item i of a batch would start from other phases than the item alone.
TEST(GriffinLimBatch, ABatchIsEachItem) {
  STFT stft(STFTOptions(64).hop_length(16).output_format(OutputFormat::Magnitude));
  GriffinLim griffin_lim(
      GriffinLimOptions(64).hop_length(16).n_iter(8).init(functional::PhaseInit::Zeros));
  const auto magnitude = stft(noise({3, 400}));
  // Eight iterations compound rounding through normalised phases: allow 1e-10.
  const auto together = griffin_lim(magnitude, 400);
  EXPECT_EQ(together.sizes(), torch::IntArrayRef({3, 400}));
  for (int64_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_LE(relative_error(together[i], griffin_lim(magnitude[i], 400)), 1e-10);
  }
  EXPECT_EQ(griffin_lim(magnitude.view({3, 1, 33, -1})).dim(), 3);
}

TEST(StftModule, CloneIsEqualAndIndependent) {
  const auto x = noise({2, 300});
  for (const bool trainable : {false, true}) {
    SCOPED_TRACE(trainable ? "trainable" : "frozen");
    STFT original(STFTOptions(64).hop_length(16).backend(Backend::Conv).trainable(trainable));
    const auto expected = original(x).detach();
    auto copy = std::dynamic_pointer_cast<STFTImpl>(original->clone());
    ASSERT_TRUE(copy);
    EXPECT_TRUE(torch::equal(copy->forward(x), expected));
    EXPECT_EQ(copy->parameters().size(), original->parameters().size());
    EXPECT_EQ(copy->buffers().size(), original->buffers().size());
    {
      torch::NoGradGuard no_grad;
      copy->window.mul_(0.5);
      copy->kernel_cos.add_(1.0);
    }
    EXPECT_FALSE(torch::equal(copy->forward(x), expected));
    EXPECT_TRUE(torch::equal(original(x), expected));
    // The clone's member handles are its own registered tensors.
    const auto registered =
        trainable ? copy->named_parameters()["window"] : copy->named_buffers()["window"];
    EXPECT_TRUE(registered.is_same(copy->window));
  }
}

TEST(IstftModule, CloneIsEqualAndIndependent) {
  ISTFT original(ISTFTOptions(64).hop_length(16).trainable(true));
  const auto spectrum = STFT(STFTOptions(64).hop_length(16))(noise({300}));
  const auto expected = original(spectrum).detach();
  auto copy = std::dynamic_pointer_cast<ISTFTImpl>(original->clone());
  ASSERT_TRUE(copy);
  EXPECT_TRUE(torch::equal(copy->forward(spectrum), expected));
  {
    torch::NoGradGuard no_grad;
    copy->kernel_sin.mul_(2.0);
  }
  EXPECT_FALSE(torch::equal(copy->forward(spectrum), expected));
  EXPECT_TRUE(torch::equal(original(spectrum), expected));
}

// A temporary file under /tmp, removed when it goes out of scope.
struct TempFile {
  std::string path = "/tmp/nnaudio_test_" + std::to_string(::getpid()) + "_" +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".pt";
  ~TempFile() { std::remove(path.c_str()); }
};

// Saves `saved` and loads it into `loaded`, a module with the same options whose state is still
// the default one (so the outputs differ before): afterwards both give identical outputs.
template <typename Holder>
void expect_save_load_round_trip(Holder& saved, Holder& loaded, const torch::Tensor& input) {
  EXPECT_FALSE(torch::equal(loaded(input), saved(input)));
  const TempFile file;
  torch::save(saved, file.path);
  torch::load(loaded, file.path);
  EXPECT_TRUE(torch::equal(loaded(input), saved(input)));
}

TEST(StftModule, SaveAndLoadRestoreTheState) {
  const auto x = noise({2, 300});
  for (const bool trainable : {true, false}) {
    SCOPED_TRACE(trainable ? "trainable" : "frozen");
    const auto options = STFTOptions(64).hop_length(16).backend(Backend::Conv).trainable(trainable);
    STFT saved(options), loaded(options);
    {
      // Move the state off its defaults, so that only a real load reproduces it.
      torch::NoGradGuard no_grad;
      saved->window.mul_(0.75);
      saved->kernel_sin.add_(0.01);
    }
    expect_save_load_round_trip(saved, loaded, x);
  }
}

TEST(IstftModule, SaveAndLoadRestoreTheState) {
  const auto options = ISTFTOptions(64).hop_length(16).trainable(true);
  ISTFT saved(options), loaded(options);
  {
    torch::NoGradGuard no_grad;
    saved->kernel_cos.mul_(1.5);
  }
  expect_save_load_round_trip(saved, loaded, STFT(STFTOptions(64).hop_length(16))(noise({300})));
}

TEST(Modules, PrettyPrintNamesTheOptions) {
  const auto printed = [](const torch::nn::Module& module) {
    std::ostringstream text;
    text << module;
    return text.str();
  };
  const auto stft = printed(*STFT(STFTOptions(512).hop_length(128).center(false)));
  EXPECT_NE(stft.find("nnaudio::STFT("), std::string::npos) << stft;
  EXPECT_NE(stft.find("n_fft=512"), std::string::npos) << stft;
  EXPECT_NE(stft.find("hop_length=128"), std::string::npos) << stft;
  EXPECT_NE(stft.find("center=false"), std::string::npos) << stft;
  const auto istft = printed(*ISTFT(ISTFTOptions(256)));
  EXPECT_NE(istft.find("n_fft=256"), std::string::npos) << istft;
  const auto griffin_lim = printed(*GriffinLim(GriffinLimOptions(128)));
  EXPECT_NE(griffin_lim.find("n_fft=128"), std::string::npos) << griffin_lim;
}

}  // namespace
}  // namespace nnaudio::test
