// STFT against librosa 0.11 (fixtures) and against a naive float64 DFT.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

struct LibrosaCase {
  std::string fixture;
  std::string signal;
  STFTOptions options;
};

std::vector<LibrosaCase> librosa_cases() {
  return {
      {"stft_0", "chirp_22050", STFTOptions(2048).hop_length(512)},
      {"stft_1", "chirp_22050",
       STFTOptions(1024).win_length(512).hop_length(256).window(Window::hamming()).pad_mode(
           PadMode::Reflect)},
      {"stft_2", "tones_44100",
       STFTOptions(512).hop_length(128).window(Window::blackman()).center(false)},
      {"stft_3", "noise_16000", STFTOptions(400).hop_length(160)},
  };
}

class LibrosaStft : public ::testing::TestWithParam<std::tuple<std::string, Backend>> {};

TEST_P(LibrosaStft, MatchesFixturesInFloat64AndFloat32) {
  const auto [device, backend] = GetParam();
  NNAUDIO_REQUIRE_DEVICE(device);
  for (const auto& c : librosa_cases()) {
    SCOPED_TRACE(c.fixture);
    const auto expected = load_complex_fixture("librosa/" + c.fixture + ".npy");
    const auto signal = load_fixture("signals/" + c.signal + ".npy").to(torch::Device(device));
    STFT stft(STFTOptions(c.options).backend(backend));
    stft->to(torch::Device(device));
    EXPECT_LE(relative_error(stft(signal), expected), 1e-12);
    EXPECT_LE(relative_error(stft(signal.to(torch::kFloat32)), expected), 1e-6);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Devices, LibrosaStft,
    ::testing::Combine(::testing::ValuesIn(device_names()),
                       ::testing::Values(Backend::FFT, Backend::Conv)),
    [](const auto& info) {
      return std::get<0>(info.param) + "_" + to_string(std::get<1>(info.param));
    });

}  // namespace
}  // namespace nnaudio::test
