// nnaudio stream: raw PCM on standard input gives the frames `nnaudio spectrogram` computes for
// the same audio, in each output encoding; an input cut short still flushes its complete
// frames; kinds and options that cannot stream are refused before any input is read.

#include <gtest/gtest.h>
#include <nnaudio/nnaudio.h>
#include <sndfile.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli_support.h"
#include "npy.h"

namespace nnaudio::cli::testing {
namespace {

constexpr int kWav16 = SF_FORMAT_WAV | SF_FORMAT_PCM_16;

torch::Tensor load_npy(const fs::path& path) {
  Array array = read_npy(path);
  return torch::from_blob(array.values.data(), array.shape, torch::kFloat32).clone();
}

// The samples of a 16-bit WAV as raw s16le bytes (what `sox in.wav -t raw out` writes).
void write_raw_s16(const fs::path& wav, const fs::path& raw, std::size_t drop_bytes = 0) {
  std::ostringstream bytes;
  const auto channels = read_audio_channels(wav);
  for (const float sample : channels[0]) {
    const auto value = static_cast<int16_t>(std::lrint(sample * 32768.0f));
    bytes.write(reinterpret_cast<const char*>(&value), 2);
  }
  const std::string all = bytes.str();
  std::ofstream(raw, std::ios::binary).write(all.data(), all.size() - drop_bytes);
}

torch::Tensor from_f32le(const std::string& bytes, std::vector<int64_t> shape) {
  std::vector<float> values(bytes.size() / 4);
  std::memcpy(values.data(), bytes.data(), values.size() * 4);
  return torch::tensor(values).reshape(shape);
}

void expect_close(const torch::Tensor& actual, const torch::Tensor& expected) {
  ASSERT_EQ(actual.sizes(), expected.sizes());
  const double scale = expected.abs().max().item<double>();
  EXPECT_LE((actual - expected).abs().max().item<double>(), 1e-5 * scale);
}

const std::vector<std::string> kMel = {
    "--kind",       "mel", "--sr",     "8000", "--n-fft",          "512",
    "--hop-length", "128", "--n-mels", "40",   "--input-encoding", "s16le"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(Stream, EveryEncodingGivesTheSpectrogramCommandsFrames) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWav16, 8000, {tone(440, 8000, 0.7)});
  write_raw_s16(dir / "a.wav", dir / "a.raw");
  const auto offline =
      run_nnaudio({"spectrogram", (dir / "a.wav").string(), "-o", dir / "out", "--kind", "mel",
                   "--n-fft", "512", "--hop-length", "128", "--n-mels", "40", "--format", "npy"});
  ASSERT_EQ(offline.status, 0) << offline.err;
  const auto expected = load_npy(dir / "out" / "a.mel.npy");  // (40, frames)

  auto npy = run_nnaudio(with({"stream"}, with(kMel, {"--encoding", "npy", "--block", "100"})),
                         dir / "a.raw");
  ASSERT_EQ(npy.status, 0) << npy.err;
  std::ofstream(dir / "stream.npy", std::ios::binary) << npy.out;
  expect_close(load_npy(dir / "stream.npy"), expected);

  // f32le: frame after frame, each frame's 40 values contiguous.
  const auto raw = run_nnaudio(with({"stream"}, kMel), dir / "a.raw");
  ASSERT_EQ(raw.status, 0) << raw.err;
  expect_close(from_f32le(raw.out, {expected.size(1), 40}).t(), expected);

  const auto text =
      run_nnaudio(with({"stream"}, with(kMel, {"--encoding", "text"})), dir / "a.raw");
  ASSERT_EQ(text.status, 0) << text.err;
  std::istringstream lines(text.out);
  std::vector<float> values;
  int64_t rows = 0;
  for (std::string line; std::getline(lines, line); ++rows) {
    std::istringstream numbers(line);
    for (float value; numbers >> value;) values.push_back(value);
  }
  EXPECT_EQ(rows, expected.size(1));
  expect_close(torch::tensor(values).reshape({rows, 40}).t(), expected);
}

TEST(Stream, AnInputCutShortStillFlushesItsCompleteFrames) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWav16, 8000, {tone(440, 8000, 0.3)});
  // The last sample loses a byte: it is ignored (with a warning), the others are flushed.
  write_raw_s16(dir / "a.wav", dir / "cut.raw", 1);
  const auto result =
      run_nnaudio(with({"stream"}, with(kMel, {"--encoding", "npy"})), dir / "cut.raw");
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.err.find("last 1 bytes were ignored"), std::string::npos) << result.err;
  std::ofstream(dir / "stream.npy", std::ios::binary) << result.out;
  auto samples = read_audio_channels(dir / "a.wav")[0];
  samples.pop_back();
  MelSpectrogram mel(MelSpectrogramOptions(8000).n_fft(512).hop_length(128).n_mels(40));
  torch::NoGradGuard no_grad;
  expect_close(load_npy(dir / "stream.npy"), mel(torch::tensor(samples)));
}

TEST(Stream, TheMultirateCQTGivesTheSpectrogramCommandsFrames) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWav16, 8000, {tone(440, 8000, 0.7)});
  write_raw_s16(dir / "a.wav", dir / "a.raw");
  const std::vector<std::string> cqt = {"--kind",   "cqt", "--fmin",       "200",
                                        "--n-bins", "24",  "--hop-length", "128"};
  const auto offline = run_nnaudio(
      with({"spectrogram", (dir / "a.wav").string(), "-o", dir / "out", "--format", "npy"}, cqt));
  ASSERT_EQ(offline.status, 0) << offline.err;
  const auto streamed = run_nnaudio(
      with({"stream", "--sr", "8000", "--input-encoding", "s16le", "--encoding", "npy"}, cqt),
      dir / "a.raw");
  ASSERT_EQ(streamed.status, 0) << streamed.err;
  std::ofstream(dir / "stream.npy", std::ios::binary) << streamed.out;
  expect_close(load_npy(dir / "stream.npy"), load_npy(dir / "out" / "a.cqt.npy"));
}

TEST(Stream, ChannelsAreKeptAsALeadingAxis) {
  const TempDir dir;
  const auto left = tone(440, 8000, 0.3);
  const auto right = tone(900, 8000, 0.3);
  std::vector<float> interleaved;
  for (std::size_t i = 0; i < left.size(); ++i)
    interleaved.insert(interleaved.end(), {left[i], right[i]});
  std::ofstream(dir / "stereo.raw", std::ios::binary)
      .write(reinterpret_cast<const char*>(interleaved.data()), interleaved.size() * 4);
  const auto result =
      run_nnaudio({"stream", "--kind", "stft", "--sr", "8000", "--n-fft", "256", "--output-format",
                   "magnitude", "--channels", "2", "--encoding", "npy"},
                  dir / "stereo.raw");
  ASSERT_EQ(result.status, 0) << result.err;
  std::ofstream(dir / "stream.npy", std::ios::binary) << result.out;
  STFT stft(STFTOptions(256).sr(8000).output_format(OutputFormat::Magnitude));
  torch::NoGradGuard no_grad;
  expect_close(load_npy(dir / "stream.npy"),
               stft(torch::stack({torch::tensor(left), torch::tensor(right)})));
}

TEST(Stream, KindsAndOptionsThatCannotStreamAreRefused) {
  const TempDir dir;
  std::ofstream(dir / "silence.raw", std::ios::binary) << std::string(4000, '\0');
  const auto refused = [&](const std::vector<std::string>& args, const std::string& fragment) {
    const auto result = run_nnaudio(with({"stream", "--sr", "8000"}, args), dir / "silence.raw");
    EXPECT_EQ(result.status, 2) << result.err;
    EXPECT_NE(result.err.find(fragment), std::string::npos) << result.err;
  };
  refused({"--kind", "mel", "--output-format", "db"}, "--output-format db");
  refused({"--kind", "mfcc", "--top-db", "80"}, "top_db=80");
  refused({"--kind", "cfp"}, "does not stream yet");
  std::ofstream(dir / "empty.raw").close();
  const auto empty = run_nnaudio({"stream", "--kind", "mel", "--sr", "8000"}, dir / "empty.raw");
  EXPECT_EQ(empty.status, 1) << empty.err;
  EXPECT_NE(empty.err.find("no audio on standard input"), std::string::npos) << empty.err;
}

}  // namespace
}  // namespace nnaudio::cli::testing
