// Streaming the inverse STFT: frames pushed in groups give the overlap-added samples completed
// so far, and all of them joined equal the module's output for all the frames (centring trim,
// length option, window-sum normalisation), for any grouping, layout, backend and dtype.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <random>
#include <string>
#include <vector>

#include "support/expectations.h"
#include "test_streaming_support.h"

namespace nnaudio::test {
namespace {

// Groups of frames covering `total`: single frames first, then (seeded) 0 to 5 at a time.
std::vector<int64_t> frame_groups(int64_t total, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<int64_t> groups;
  for (int64_t used = 0; used < total;) {
    const int64_t count = std::min<int64_t>(used < 4 ? 1 : rng() % 6, total - used);
    groups.push_back(count);
    used += count;
  }
  return groups;
}

// Pushes the frames of a complex spectrum (..., freq, frames) in groups (as (..., freq,
// frames, 2) when real_imag), flushes and joins the samples.
torch::Tensor stream_frames(Stream& stream, const torch::Tensor& spectrum,
                            const std::vector<int64_t>& groups, bool real_imag) {
  std::vector<torch::Tensor> samples;
  int64_t start = 0;
  for (const int64_t count : groups) {
    const auto chunk = spectrum.narrow(-1, start, count);
    samples.push_back(stream.push(real_imag ? torch::view_as_real(chunk) : chunk));
    start += count;
  }
  samples.push_back(stream.flush());
  return torch::cat(samples, -1);
}

struct Inverse {
  std::string name;
  ISTFTOptions options;
};

TEST(StreamingInverse, EqualsTheOfflineISTFTForEveryGroupingAndOption) {
  const std::vector<Inverse> inverses = {
      {"centred", ISTFTOptions(256).hop_length(64)},
      {"uncentred", ISTFTOptions(256).hop_length(64).center(false)},
      {"short_window_odd_hop", ISTFTOptions(255).win_length(200).hop_length(50)},
      {"hop_over_half_frame", ISTFTOptions(128).hop_length(80).window(Window::boxcar())},
      {"length_cut", ISTFTOptions(256).hop_length(64).length(1000)},
      {"length_padded", ISTFTOptions(256).hop_length(64).length(3000)},
      {"length_shorter_than_a_hop", ISTFTOptions(256).hop_length(64).length(10)},
      {"conv_backend", ISTFTOptions(256).hop_length(64).backend(Backend::Conv)},
  };
  for (const auto& inverse : inverses) {
    for (const auto dtype : {torch::kFloat64, torch::kFloat32}) {
      ISTFT istft(inverse.options);
      istft->to(dtype);
      torch::manual_seed(4);
      const int64_t bins = inverse.options.n_fft() / 2 + 1;
      const auto spectrum = torch::randn({2, 3, bins, 33}, c10::toComplexType(dtype));
      const auto expected = istft(spectrum);
      for (const bool real_imag : {false, true}) {
        for (const uint32_t seed : {1u, 2u}) {
          Stream stream(istft);
          SCOPED_TRACE(inverse.name + " " + c10::toString(dtype) +
                       (real_imag ? " real_imag" : " complex") + " seed " + std::to_string(seed));
          const auto actual = stream_frames(stream, spectrum, frame_groups(33, seed), real_imag);
          ASSERT_EQ(actual.sizes(), expected.sizes());
          EXPECT_LE(max_relative_error(actual, expected), dtype == torch::kFloat64 ? 1e-12 : 1e-5);
        }
      }
    }
  }
}

TEST(StreamingInverse, SamplesComeOutOnceNoLaterFrameCoversThem) {
  // hop 64, n_fft 256, centred: frame f completes samples before (f + 1) 64, the first 128 are
  // trimmed, so the third frame brings the first samples.
  ISTFT istft(ISTFTOptions(256).hop_length(64));
  Stream stream(istft);
  EXPECT_EQ(stream.latency(), 3);
  const auto spectrum = torch::randn({129, 10}, torch::kComplexDouble);
  EXPECT_EQ(stream.push(spectrum.narrow(-1, 0, 2)).size(-1), 0);
  EXPECT_EQ(stream.push(spectrum.narrow(-1, 2, 1)).size(-1), 64);
  EXPECT_EQ(stream.push(spectrum.narrow(-1, 3, 0)).size(-1), 0);
  EXPECT_EQ(stream.push(spectrum.narrow(-1, 3, 7)).size(-1), 7 * 64);
  // The end: 256 + 9 * 64 - 128 in all.
  EXPECT_EQ(stream.flush().size(-1), 256 + 9 * 64 - 2 * 128 - 8 * 64);
}

TEST(StreamingInverse, GradientsReachFramesAndTrainedKernelsAsOffline) {
  ISTFT istft(ISTFTOptions(128).hop_length(32).trainable(true));
  istft->to(torch::kFloat64);
  torch::manual_seed(6);
  const auto spectrum = torch::randn({2, 65, 20}, torch::kComplexDouble).requires_grad_(true);
  const auto weights = torch::randn_like(istft(spectrum));
  const std::vector<torch::Tensor> inputs = {spectrum, istft->kernel_cos, istft->window};
  const auto offline = torch::autograd::grad({(istft(spectrum) * weights).sum()}, inputs);
  Stream stream(istft);
  const auto streamed = stream_frames(stream, spectrum, {1, 5, 0, 14}, false);
  const auto streamed_grads = torch::autograd::grad({(streamed * weights).sum()}, inputs);
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_LE(max_relative_error(streamed_grads[i], offline[i]), 1e-12) << "gradient " << i;
  }
}

TEST(StreamingInverse, SavedStateResumesWithoutLosingOrRepeatingASample) {
  ISTFT istft(ISTFTOptions(256).hop_length(100).length(2000));
  torch::manual_seed(8);
  const auto spectrum = torch::randn({2, 129, 25}, torch::kComplexDouble);
  const auto expected = istft(spectrum);
  for (const int64_t cut : {1, 12}) {
    Stream first(istft);
    const auto before = first.push(spectrum.narrow(-1, 0, cut));
    Stream resumed(istft);
    resumed.load_state(saved_and_loaded(first));
    const auto after =
        stream_frames(resumed, spectrum.narrow(-1, cut, 25 - cut), {25 - cut}, false);
    EXPECT_LE(max_relative_error(torch::cat({before, after}, -1), expected), 1e-12)
        << "cut " << cut;
  }
}

TEST(StreamingInverse, BadChunksAreRefusedAndLeaveTheStreamUsable) {
  ISTFT istft(ISTFTOptions(256).hop_length(64));
  const auto spectrum = torch::randn({2, 129, 12}, torch::kComplexDouble);
  Stream stream(istft);
  std::vector<torch::Tensor> samples = {stream.push(spectrum.narrow(-1, 0, 5))};
  expect_error(
      [&] {
        stream.push(torch::randn({2, 129, 3}, torch::kComplexFloat));
      },
      {"ComplexFloat", "this signal is ComplexDouble"});
  expect_error(
      [&] {
        stream.push(torch::randn({2, 100, 3}, torch::kComplexDouble));
      },
      {"leading dims [2, 100]", "this signal's are [2, 129]"});
  expect_error(
      [&] {
        stream.push(torch::randn({2, 129, 3}, torch::kFloat64));
      },
      {"(..., freq, frames, 2)"});
  expect_error(
      [&] {
        stream.push(torch::ones({2, 129, 3}, torch::kInt64));
      },
      {"complex (..., freq, frames)"});
  samples.push_back(stream.push(spectrum.narrow(-1, 5, 7)));
  samples.push_back(stream.flush());
  EXPECT_LE(max_relative_error(torch::cat(samples, -1), istft(spectrum)), 1e-12);

  Stream fresh(istft);
  expect_error(
      [&] {
        fresh.push(torch::randn({2, 100, 3}, torch::kComplexDouble));
      },
      {"100 frequency bins", "n_fft=256"});
  fresh.reset();
  fresh.push(torch::randn({129, 0}, torch::kComplexDouble));
  expect_error([&] { fresh.flush(); }, {"iSTFT got no frames"});
  // A state of an analysis stream is not an inverse one.
  Stream analysis(STFT(STFTOptions(256).hop_length(64)));
  analysis.push(torch::randn({300}));
  expect_error([&] { Stream(istft).load_state(analysis.state()); }, {"inverse=0"});
}

}  // namespace
}  // namespace nnaudio::test
