// A top CQT filter whose band passes Nyquist: refused by default (as librosa), computed with a
// warning when allow_above_nyquist is set (as nnAudio), never when its centre is past Nyquist.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <string>
#include <vector>

#include "nnaudio/detail/warnings.h"
#include "nnaudio/nnaudio.h"

namespace nnaudio::test {
namespace {

// nnAudio 0.3.3's own test: the top filter (21,723 Hz) has a band reaching 22,191 Hz.
CQTOptions nnaudio_test_options() {
  return CQTOptions(44100)
      .fmin(220)
      .n_bins(160)
      .bins_per_octave(24)
      .algorithm(CQTAlgorithm::CQT1992v2)
      .output_format(OutputFormat::Magnitude);
}

std::string error_of(const CQTOptions& options) {
  try {
    CQT cqt(options);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(CQTNyquist, ABandPastNyquistIsRefusedByDefault) {
  const auto message = error_of(nnaudio_test_options());
  EXPECT_NE(message.find("above the Nyquist frequency 22050 Hz"), std::string::npos) << message;
  EXPECT_NE(message.find("allow_above_nyquist computes it anyway"), std::string::npos) << message;
}

TEST(CQTNyquist, AllowedItIsComputedWithAWarningAndTheLowerBinsUnchanged) {
  std::vector<std::string> warnings;
  CQT allowed = [&] {
    const detail::WarningRecorder recorder;
    CQT built(nnaudio_test_options().allow_above_nyquist(true));
    warnings = recorder.messages();
    return built;
  }();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("the top bins are inaccurate"), std::string::npos) << warnings[0];

  // Bins whose band stays below Nyquist are the same with or without the top ones.
  CQT below(nnaudio_test_options().n_bins(150));
  torch::manual_seed(2);
  const auto x = torch::randn({1, 44100});
  const auto all = allowed(x);
  ASSERT_EQ(all.size(1), 160);
  EXPECT_TRUE(torch::isfinite(all).all().item<bool>());
  EXPECT_TRUE(torch::equal(all.narrow(1, 0, 150), below(x)));
}

TEST(CQTNyquist, ACentrePastNyquistIsRefusedEvenWhenAllowed) {
  const auto message = error_of(nnaudio_test_options().n_bins(200).allow_above_nyquist(true));
  EXPECT_NE(message.find("above the Nyquist frequency"), std::string::npos) << message;
  EXPECT_EQ(message.find("allow_above_nyquist"), std::string::npos) << message;
}

}  // namespace
}  // namespace nnaudio::test
