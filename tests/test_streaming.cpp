// Streaming (nnaudio/streaming/stream.h): the frames of a signal pushed in chunks equal the
// module's output for the whole signal, for every streamable module, chunk partition, centring
// and dtype; state save / restore, reset and autograd.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "support/expectations.h"
#include "support/helpers.h"
#include "test_streaming_support.h"

namespace nnaudio::test {
namespace {

// A module and its own forward, the reference a stream of it must equal.
struct Built {
  std::shared_ptr<torch::nn::Module> module;
  std::function<torch::Tensor(const torch::Tensor&)> forward;
};

template <typename Holder>
Built built(Holder holder) {
  return {holder.ptr(), [holder](const torch::Tensor& x) mutable { return holder->forward(x); }};
}

struct Framed {
  std::string name;
  std::function<Built(bool center, PadMode pad_mode)> make;
  int64_t frames_dim = -1;
  /// Stages at several rates: the first frame waits for the slowest octave.
  bool multirate = false;
};

std::vector<Framed> streamable_modules() {
  const auto stft = [](OutputFormat format) {
    return [format](bool center, PadMode pad_mode) -> Built {
      return built(STFT(
          STFTOptions(256).hop_length(64).center(center).pad_mode(pad_mode).output_format(format)));
    };
  };
  return {
      {"stft_complex", stft(OutputFormat::Complex)},
      {"stft_real_imag", stft(OutputFormat::RealImag), -2},
      {"stft_magnitude", stft(OutputFormat::Magnitude)},
      {"stft_power", stft(OutputFormat::Power)},
      {"stft_phase", stft(OutputFormat::Phase)},
      {"stft_log_grid_conv",
       [](bool center, PadMode pad_mode) -> Built {
         return built(STFT(STFTOptions(256)
                               .hop_length(80)
                               .center(center)
                               .pad_mode(pad_mode)
                               .freq_scale(FreqScale::Log)
                               .freq_bins(40)
                               .sr(16000)
                               .output_format(OutputFormat::Magnitude)));
       }},
      // An odd frame, a shorter window, and a hop longer than the frame (samples skipped).
      {"stft_odd_frame",
       [](bool center, PadMode pad_mode) -> Built {
         return built(STFT(STFTOptions(255)
                               .win_length(200)
                               .hop_length(50)
                               .center(center)
                               .pad_mode(pad_mode)
                               .output_format(OutputFormat::Power)));
       }},
      {"stft_hop_beyond_frame",
       [](bool center, PadMode pad_mode) -> Built {
         return built(
             STFT(STFTOptions(64).hop_length(100).center(center).pad_mode(pad_mode).output_format(
                 OutputFormat::Magnitude)));
       }},
      {"mel",
       [](bool center, PadMode pad_mode) -> Built {
         return built(MelSpectrogram(MelSpectrogramOptions(16000)
                                         .n_fft(512)
                                         .hop_length(160)
                                         .n_mels(40)
                                         .center(center)
                                         .pad_mode(pad_mode)));
       }},
      {"mfcc",
       [](bool center, PadMode pad_mode) -> Built {
         return built(MFCC(MFCCOptions(16000)
                               .n_fft(400)
                               .hop_length(160)
                               .n_mels(40)
                               .n_mfcc(13)
                               .top_db(std::nullopt)
                               .center(center)
                               .pad_mode(pad_mode)));
       }},
      {"gammatonegram",
       [](bool center, PadMode pad_mode) -> Built {
         return built(Gammatonegram(GammatonegramOptions(16000)
                                        .n_fft(512)
                                        .hop_length(128)
                                        .n_bins(32)
                                        .center(center)
                                        .pad_mode(pad_mode)));
       }},
      // Full-rate CQTs frame the signal with their longest kernel (1024 samples here).
      {"cqt1992v2",
       [](bool center, PadMode pad_mode) -> Built {
         return built(CQT1992v2(
             CQTOptions(8000).fmin(200).n_bins(24).hop_length(128).center(center).pad_mode(
                 pad_mode)));
       }},
      {"cqt1992_real_imag",
       [](bool center, PadMode pad_mode) -> Built {
         return built(CQT1992(CQTOptions(8000)
                                  .fmin(200)
                                  .n_bins(24)
                                  .hop_length(100)
                                  .center(center)
                                  .pad_mode(pad_mode)
                                  .output_format(OutputFormat::RealImag)));
       },
       -2, true},
      // Multirate CQTs: each octave's halved signal framed with its own kernels and hop (here
      // 64, 32, 16 at rates 8000, 4000, 2000 Hz; the lowest octave's 128-tap kernels span 512
      // input samples), with early downsampling, without it, and with a hop that stops the
      // halvings (odd after one).
      {"cqt2010",
       [](bool center, PadMode pad_mode) -> Built {
         return built(
             CQT2010(CQTOptions(8000).fmin(300).n_bins(36).hop_length(64).center(center).pad_mode(
                 pad_mode)));
       },
       -1, true},
      {"cqt2010v2_magnitude_no_early_downsampling",
       [](bool center, PadMode pad_mode) -> Built {
         return built(CQT2010v2(CQTOptions(8000)
                                    .fmin(300)
                                    .n_bins(36)
                                    .hop_length(96)
                                    .earlydownsample(false)
                                    .center(center)
                                    .pad_mode(pad_mode)
                                    .output_format(OutputFormat::Magnitude)));
       },
       -1, true},
      {"vqt_auto_odd_hop_real_imag",
       [](bool center, PadMode pad_mode) -> Built {
         return built(VQT(CQTOptions(8000)
                              .fmin(300)
                              .n_bins(36)
                              .gamma(10)
                              .hop_length(50)
                              .center(center)
                              .pad_mode(pad_mode)
                              .output_format(OutputFormat::RealImag)));
       },
       -2, true},
      {"mel_then_db",
       [](bool center, PadMode pad_mode) -> Built {
         return built(
             torch::nn::Sequential(MelSpectrogram(MelSpectrogramOptions(16000)
                                                      .n_fft(256)
                                                      .hop_length(100)
                                                      .n_mels(40)
                                                      .center(center)
                                                      .pad_mode(pad_mode)),
                                   AmplitudeToDB(AmplitudeToDBOptions().top_db(std::nullopt))));
       }},
  };
}

struct Framing {
  bool center;
  PadMode pad_mode;
};
const std::vector<Framing> kFramings = {
    {true, PadMode::Constant}, {true, PadMode::Reflect}, {false, PadMode::Constant}};

// float64 round-off of a differently grouped computation, and float32's (the FFTs of a
// 512-point frame accumulate a few ulp; a stream and the whole signal may take other plans).
double tolerance(torch::ScalarType dtype) {
  return dtype == torch::kFloat64 ? 1e-12 : 1e-5;
}

class StreamEqualsOffline : public ::testing::TestWithParam<Framed> {};

TEST_P(StreamEqualsOffline, ForEveryPartitionFramingAndDtype) {
  const auto& framed = GetParam();
  for (const auto& framing : kFramings) {
    for (const auto dtype : {torch::kFloat64, torch::kFloat32}) {
      const auto transform = framed.make(framing.center, framing.pad_mode);
      torch::manual_seed(3);
      const auto x = torch::randn({2, 3, 2311}, dtype);
      const auto expected = transform.forward(x);
      Stream stream(transform.module);
      // A multirate stream's 1-sample chunks each pass every halving: one random partition
      // of them keeps the test fast.
      std::vector<std::vector<int64_t>> lengths = {one_sample_then_random(x.size(-1), stream, 11),
                                                   on_frame_boundaries(x.size(-1), stream)};
      if (!framed.multirate) lengths.push_back(one_sample_then_random(x.size(-1), stream, 12));
      for (const auto& partition : lengths) {
        stream.reset();
        const auto actual = stream_through(stream, x, partition, framed.frames_dim);
        SCOPED_TRACE(framed.name + " center=" + std::to_string(framing.center) +
                     " pad=" + to_string(framing.pad_mode) + " " + c10::toString(dtype));
        ASSERT_EQ(actual.sizes(), expected.sizes());
        EXPECT_LE(max_relative_error(actual, expected), tolerance(dtype));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Streaming, StreamEqualsOffline, ::testing::ValuesIn(streamable_modules()),
                         [](const ::testing::TestParamInfo<Framed>& info) {
                           return info.param.name;
                         });

TEST(Streaming, LatencyIsTheSamplesBeforeTheFirstFrame) {
  for (const auto& framed : streamable_modules()) {
    for (const auto& framing : kFramings) {
      Stream stream(framed.make(framing.center, framing.pad_mode).module);
      SCOPED_TRACE(framed.name + " center=" + std::to_string(framing.center));
      const auto frames = [&](int64_t samples) {
        return stream.push(torch::randn({samples}, torch::kFloat64)).size(framed.frames_dim);
      };
      if (framed.multirate) {
        // The slowest octave's first frame, traced back through the halving filters.
        EXPECT_EQ(frames(stream.latency() - 1), 0);
        EXPECT_GE(frames(1), 1);
        continue;
      }
      // Frame k is complete once k hops and its part after the start pad have arrived; the
      // reflect pad may hold the first ones back until latency().
      const int64_t frame = stream.frame_length();
      const auto complete_at = [&](int64_t k) {
        return k * stream.hop_length() + frame - (framing.center ? frame / 2 : 0);
      };
      EXPECT_EQ(frames(stream.latency() - 1), 0);
      const int64_t first = frames(1);
      EXPECT_GE(first, 1);
      EXPECT_EQ(complete_at(first - 1) <= stream.latency(), true);
      EXPECT_GT(complete_at(first), stream.latency());
      EXPECT_EQ(frames(complete_at(first) - stream.latency() - 1), 0);
      EXPECT_EQ(frames(1), 1);
    }
  }
  EXPECT_EQ(Stream(STFT(STFTOptions(512).hop_length(128))).latency(), 256);
  EXPECT_EQ(Stream(STFT(STFTOptions(512).pad_mode(PadMode::Reflect))).latency(), 257);
  EXPECT_EQ(Stream(STFT(STFTOptions(511).hop_length(128))).latency(), 256);
  EXPECT_EQ(Stream(STFT(STFTOptions(512).hop_length(128).center(false))).latency(), 512);
}

TEST(Streaming, SavedStateResumesWithoutLosingOrRepeatingAFrame) {
  for (const auto& framing : kFramings) {
    MelSpectrogram mel(MelSpectrogramOptions(16000)
                           .n_fft(512)
                           .hop_length(160)
                           .center(framing.center)
                           .pad_mode(framing.pad_mode));
    torch::manual_seed(5);
    const auto x = torch::randn({2, 3000}, torch::kFloat64);
    Stream uninterrupted(mel);
    const auto expected = stream_through(uninterrupted, x, {1000, 1000, 1000}, -1);
    // A stream stopped after 1000 samples and another one resumed from its saved state; both
    // before the start pad (100 samples, reflect) and after it.
    for (const int64_t cut : {100, 1000}) {
      Stream first(mel);
      const auto before = first.push(x.narrow(-1, 0, cut));
      Stream resumed(mel);
      resumed.load_state(saved_and_loaded(first));
      const auto after = stream_through(resumed, x.narrow(-1, cut, 3000 - cut), {3000 - cut}, -1);
      EXPECT_TRUE(torch::equal(torch::cat({before, after}, -1), expected)) << "cut " << cut;
    }
  }
}

TEST(Streaming, AMultirateStateResumesEveryOctave) {
  // Cut before the slowest octave's first frame (the faster ones' frames wait in the state),
  // and later, mid-hop at every rate.
  CQT2010 cqt(CQTOptions(8000).fmin(300).n_bins(36).hop_length(64).pad_mode(PadMode::Reflect));
  torch::manual_seed(7);
  const auto x = torch::randn({2, 3000}, torch::kFloat64);
  const auto expected = cqt(x);
  for (const int64_t cut : {300, 1777}) {
    Stream first(cqt);
    const auto before = first.push(x.narrow(-1, 0, cut));
    Stream resumed(cqt);
    resumed.load_state(saved_and_loaded(first));
    const auto after = stream_through(resumed, x.narrow(-1, cut, 3000 - cut), {3000 - cut}, -1);
    EXPECT_LE(max_relative_error(torch::cat({before, after}, -1), expected), 1e-12)
        << "cut " << cut;
  }
}

TEST(Streaming, GradientsReachChunksAndEveryOctavesTrainedKernelsAsOffline) {
  CQT2010 cqt(CQTOptions(8000).fmin(300).n_bins(36).hop_length(64).trainable(true));
  cqt->to(torch::kFloat64);
  torch::manual_seed(12);
  const auto x = torch::randn({2, 1500}, torch::kFloat64).requires_grad_(true);
  const auto weights = torch::randn_like(torch::abs(cqt(x)));
  std::vector<torch::Tensor> inputs = {x};
  for (const auto& stage : cqt->stages()) inputs.push_back(stage.kernel_real);
  const auto offline = torch::autograd::grad({(torch::abs(cqt(x)) * weights).sum()}, inputs);
  Stream stream(cqt);
  const auto streamed = torch::abs(stream_through(stream, x, {1, 300, 64, 1135}, -1));
  const auto streamed_grads = torch::autograd::grad({(streamed * weights).sum()}, inputs);
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_LE(max_relative_error(streamed_grads[i], offline[i]), 1e-12) << "gradient " << i;
  }
}

TEST(Streaming, AFullRateCQTsFewFramesMultipliedDirectlyEqualTheFoldedOnes) {
  // 8192-tap kernels at hop 512: the module folds them (a whole signal); a stream's chunks of
  // up to 4 frames go through the direct product over each group's nonzero taps.
  for (const auto dtype : {torch::kFloat64, torch::kFloat32}) {
    CQT1992v2 cqt(CQTOptions(8000).fmin(32).n_bins(48).hop_length(512).center(true));
    torch::manual_seed(10);
    const auto x = torch::randn({2, 12000}, dtype);
    const auto expected = cqt(x);
    Stream stream(cqt);
    std::vector<int64_t> partition(16, 512);
    partition.push_back(2048);
    partition.push_back(12000 - 16 * 512 - 2048);
    const auto actual = stream_through(stream, x, partition, -1);
    ASSERT_EQ(actual.sizes(), expected.sizes());
    EXPECT_LE(max_relative_error(actual, expected), tolerance(dtype)) << c10::toString(dtype);
  }
}

TEST(Streaming, ResetStartsANewSignalOfAnyShapeAndDtype) {
  MFCC mfcc(MFCCOptions(16000)
                .n_fft(400)
                .hop_length(160)
                .top_db(std::nullopt)
                .pad_mode(PadMode::Reflect));
  Stream stream(mfcc);
  stream.push(torch::randn({4, 999}, torch::kFloat64));
  stream.reset();
  const auto x = torch::randn({3, 1, 1700}, torch::kFloat32);
  const auto actual = stream_through(stream, x, {7, 300, 1, 1392}, -1);
  EXPECT_LE(max_relative_error(actual, mfcc(x)), 1e-5);
  // A flushed stream takes samples again after reset().
  stream.reset();
  EXPECT_LE(max_relative_error(stream_through(stream, x, {1700}, -1), mfcc(x)), 1e-5);
}

TEST(Streaming, MemoryStaysBoundedOverALongSignal) {
  Stream stream(MelSpectrogram(MelSpectrogramOptions(16000).n_fft(512).hop_length(160)));
  int64_t frames = 0;
  for (int i = 0; i < 2000; ++i) {
    frames += stream.push(torch::randn({160})).size(-1);
    for (const auto& tensor : stream.state()) {
      ASSERT_LE(tensor.numel(), stream.frame_length() + 160);
    }
  }
  // The frames centred within n_fft/2 of the end come out at flush().
  EXPECT_EQ(frames + stream.flush().size(-1), 1 + 2000 * 160 / 160);
}

TEST(Streaming, ShortSignalsEndAsTheModuleWouldOrWithNoFrames) {
  // center=false: fewer samples than a frame give no frames (the module refuses them).
  Stream uncentered(MelSpectrogram(MelSpectrogramOptions(16000).n_fft(512).center(false)));
  EXPECT_EQ(uncentered.push(torch::randn({2, 300})).sizes(), (std::vector<int64_t>{2, 128, 0}));
  EXPECT_EQ(uncentered.flush().sizes(), (std::vector<int64_t>{2, 128, 0}));
  // Zero padding: any length, as the module.
  STFT constant(STFTOptions(512).hop_length(128));
  const auto x = torch::randn({3}, torch::kFloat64);
  Stream stream(constant);
  EXPECT_LE(max_relative_error(stream_through(stream, x, {1, 2}, -1), constant(x)), 1e-12);
  // Reflection needs more than n_fft/2 samples: flush() gives the module's refusal.
  Stream reflect(STFT(STFTOptions(512).pad_mode(PadMode::Reflect)));
  reflect.push(torch::randn({256}));
  expect_error([&] { reflect.flush(); }, {"pad_mode=reflect", "n_fft/2=256"});
}

TEST(Streaming, GradientsReachChunksAndTrainedKernelsAsOffline) {
  STFT stft(STFTOptions(128).hop_length(32).trainable(true).output_format(OutputFormat::Magnitude));
  stft->to(torch::kFloat64);
  torch::manual_seed(9);
  const auto x = torch::randn({2, 700}, torch::kFloat64).requires_grad_(true);
  const auto weights = torch::randn_like(stft(x));
  const auto offline_grads =
      torch::autograd::grad({(stft(x) * weights).sum()}, {x, stft->kernel_cos, stft->window});
  Stream stream(stft);
  const auto streamed = stream_through(stream, x, {1, 50, 128, 200, 321}, -1);
  const auto stream_grads =
      torch::autograd::grad({(streamed * weights).sum()}, {x, stft->kernel_cos, stft->window});
  for (size_t i = 0; i < offline_grads.size(); ++i) {
    EXPECT_LE(max_relative_error(stream_grads[i], offline_grads[i]), 1e-12) << "gradient " << i;
  }
}

}  // namespace
}  // namespace nnaudio::test
