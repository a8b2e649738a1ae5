// The multirate CQTs' halvings against libsoxr itself (the resampler librosa's CQT uses, at its
// default soxr_hq): the same filter, the same zeros outside the signal, the same output length.
// libsoxr's high-quality stage computes in float32, so the two agree to float32 round-off.

#include <gtest/gtest.h>

#include <nnaudio/functional/cqt.h>
#include <nnaudio/nnaudio.h>

#ifdef NNAUDIO_TESTS_HAVE_SOXR
#include <soxr.h>
#endif

#include <stdexcept>
#include <vector>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

#ifdef NNAUDIO_TESTS_HAVE_SOXR
// soxr_oneshot at 2:1 with SOXR_HQ, float64 in and out, as python-soxr's resample calls it.
torch::Tensor soxr_halve(const torch::Tensor& signal) {
  const auto input = signal.contiguous();
  std::vector<double> output((input.numel() + 1) / 2);
  size_t written = 0;
  const auto io = soxr_io_spec(SOXR_FLOAT64_I, SOXR_FLOAT64_I);
  const auto quality = soxr_quality_spec(SOXR_HQ, 0);
  const auto error = soxr_oneshot(2, 1, 1, input.data_ptr<double>(), input.numel(), nullptr,
                                  output.data(), output.size(), &written, &io, &quality, nullptr);
  if (error) throw std::runtime_error(error);
  output.resize(written);
  return torch::tensor(output, torch::kFloat64);
}
#endif

TEST(SoxrHalving, HalveRateEqualsLibsoxrHighQuality) {
#ifndef NNAUDIO_TESTS_HAVE_SOXR
  GTEST_SKIP() << "built without libsoxr (pkg-config soxr not found)";
#else
  const auto lowpass = kernels::halving_lowpass();
  // Impulses at both parities show the filter tap by tap, edges included.
  for (int64_t position : {0, 1, 200, 201, 999, 1000}) {
    auto impulse = torch::zeros({1001}, torch::kFloat64);
    impulse[position] = 1.0;
    const auto expected = soxr_halve(impulse);
    const auto actual = functional::halve_rate(impulse.unsqueeze(0), lowpass).squeeze(0);
    ASSERT_EQ(actual.sizes(), expected.sizes()) << position;
    EXPECT_LE((actual - expected).abs().max().item<double>(), 1e-7) << position;
  }
  // Noise of odd and even lengths, shorter and longer than the filter's 389 taps.
  torch::manual_seed(5);
  for (int64_t length : {2, 101, 388, 4000, 44101}) {
    const auto noise = torch::randn({length}, torch::kFloat64);
    const auto expected = soxr_halve(noise);
    const auto actual = functional::halve_rate(noise.unsqueeze(0), lowpass).squeeze(0);
    ASSERT_EQ(actual.sizes(), expected.sizes()) << length;
    EXPECT_LE(relative_error(actual, expected), 1e-6) << length;
  }
#endif
}

}  // namespace
}  // namespace nnaudio::test
