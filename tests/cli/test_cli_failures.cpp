// Bad inputs, invalid options, interrupted and repeated runs, info and bench.

#include <gtest/gtest.h>
#include <sndfile.h>
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli_support.h"
#include "npy.h"

namespace nnaudio::cli::testing {
namespace {

constexpr int kWav16 = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
constexpr int kFlac16 = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// The first `bytes` bytes of `from` written to `to`.
void copy_prefix(const fs::path& from, const fs::path& to, std::size_t bytes) {
  std::string data = read_text(from);
  data.resize(std::min(bytes, data.size()));
  std::ofstream(to, std::ios::binary) << data;
}

TEST(Failures, EachBadFileIsReportedWithItsReasonAndTheOthersAreConverted) {
  const TempDir dir;
  write_audio(dir / "good.wav", kWav16, 8000, {tone(440, 8000, 0.5)});
  write_audio(dir / "full.wav", kWav16, 8000, {tone(440, 8000, 0.5)});
  copy_prefix(dir / "full.wav", dir / "truncated.wav", 44 + 2000);
  write_audio(dir / "full.flac", kFlac16, 8000, {tone(440, 8000, 2.0)});
  copy_prefix(dir / "full.flac", dir / "cut.flac", fs::file_size(dir / "full.flac") / 2);
  std::ofstream(dir / "empty.wav");
  std::ofstream(dir / "text.wav") << "this is not audio\n";
  // A WAV header claiming zero channels.
  std::string zero = read_text(dir / "full.wav");
  zero[22] = zero[23] = 0;
  std::ofstream(dir / "zero.wav", std::ios::binary) << zero;
  write_audio(dir / "short.wav", kWav16, 8000, {tone(440, 8000, 0.01)});

  std::vector<std::string> args = {"spectrogram"};
  for (const char* name : {"good.wav", "missing.wav", "empty.wav", "truncated.wav", "cut.flac",
                           "text.wav", "zero.wav", "short.wav"}) {
    args.push_back(dir / name);
  }
  args.insert(args.end(), {"-o", dir / "out", "--kind", "stft", "--n-fft", "512", "--no-center",
                           "--format", "npy"});
  const auto result = run_nnaudio(args);
  EXPECT_EQ(result.status, 1);
  const std::vector<std::pair<std::string, std::string>> reasons = {
      {"missing.wav", "no such file"},          {"empty.wav", "empty file"},
      {"truncated.wav", "truncated"},           {"cut.flac", "truncated"},
      {"text.wav", "not readable as audio"},    {"zero.wav", "Channel count is zero"},
      {"short.wav", "needs at least n_fft=512"}};
  for (const auto& [name, reason] : reasons) {
    EXPECT_TRUE(contains(result.err, (dir / name).string() + ": ")) << name << "\n" << result.err;
    EXPECT_TRUE(contains(result.err, reason)) << reason << "\n" << result.err;
  }
  EXPECT_TRUE(contains(result.out,
                       "1 converted, 0 skipped (outputs exist; --overwrite "
                       "recomputes them), 7 failed"))
      << result.out;
  EXPECT_EQ(list_files(dir / "out"), std::vector<std::string>{"good.stft.npy"});
}

struct InvalidOption {
  std::vector<std::string> options;
  std::string message;  ///< part of what stderr must say
};

class InvalidOptions : public ::testing::TestWithParam<InvalidOption> {};

TEST_P(InvalidOptions, ExitWithStatusTwoAndTheMessageBeforeAnyWork) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWav16, 8000, {tone(440, 8000, 0.2)});
  std::vector<std::string> args = {"spectrogram", dir / "a.wav", "-o", dir / "out"};
  args.insert(args.end(), GetParam().options.begin(), GetParam().options.end());
  const auto result = run_nnaudio(args);
  EXPECT_EQ(result.status, 2) << result.err;
  EXPECT_TRUE(contains(result.err, GetParam().message)) << result.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

INSTANTIATE_TEST_SUITE_P(
    Options, InvalidOptions,
    ::testing::Values(
        InvalidOption{{"--kind", "stft", "--n-fft", "0"}, "--n-fft: 0 must be a whole number"},
        InvalidOption{{"--kind", "stft", "--hop-length", "0"}, "hop_length=0"},
        InvalidOption{{"--kind", "stft", "--window", "hanning"}, "--window: window='hanning'"},
        InvalidOption{{"--kind", "stft", "--pad-mode", "edge"}, "pad_mode='edge' is not supported"},
        InvalidOption{{"--kind", "stft", "--output-format", "complx"}, "output_format='complx'"},
        InvalidOption{{"--kind", "mels"}, "kind='mels' is not supported"},
        InvalidOption{{"--kind", "stft", "--n-mels", "64"},
                      "--n-mels does not apply to --kind stft"},
        InvalidOption{{"--kind", "mfcc", "--output-format", "db"}, "does not apply to --kind mfcc"},
        InvalidOption{{"--kind", "mel", "--fmax", "6000"}, "--kind mel at 8000 Hz: "},
        InvalidOption{{"--kind", "mel", "--norm", "l3"}, "norm='l3'"},
        InvalidOption{{"--kind", "cqt", "--algorithm", "1993"}, "algorithm='1993'"},
        InvalidOption{{"--kind", "pseudo_cqt", "--algorithm", "2010"},
                      "--algorithm does not apply to --kind pseudo_cqt"},
        InvalidOption{{"--kind", "hybrid_cqt", "--output-format", "phase"},
                      "does not apply to --kind hybrid_cqt"},
        InvalidOption{{"--kind", "hybrid_cqt", "--n-bins", "200"},
                      "--kind hybrid_cqt at 8000 Hz: "},
        InvalidOption{{"--kind", "stft", "--format", "jpg"}, "--format"},
        InvalidOption{{"--kind", "stft", "--batch-size", "0"}, "--batch-size"},
        InvalidOption{{"--kind", "stft", "--sr", "-1"}, "--sr"},
        InvalidOption{{"--kind", "stft", "--sr", "0"}, "0 must be a sample rate in Hz above 0"},
        InvalidOption{{"--kind", "stft", "--sr", "1e9"}, "at most 768000"},
        InvalidOption{{"--kind", "mel", "--n-fft", "16777216"}, "from 1 to 1048576"},
        InvalidOption{{"--kind", "stft", "--top-db", "-3"}, "top_db"},
        InvalidOption{{"--kind", "stft", "--device", "tpu"}, "--device"},
        InvalidOption{{"--kind", "stft", "--bogus"}, "--bogus"},
        InvalidOption{{"--n-fft", "512"}, "--kind is required"}));

INSTANTIATE_TEST_SUITE_P(
    ChromaOptions, InvalidOptions,
    ::testing::Values(
        InvalidOption{{"--kind", "chroma_stft", "--n-chroma", "0"}, "n_chroma=0"},
        InvalidOption{{"--kind", "chroma_cqt", "--bins-per-octave", "30"},
                      "bins_per_octave=30 must be a positive multiple of n_chroma=12"},
        InvalidOption{{"--kind", "chroma_cens", "--n-octaves", "0"}, "n_octaves=0"},
        InvalidOption{{"--kind", "pcen", "--pcen-time-constant", "0"}, "time_constant=0"},
        InvalidOption{{"--kind", "pcen", "--pcen-eps", "-1"}, "eps=-1"},
        InvalidOption{{"--kind", "stft", "--tuning", "0.1"},
                      "--tuning does not apply to --kind stft"},
        InvalidOption{{"--kind", "mel", "--pcen-gain", "0.5"},
                      "--pcen-gain does not apply to --kind mel"}));

TEST(Options, MissingArgumentsExitWithStatusTwo) {
  EXPECT_EQ(run_nnaudio({"spectrogram", "a.wav", "--kind", "stft"}).status, 2);
  EXPECT_EQ(run_nnaudio({"bench", "--kinds", "fft"}).status, 2);
  EXPECT_EQ(run_nnaudio({}).status, 2);
}

TEST(Options, EverySubcommandHasHelp) {
  for (const char* command : {"spectrogram", "info", "bench"}) {
    const auto result = run_nnaudio({command, "--help"});
    EXPECT_EQ(result.status, 0) << command;
    EXPECT_TRUE(contains(result.out, std::string("nnaudio ") + command)) << result.out;
  }
  EXPECT_TRUE(contains(run_nnaudio({"spectrogram", "--help"}).out, "--hop-length"));
}

TEST(Resume, ExistingOutputsAreSkippedUnlessOverwrite) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWav16, 8000, {tone(440, 8000, 0.3)});
  const std::vector<std::string> args = {"spectrogram", dir / "a.wav", "-o",  dir / "out", "--kind",
                                         "mel",         "--n-fft",     "256", "--n-mels",  "32"};
  ASSERT_EQ(run_nnaudio(args).status, 0);
  const auto written = fs::last_write_time(dir / "out" / "a.mel.npy");
  const auto again = run_nnaudio(args);
  EXPECT_TRUE(contains(again.out, "0 converted, 1 skipped")) << again.out;
  EXPECT_EQ(fs::last_write_time(dir / "out" / "a.mel.npy"), written);
  auto overwrite = args;
  overwrite.push_back("--overwrite");
  EXPECT_TRUE(contains(run_nnaudio(overwrite).out, "1 converted, 0 skipped"));
}

TEST(Resume, AnInterruptedRunLeavesOnlyCompleteFilesAndARerunFinishesIt) {
  const TempDir dir;
  constexpr int kFiles = 40;
  fs::create_directories(dir / "in");
  for (int i = 0; i < kFiles; ++i) {
    write_audio(dir / "in" / ("clip" + std::to_string(i) + ".wav"), kWav16, 16000,
                {tone(200 + 20 * i, 16000, 2.0)});
  }
  const std::vector<std::string> args = {"spectrogram",  dir / "in", "-o",
                                         dir / "out",    "--kind",   "stft,gammatone",
                                         "--batch-size", "1"};
  const pid_t pid = start_nnaudio(args, dir / "log");
  // Interrupt as soon as the second file's first output exists: the first file is complete
  // (files go one at a time), the rest is to do. No fixed deadline: on a loaded machine the
  // program may take long to start; the wait ends with the run, and CTest's timeout bounds a
  // run that hangs.
  while (!fs::exists(dir / "out" / "clip1.stft.npy")) {
    int status = 0;
    ASSERT_NE(waitpid(pid, &status, WNOHANG), pid)
        << "the run ended before its second file was written";
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(pid, SIGINT);
  ASSERT_EQ(wait_for(pid), 128 + SIGINT) << "the run ended before it was interrupted";

  const auto interrupted = list_files(dir / "out");
  ASSERT_LT(interrupted.size(), 4u * kFiles);
  for (const auto& name : interrupted) {
    ASSERT_FALSE(contains(name, ".tmp-")) << name;
    if (fs::path(name).extension() == ".npy") {
      EXPECT_NO_THROW(read_npy(dir / "out" / name)) << name;
    } else {
      EXPECT_NO_THROW(read_png(dir / "out" / name)) << name;
    }
  }
  const auto first_done = fs::last_write_time(dir / "out" / "clip0.gammatone.png");
  const auto rerun = run_nnaudio(args);
  ASSERT_EQ(rerun.status, 0) << rerun.err;
  EXPECT_EQ(list_files(dir / "out").size(), 4u * kFiles);
  EXPECT_TRUE(contains(rerun.out, "0 failed")) << rerun.out;
  EXPECT_FALSE(contains(rerun.out, " 0 skipped")) << rerun.out;
  EXPECT_EQ(fs::last_write_time(dir / "out" / "clip0.gammatone.png"), first_done);
}

TEST(Info, PrintsDurationRateChannelsFramesAndFormat) {
  const TempDir dir;
  write_audio(dir / "a.flac", kFlac16, 8000, {tone(440, 8000, 0.5), tone(660, 8000, 0.5)});
  std::ofstream(dir / "b.wav") << "not audio";
  const auto result = run_nnaudio({"info", dir / "a.flac", dir / "b.wav"});
  EXPECT_EQ(result.status, 1);
  EXPECT_TRUE(contains(
      result.out, (dir / "a.flac").string() + ": 0.500 s, 8000 Hz, 2 channels, 4000 frames, FLAC"))
      << result.out;
  EXPECT_TRUE(contains(result.err, (dir / "b.wav").string() + ": not readable as audio"));
}

TEST(Bench, JsonLinesNameKindBackendDeviceClipsAndSeconds) {
  const auto result =
      run_nnaudio({"bench", "--clips", "2", "--kinds", "stft", "--repeats", "1", "--json"});
  ASSERT_EQ(result.status, 0) << result.err;
  // One JSON object per line; other lines are skipped, as a reader of the output should: the
  // libraries LibTorch loads may write their own (Debian 13's UCX prints "UCX ERROR failed to
  // get boot id" to the standard output when /proc is not mounted).
  std::istringstream lines(result.out);
  int count = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind('{', 0) != 0) continue;
    ++count;
    EXPECT_TRUE(contains(line, "{\"kind\": \"stft\", \"backend\": \"")) << line;
    EXPECT_TRUE(contains(line, "\"device\": \"cpu\", \"clips\": 2,")) << line;
    EXPECT_TRUE(contains(line, "\"seconds\": ")) << line;
    EXPECT_TRUE(contains(line, "\"peak_mib\": ")) << line;
  }
  // torch::stft, FFT magnitude, the physical limit, FFT complex, conv1d, Conv magnitude.
  EXPECT_EQ(count, 6);
}

}  // namespace
}  // namespace nnaudio::cli::testing
