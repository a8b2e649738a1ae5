// The arrays and images the nnaudio command writes, compared with the library's own results.

#include <gtest/gtest.h>
#include <nnaudio/nnaudio.h>
#include <sndfile.h>

#include <cmath>
#include <fstream>

#include "cli_support.h"
#include "npy.h"

namespace nnaudio::cli::testing {
namespace {

constexpr int kWavFloat = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
constexpr int kFlac16 = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;

torch::Tensor load_npy(const fs::path& path) {
  Array array = read_npy(path);
  return torch::from_blob(array.values.data(), array.shape, torch::kFloat32).clone();
}

/// The file as the library sees it: libsndfile's samples, channels as rows.
torch::Tensor audio_tensor(const fs::path& path) {
  std::vector<torch::Tensor> rows;
  for (auto& channel : read_audio_channels(path)) {
    rows.push_back(torch::tensor(channel, torch::kFloat32));
  }
  return torch::stack(rows);
}

// float32 computed twice, by the converter (deterministic FFT plans) and here: their rounding
// differs by a few 1e-6 of the peak.
void expect_close(const torch::Tensor& actual, const torch::Tensor& expected,
                  double relative = 1e-5) {
  ASSERT_EQ(actual.sizes(), expected.sizes());
  const double scale = expected.abs().max().item<double>();
  EXPECT_LE((actual - expected).abs().max().item<double>(), relative * scale);
}

TEST(Spectrogram, ArraysMatchTheLibraryForWavAndFlac) {
  const TempDir dir;
  // a and c have the same length: they are computed as one batch.
  write_audio(dir / "a.wav", kWavFloat, 8000, {tone(440, 8000, 0.5)});
  write_audio(dir / "b.flac", kFlac16, 8000, {tone(620, 8000, 0.6)});
  write_audio(dir / "c.wav", kWavFloat, 8000, {tone(1200, 8000, 0.5)});
  const auto result =
      run_nnaudio({"spectrogram", (dir / "a.wav").string(), (dir / "b.flac").string(),
                   (dir / "c.wav").string(), "-o", dir / "out", "--kind", "stft,mel", "--n-fft",
                   "512", "--hop-length", "128", "--n-mels", "40", "--format", "npy"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("3 converted, 0 skipped"), std::string::npos) << result.out;

  STFT stft(STFTOptions(512).hop_length(128).sr(8000).output_format(OutputFormat::RealImag));
  MelSpectrogram mel(MelSpectrogramOptions(8000).n_fft(512).hop_length(128).n_mels(40));
  torch::NoGradGuard no_grad;
  for (const char* file : {"a.wav", "b.flac", "c.wav"}) {
    const auto mono = audio_tensor(dir / file)[0];
    const std::string name = fs::path(file).stem();
    // The default output format is the library's: complex, as (real, imag) pairs.
    expect_close(load_npy(dir / "out" / (name + ".stft.npy")), stft(mono));
    expect_close(load_npy(dir / "out" / (name + ".mel.npy")), mel(mono));
  }
}

TEST(Spectrogram, FoldersAreSearchedRecursivelyAndTheirStructureKept) {
  const TempDir dir;
  fs::create_directories(dir / "in" / "sub" / "deeper");
  write_audio(dir / "in" / "a.wav", kWavFloat, 8000, {tone(300, 8000, 0.3)});
  write_audio(dir / "in" / "sub" / "deeper" / "b.flac", kFlac16, 8000, {tone(900, 8000, 0.3)});
  write_audio(dir / "in" / "sub" / "c.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 8000,
              {tone(600, 8000, 0.3)});
  std::ofstream(dir / "in" / "sub" / "notes.txt") << "not audio\n";
  const auto result = run_nnaudio({"spectrogram", dir / "in", "-o", dir / "out", "--kind", "mfcc",
                                   "--format", "npy", "--n-fft", "256", "--n-mels", "32"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(list_files(dir / "out"),
            (std::vector<std::string>{"a.mfcc.npy", "sub/c.mfcc.npy", "sub/deeper/b.mfcc.npy"}));
  EXPECT_EQ(read_npy(dir / "out" / "sub" / "deeper" / "b.mfcc.npy").shape,
            (std::vector<int64_t>{20, 1 + 2400 / 64}));
}

TEST(Spectrogram, KeepChannelsAddsAChannelAxisAndTheDefaultMixesToMono) {
  const TempDir dir;
  write_audio(dir / "stereo.wav", kWavFloat, 8000,
              {tone(500, 8000, 0.5), tone(1500, 8000, 0.5, 0.3)});
  const std::vector<std::string> common = {
      "spectrogram", dir / "stereo.wav", "--kind",    "stft",     "--n-fft",
      "512",         "--output-format",  "magnitude", "--format", "npy"};
  auto with_channels = common;
  with_channels.insert(with_channels.end(), {"-o", dir / "kept", "--keep-channels"});
  auto mixed = common;
  mixed.insert(mixed.end(), {"-o", dir / "mixed"});
  ASSERT_EQ(run_nnaudio(with_channels).status, 0);
  ASSERT_EQ(run_nnaudio(mixed).status, 0);

  STFT stft(STFTOptions(512).sr(8000).output_format(OutputFormat::Magnitude));
  torch::NoGradGuard no_grad;
  const auto channels = audio_tensor(dir / "stereo.wav");
  expect_close(load_npy(dir / "kept" / "stereo.stft.npy"), stft(channels));  // (2, F, T)
  expect_close(load_npy(dir / "mixed" / "stereo.stft.npy"), stft(channels.mean(0)));
}

TEST(Spectrogram, ResamplingKeepsAToneAtItsFrequency) {
  const TempDir dir;
  write_audio(dir / "tone.wav", kWavFloat, 16000, {tone(1000, 16000, 1.0)});
  const auto result = run_nnaudio({"spectrogram", dir / "tone.wav", "-o", dir / "out", "--kind",
                                   "stft", "--sr", "8000", "--n-fft", "512", "--hop-length", "128",
                                   "--output-format", "magnitude", "--format", "npy"});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto magnitude = load_npy(dir / "out" / "tone.stft.npy");
  // 8000 samples at the new rate: 1 + 8000 / 128 centred frames; 1000 Hz is bin 1000 / 15.625.
  ASSERT_EQ(magnitude.sizes(), (std::vector<int64_t>{257, 63}));
  EXPECT_EQ(magnitude.mean(1).argmax().item<int64_t>(), 64);
}

TEST(Spectrogram, KindAllWritesArraysImagesAndAnIndex) {
  const TempDir dir;
  write_audio(dir / "clip.wav", kWavFloat, 22050, {tone(440, 22050, 1.0)});
  const auto out = dir / "out";
  const auto result = run_nnaudio({"spectrogram", dir / "clip.wav", "-o", out, "--kind", "all"});
  ASSERT_EQ(result.status, 0) << result.err;
  std::vector<std::string> expected = {"index.html"};
  for (const char* kind : {"cfp", "chroma_cens", "chroma_cqt", "chroma_stft", "cqt", "gammatone",
                           "hybrid_cqt", "mel", "mfcc", "pcen", "pseudo_cqt", "stft", "vqt"}) {
    expected.push_back(std::string("clip.") + kind + ".npy");
    expected.push_back(std::string("clip.") + kind + ".png");
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(list_files(out), expected);
  EXPECT_NE(result.out.find("overview: " + (out / "index.html").string()), std::string::npos);
  const std::string index = read_text(out / "index.html");
  for (const char* text : {"clip.cqt.png", "clip.mfcc.png", "nnaudio::CQT", "nnaudio::STFT",
                           "nnaudio::MFCC", "(84, 44, 2)"}) {
    EXPECT_NE(index.find(text), std::string::npos) << text;
  }
  CQT cqt(CQTOptions(22050).output_format(OutputFormat::RealImag));
  torch::NoGradGuard no_grad;
  expect_close(load_npy(out / "clip.cqt.npy"), cqt(audio_tensor(dir / "clip.wav")[0]));
}

TEST(Spectrogram, HybridAndPseudoCqtMatchTheLibrary) {
  const TempDir dir;
  write_audio(dir / "clip.wav", kWavFloat, 22050, {tone(880, 22050, 1.0)});
  const auto out = dir / "out";
  const auto result =
      run_nnaudio({"spectrogram", dir / "clip.wav", "-o", out, "--kind", "hybrid_cqt,pseudo_cqt",
                   "--fmin", "65.4", "--n-bins", "60", "--tuning", "0.4", "--format", "npy"});
  ASSERT_EQ(result.status, 0) << result.err;
  HybridCQT hybrid(HybridCQTOptions(22050).fmin(65.4).n_bins(60).tuning(0.4));
  PseudoCQT pseudo(PseudoCQTOptions(22050).fmin(65.4).n_bins(60).tuning(0.4));
  torch::NoGradGuard no_grad;
  const auto audio = audio_tensor(dir / "clip.wav")[0];
  // float32 from two processes with different FFT plans: measured below 1e-5 of the peak so far;
  // 5e-5 leaves room for other plans (the pseudo CQT's 16,384-point frames).
  expect_close(load_npy(out / "clip.hybrid_cqt.npy"), hybrid(audio), 5e-5);
  expect_close(load_npy(out / "clip.pseudo_cqt.npy"), pseudo(audio), 5e-5);
  // --tuning reached the transforms: 0.4 of a bin moves a tone's energy between bins.
  const auto untuned = HybridCQT(HybridCQTOptions(22050).fmin(65.4).n_bins(60))(audio);
  EXPECT_GT((hybrid(audio) - untuned).abs().max().item<double>(),
            0.1 * untuned.abs().max().item<double>());
  // db: power_to_db of the squared magnitudes.
  const auto db = run_nnaudio({"spectrogram", dir / "clip.wav", "-o", dir / "db", "--kind",
                               "pseudo_cqt", "--output-format", "db", "--format", "npy"});
  ASSERT_EQ(db.status, 0) << db.err;
  // In dB a bin far below the peak carries the peak's float32 rounding magnified: up to
  // 7.8e-4 dB measured over runs (FFTW's timed plans differ); 1e-4 of the range is 7.6e-3 dB.
  PseudoCQT defaults(PseudoCQTOptions(22050));
  expect_close(load_npy(dir / "db" / "clip.pseudo_cqt.npy"),
               functional::power_to_db(defaults(audio).pow(2), 1.0, 1e-10, 80.0), 1e-4);
}

// The chroma kinds and pcen with their defaults (tuning 0; pcen of the magnitude mel
// spectrogram times 2^31) and options.
TEST(Spectrogram, ChromaAndPcenKindsMatchTheLibrary) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWavFloat, 22050, {tone(440, 22050, 1.0)});
  // PCEN lifts every channel to its own level: on a tone, the channels that hold only float32
  // round-off would compare round-off. Noise puts energy in every channel.
  torch::manual_seed(1);
  const auto noise = (0.1 * torch::randn({22050})).contiguous();
  write_audio(dir / "b.wav", kWavFloat, 22050,
              {std::vector<float>(noise.data_ptr<float>(), noise.data_ptr<float>() + 22050)});
  const auto result =
      run_nnaudio({"spectrogram", dir / "a.wav", dir / "b.wav", "-o", dir / "out", "--kind",
                   "chroma_stft,chroma_cqt,chroma_cens,pcen", "--n-mels", "64", "--pcen-gain",
                   "0.8", "--pcen-time-constant", "0.06", "--format", "npy"});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto x = audio_tensor(dir / "a.wav")[0];
  const auto y = audio_tensor(dir / "b.wav")[0];
  torch::NoGradGuard no_grad;
  expect_close(load_npy(dir / "out" / "a.chroma_stft.npy"),
               ChromaSTFT(ChromaSTFTOptions(22050))(x));
  expect_close(load_npy(dir / "out" / "a.chroma_cqt.npy"), ChromaCQT(ChromaCQTOptions(22050))(x));
  expect_close(load_npy(dir / "out" / "a.chroma_cens.npy"),
               ChromaCENS(ChromaCENSOptions(22050))(x));
  MelSpectrogram mel(MelSpectrogramOptions(22050).n_mels(64).power(1.0));
  PCEN pcen(PCENOptions(22050).gain(0.8).time_constant(0.06));
  expect_close(load_npy(dir / "out" / "b.pcen.npy"), pcen(mel(y) * std::pow(2.0, 31)));
  // A tone at A4 peaks in pitch class A.
  EXPECT_EQ(load_npy(dir / "out" / "a.chroma_cqt.npy").select(1, 20).argmax().item<int64_t>(), 9);
}

TEST(Options, CudaWithoutAUsableGpuIsAnInvalidOption) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "a CUDA device is available";
  const TempDir dir;
  write_audio(dir / "a.wav", kWavFloat, 8000, {tone(440, 8000, 0.2)});
  const auto result = run_nnaudio(
      {"spectrogram", dir / "a.wav", "-o", dir / "out", "--kind", "stft", "--device", "cuda"});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("--device cuda: no CUDA device is available"), std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

}  // namespace
}  // namespace nnaudio::cli::testing
