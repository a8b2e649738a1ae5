// Streaming's refusals: modules that cannot stream (and why), chunks that break the signal's
// rules (refused, the stream left usable), calls out of order, foreign states.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <vector>

#include "support/expectations.h"
#include "support/helpers.h"
#include "test_streaming_support.h"

namespace nnaudio::test {
namespace {

TEST(StreamingErrors, ModulesThatNeedTheWholeSignalOrDoNotStreamAreRefused) {
  expect_error([] { (void)Stream(MFCC(MFCCOptions(16000))); },
               {"MFCC", "top_db=80", "unset top_db"});
  expect_error(
      [] { (void)Stream(MFCC(MFCCOptions(16000).top_db(std::nullopt).ref(DbReference::max()))); },
      {"MFCC", "ref=max"});
  // Without the decibel step there is no maximum to know.
  EXPECT_NO_THROW((void)Stream(MFCC(MFCCOptions(16000).log_mels_db(false))));
  expect_error([] { (void)Stream(AmplitudeToDB(AmplitudeToDBOptions().top_db(std::nullopt))); },
               {"AmplitudeToDB", "Sequential"});
  expect_error(
      [] {
        (void)Stream(torch::nn::Sequential(
            STFT(STFTOptions(256).output_format(OutputFormat::Power)), AmplitudeToDB()));
      },
      {"AmplitudeToDB", "top_db=80"});
  expect_error([] { (void)Stream(torch::nn::Sequential(MelSpectrogram(), torch::nn::ReLU())); },
               {"element 1", "ReLU", "only AmplitudeToDB"});
  expect_error([] { (void)Stream(torch::nn::Sequential()); }, {"Sequential is empty"});
  expect_error([] { (void)Stream(GriffinLim(GriffinLimOptions(256))); }, {"does not stream yet"});
  expect_error([] { (void)Stream(torch::nn::Linear(3, 4)); },
               {"Linear", "not a streamable module"});
  expect_error([] { (void)Stream(std::shared_ptr<torch::nn::Module>()); }, {"nullptr"});
}

TEST(StreamingErrors, ABadChunkIsRefusedAndLeavesTheStreamUsable) {
  STFT stft(STFTOptions(256).hop_length(64).output_format(OutputFormat::Magnitude));
  torch::manual_seed(1);
  const auto x = torch::randn({2, 1000}, torch::kFloat64);
  Stream stream(stft);
  std::vector<torch::Tensor> frames = {stream.push(x.narrow(-1, 0, 300))};
  expect_error(
      [&] {
        stream.push(torch::randn({2, 10}, torch::kFloat32));
      },
      {"Float", "this signal is Double"});
  expect_error(
      [&] {
        stream.push(torch::randn({3, 10}, torch::kFloat64));
      },
      {"leading dims [3]", "this signal's are [2]"});
  expect_error([&] { stream.push(torch::randn({10}, torch::kFloat64)); }, {"leading dims []"});
  expect_error([&] { stream.push(torch::tensor(1.0, torch::kFloat64)); }, {"0-dim"});
  expect_error([&] { stream.push(torch::ones({2, 10}, torch::kInt64)); }, {"real floating-point"});
  expect_error(
      [&] {
        stream.push(torch::randn({2, 10}, torch::kComplexDouble));
      },
      {"real floating-point"});
  expect_error([&] { stream.push(torch::Tensor()); }, {"undefined"});
  frames.push_back(stream.push(x.narrow(-1, 300, 700)));
  frames.push_back(stream.flush());
  EXPECT_LE(max_relative_error(torch::cat(frames, -1), stft(x)), 1e-12);
}

TEST(StreamingErrors, TheFirstChunkIsCheckedAsTheModuleChecksItsInput) {
  Stream stream(STFT(STFTOptions(256)));
  expect_error([&] { stream.push(torch::randn({0, 10})); }, {"no signals", "leading dims"});
  expect_error([&] { stream.push(torch::randn({10}, torch::kFloat16)); }, {"CUDA only"});
  EXPECT_EQ(stream.push(torch::randn({2, 10})).sizes(), (std::vector<int64_t>{2, 129, 0}));
}

TEST(StreamingErrors, AMultirateSignalTooShortToReflectIsRefusedAtFlush) {
  // The lowest octave (256 taps at a quarter of the rate) mirrors 129 of its samples: the
  // module needs 513 input samples, a stream says so when the signal ends.
  CQT2010 cqt(CQTOptions(8000).fmin(150).n_bins(30).hop_length(64).pad_mode(PadMode::Reflect));
  EXPECT_EQ(cqt->min_input_length(), 513);
  Stream stream(cqt);
  stream.push(torch::randn({400}));
  expect_error([&] { stream.flush(); }, {"ended too short", "pad_mode=reflect", "at least 513"});
  expect_error([&] { (void)cqt(torch::randn({400})); }, {"needs at least 513"});
}

TEST(StreamingErrors, CallsOutOfOrderAreRefused) {
  Stream stream(STFT(STFTOptions(256)));
  expect_error([&] { stream.flush(); }, {"before any chunk"});
  stream.push(torch::randn({500}));
  stream.flush();
  expect_error([&] { stream.push(torch::randn({5})); }, {"push after flush", "reset()"});
  expect_error([&] { stream.flush(); }, {"already called", "reset()"});
}

TEST(StreamingErrors, AChunkOnAnotherDeviceIsRefused) {
  NNAUDIO_REQUIRE_DEVICE("cuda");
  Stream stream(STFT(STFTOptions(256)));
  expect_error(
      [&] {
        stream.push(torch::randn({2, 10}, torch::kCUDA));
      },
      {"chunk is on cuda", "module is on cpu"});
}

TEST(StreamingErrors, AStateOfAnotherFramingIsRefused) {
  Stream short_frames(STFT(STFTOptions(256)));
  short_frames.push(torch::randn({300}));
  Stream long_frames(STFT(STFTOptions(512)));
  expect_error([&] { long_frames.load_state(short_frames.state()); },
               {"frame_length=256", "this one has frame_length=512"});
  expect_error([&] { long_frames.load_state({}); }, {"state() list"});
  auto state = short_frames.state();
  state.pop_back();
  Stream same(STFT(STFTOptions(256)));
  expect_error([&] { same.load_state(state); }, {"holds 5 tensors", "expected 6"});
}

}  // namespace
}  // namespace nnaudio::test
