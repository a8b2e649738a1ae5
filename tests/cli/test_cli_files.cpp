// Real-world files and what runs leave behind: WAVs written to a pipe, impossible headers,
// temporaries of killed runs, outputs cut short, and reproducible outputs.

#include <gtest/gtest.h>
#include <sndfile.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "cli_support.h"
#include "npy.h"

namespace nnaudio::cli::testing {
namespace {

constexpr int kWav16 = SF_FORMAT_WAV | SF_FORMAT_PCM_16;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// Overwrites 4 bytes of a canonical 44-byte-header WAV, little-endian.
void patch_u32(const fs::path& path, std::streamoff offset, uint32_t value) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(offset);
  const char bytes[4] = {static_cast<char>(value & 0xff), static_cast<char>((value >> 8) & 0xff),
                         static_cast<char>((value >> 16) & 0xff),
                         static_cast<char>((value >> 24) & 0xff)};
  file.write(bytes, 4);
}

/// A process id that no process has now: a child that has exited and been reaped.
pid_t dead_pid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

TEST(Files, AWavOfUnknownLengthIsReadWholeWithAWarning) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWav16, 8000, {tone(440, 8000, 0.5)});
  fs::copy_file(dir / "a.wav", dir / "piped.wav");
  // What ffmpeg writes to a pipe: the RIFF and data sizes it could not go back to fill in.
  patch_u32(dir / "piped.wav", 4, 0xFFFFFFFF);
  patch_u32(dir / "piped.wav", 40, 0xFFFFFFFF);

  const auto info = run_nnaudio({"info", dir / "piped.wav"});
  EXPECT_EQ(info.status, 0) << info.err;
  EXPECT_TRUE(contains(info.out, "0.500 s, 8000 Hz, 1 channel, 4000 frames")) << info.out;
  EXPECT_TRUE(contains(info.err, "warning: the header gives no data size (0xFFFFFFFF")) << info.err;

  const auto run = run_nnaudio({"spectrogram", dir / "a.wav", dir / "piped.wav", "-o", dir / "out",
                                "--kind", "stft", "--n-fft", "256", "--format", "npy"});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_TRUE(contains(run.err, "piped.wav: warning:")) << run.err;
  const auto whole = read_npy(dir / "out" / "a.stft.npy");
  const auto piped = read_npy(dir / "out" / "piped.stft.npy");
  EXPECT_EQ(piped.shape, whole.shape);
  EXPECT_EQ(piped.values, whole.values);
}

TEST(Files, AHeaderWithSampleRateZeroSaysSo) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWav16, 8000, {tone(440, 8000, 0.1)});
  patch_u32(dir / "a.wav", 24, 0);  // fmt chunk: sample rate
  const auto result = run_nnaudio({"info", dir / "a.wav"});
  EXPECT_EQ(result.status, 1);
  EXPECT_TRUE(contains(result.err, "the WAV header declares a sample rate of 0 Hz")) << result.err;
}

TEST(Files, TemporariesOfDeadRunsAreRemovedAndOthersKept) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWav16, 8000, {tone(440, 8000, 0.3)});
  fs::create_directories(dir / "out");
  const auto stale = dir / "out" / ("a.stft.npy.tmp-" + std::to_string(dead_pid()));
  const auto live = dir / "out" / ("a.stft.png.tmp-" + std::to_string(getpid()));
  const auto foreign = dir / "out" / "notes.txt.tmp-1";
  for (const auto& path : {stale, live, foreign}) std::ofstream(path) << "partial";

  const auto result = run_nnaudio(
      {"spectrogram", dir / "a.wav", "-o", dir / "out", "--kind", "stft", "--n-fft", "256"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(contains(result.err, "removed 1 temporary file left by an interrupted run"))
      << result.err;
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(live));  // its process (this test) is running
  EXPECT_TRUE(fs::exists(foreign));
}

TEST(Files, EmptyOrCutShortOutputsAreRecomputed) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWav16, 8000, {tone(440, 8000, 0.3)});
  write_audio(dir / "b.wav", kWav16, 8000, {tone(660, 8000, 0.3)});
  const std::vector<std::string> args = {"spectrogram", dir / "a.wav", dir / "b.wav", "-o",
                                         dir / "out",   "--kind",      "mel",         "--n-fft",
                                         "256",         "--n-mels",    "32"};
  ASSERT_EQ(run_nnaudio(args).status, 0);
  const std::string npy = read_text(dir / "out" / "a.mel.npy");
  const std::string png = read_text(dir / "out" / "b.mel.png");
  std::ofstream(dir / "out" / "a.mel.npy", std::ios::trunc);  // zero bytes (a full disk)
  std::ofstream(dir / "out" / "b.mel.png", std::ios::binary | std::ios::trunc)
      << png.substr(0, png.size() / 2);

  const auto rerun = run_nnaudio(args);
  EXPECT_TRUE(contains(rerun.out, "2 converted, 0 skipped")) << rerun.out;
  EXPECT_EQ(read_text(dir / "out" / "a.mel.npy"), npy);
  EXPECT_EQ(read_text(dir / "out" / "b.mel.png"), png);
  EXPECT_TRUE(contains(run_nnaudio(args).out, "0 converted, 2 skipped"));
}

TEST(Files, OutputsAreTheSameBitsForEveryBatchSizeAndRun) {
  const TempDir dir;
  fs::create_directories(dir / "in");
  for (int i = 0; i < 3; ++i) {
    write_audio(dir / "in" / ("c" + std::to_string(i) + ".wav"), kWav16, 22050,
                {tone(220.0 * (i + 1), 22050, 1.0)});
  }
  const auto convert = [&](const std::string& out, const std::string& batch) {
    const auto result = run_nnaudio({"spectrogram", dir / "in", "-o", dir / out, "--kind", "all",
                                     "--format", "npy", "--batch-size", batch});
    EXPECT_EQ(result.status, 0) << result.err;
  };
  convert("one", "1");
  convert("three", "3");
  convert("again", "3");
  std::vector<std::string> arrays;
  for (const auto& name : list_files(dir / "one")) {
    if (fs::path(name).extension() == ".npy") arrays.push_back(name);
  }
  ASSERT_EQ(arrays.size(), 3u * 13u);  // 3 files, 13 kinds
  for (const auto& name : arrays) {
    const std::string reference = read_text(dir / "one" / name);
    EXPECT_EQ(read_text(dir / "three" / name), reference) << name << " differs with batch 3";
    EXPECT_EQ(read_text(dir / "again" / name), reference) << name << " differs between runs";
  }
}

}  // namespace
}  // namespace nnaudio::cli::testing
