// Chroma filter banks and the chroma transforms (ChromaSTFT, ChromaCQT, ChromaCENS): librosa
// fixtures and analytic cases, normalisation semantics, autograd, trainable bank, batches,
// module plumbing and every invalid option.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <cmath>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "support/expectations.h"
#include "support/helpers.h"

namespace nnaudio::test {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// max |a - b| / max |b|: the fixtures' scale, so near-zero weights do not dominate.
double max_error(const torch::Tensor& actual, const torch::Tensor& expected) {
  return (actual.to(torch::kFloat64) - expected).abs().max().item<double>() /
         expected.abs().max().item<double>();
}

torch::Tensor tone(double frequency, double sr, int64_t samples) {
  return torch::sin(2.0 * M_PI * frequency / sr * torch::arange(samples, torch::kFloat64));
}

// A small configuration for the tests that do not compare with librosa.
ChromaSTFTOptions small_stft_options() {
  return ChromaSTFTOptions(8000).n_fft(256).hop_length(64);
}

// ---------------------------------------------------------------------------------------------
// Reference: librosa fixtures and analytic cases.

TEST(ChromaReference, FilterbanksMatchLibrosa) {
  using kernels::ChromaFilterbankOptions;
  const auto bank0 =
      kernels::chroma_filterbank(ChromaFilterbankOptions(22050, 2048).dtype(torch::kFloat64));
  EXPECT_LE(max_error(bank0, load_fixture("librosa/chroma_filterbank_0.npy")), 1e-12);
  const auto bank1 = kernels::chroma_filterbank(ChromaFilterbankOptions(16000, 1024)
                                                    .n_chroma(24)
                                                    .tuning(0.3)
                                                    .ctroct(4.0)
                                                    .octwidth(std::nullopt)
                                                    .base_c(false)
                                                    .norm(1.0)
                                                    .dtype(torch::kFloat64));
  EXPECT_LE(max_error(bank1, load_fixture("librosa/chroma_filterbank_1.npy")), 1e-12);
  // librosa's default dtype rounds the weights to float32.
  const auto rounded = kernels::chroma_filterbank(ChromaFilterbankOptions(22050, 2048));
  EXPECT_TRUE(torch::equal(rounded, bank0.to(torch::kFloat32).to(torch::kFloat64)));
}

TEST(ChromaReference, ChromaSTFTMatchesLibrosa) {
  const auto tones = load_fixture("signals/tones_44100.npy");
  const auto chirp = load_fixture("signals/chirp_22050.npy");
  ChromaSTFT first(ChromaSTFTOptions(44100).n_fft(2048).hop_length(512));
  ChromaSTFT second(ChromaSTFTOptions(22050)
                        .n_fft(1024)
                        .hop_length(256)
                        .n_chroma(24)
                        .norm(std::nullopt)
                        .pad_mode(PadMode::Reflect));
  const auto expected0 = load_fixture("librosa/chroma_stft_0.npy");
  const auto expected1 = load_fixture("librosa/chroma_stft_1.npy");
  EXPECT_LE(max_error(first(tones), expected0), 1e-12);
  EXPECT_LE(max_error(second(chirp), expected1), 1e-12);
  EXPECT_LE(max_error(first(tones.to(torch::kFloat32)), expected0), 1e-5);
  EXPECT_LE(max_error(second(chirp.to(torch::kFloat32)), expected1), 1e-5);
}

// The largest error of each frame over the peak: (n_chroma, frames) -> (frames).
torch::Tensor frame_errors(const torch::Tensor& actual, const torch::Tensor& expected) {
  return (actual.to(torch::kFloat64) - expected).abs().amax(0) / expected.abs().max();
}

// librosa's chroma_cqt folds librosa.cqt (full, 1 % sparsity, soxr_hq halvings) and normalises;
// the fold and the normalisation are exact here (CENS, which quantises the same chroma, is
// 2.5e-16 away), so chroma_cqt_0's distance is the CQT's. The 44.1 kHz signal starts abruptly,
// and the lowest octaves' long filters (up to 1.6 s) see that broadband onset through seven
// halvings: with soxr's own filter in every halving (SoxrHalving) the first frames measured
// 1.8e-7 of the peak (float32 3.7e-7); with the former Kaiser design to soxr's specification
// they were 3.7e-5, so this bound is what tells the filters apart.
TEST(ChromaReference, ChromaCQTAndCENSMatchLibrosa) {
  const auto tones = load_fixture("signals/tones_44100.npy");
  ChromaCQT chroma(ChromaCQTOptions(44100).hop_length(512).fmin(32.7));
  const auto expected = load_fixture("librosa/chroma_cqt_0.npy");
  const auto errors = frame_errors(chroma(tones), expected);
  const double error = errors.max().item<double>();
  const double error32 = max_error(chroma(tones.to(torch::kFloat32)), expected);
  EXPECT_LE(error, 1e-5);
  EXPECT_LE(error32, 1e-5);
  ChromaCENS cens(ChromaCENSOptions(44100).hop_length(512).fmin(32.7));
  const auto expected_cens = load_fixture("librosa/chroma_cens_0.npy");
  const double cens_error = max_error(cens(tones), expected_cens);
  const double cens_error32 = max_error(cens(tones.to(torch::kFloat32)), expected_cens);
  EXPECT_LE(cens_error, 1e-5);
  EXPECT_LE(cens_error32, 1e-5);
  std::cout << "chroma_cqt_0 " << error << " (float32 " << error32 << "), chroma_cens_0 "
            << cens_error << " (float32 " << cens_error32 << ") of the peak\n";
}

// The same measurement where librosa's CQT itself is known: cqt_1 (the same 44.1 kHz signal,
// 4 octaves of 24 bins from A1, hop 256, filter_scale 0.8), folded and max normalised as
// chroma_cqt(C=|cqt_1|) does, against the fold of this library's CQT2010 of that signal. This
// CQT halves three times before its first octave and is further from librosa (2.7e-4 relative,
// 2.1 % in its worst bin; test_cqt_reference.cpp): its chroma measured 9.2e-4 of the peak, in
// every frame: a CQT's distance carries into its chroma.
TEST(ChromaReference, CQTDistanceCarriesThroughTheFold) {
  const auto tones = load_fixture("signals/tones_44100.npy");
  const auto librosa_cqt = load_complex_fixture("librosa/cqt_1.npy").abs();
  CQT cqt(CQTOptions(44100)
              .hop_length(256)
              .fmin(55.0)
              .n_bins(96)
              .bins_per_octave(24)
              .filter_scale(0.8)
              .output_format(OutputFormat::Magnitude));
  const auto fold =
      kernels::cq_to_chroma(kernels::CQToChromaOptions(96).bins_per_octave(24).fmin(55.0));
  const auto chroma = [&](const torch::Tensor& magnitude) {
    return functional::normalize(torch::matmul(fold, magnitude), kInf, 0);
  };
  const auto errors = frame_errors(chroma(cqt(tones)), chroma(librosa_cqt));
  const double error = errors.max().item<double>();
  std::cout << "chroma of cqt_1 " << error << " of the peak\n";
  EXPECT_LE(error, 2e-3);
}

// cqt_mode=hybrid is librosa's chroma_cqt of librosa.hybrid_cqt: the fold of the hybrid_cqt_0
// fixture's magnitudes (C1 up, 12 bins per octave: bin k is pitch class k mod 12), max
// normalised, written out here in float64, is librosa.feature.chroma_cqt(C=|hybrid_cqt_0|,
// bins_per_octave=12). The hybrid CQT is 1.5e-5 from that fixture (test_hybrid_cqt.cpp); while
// the chirp is in range (frames 0-72) the chroma measured 4.2e-6 of each frame's peak. From
// frame 73 the chirp has passed the top bin: each frame's leakage, 100x below the earlier
// peaks, is normalised to 1 and the CQT's distance with it (measured 8.3e-3 in the last frame).
TEST(ChromaReference, HybridChromaCQTMatchesLibrosaHybridCQTFolded) {
  const auto chirp = load_fixture("signals/chirp_22050.npy");
  const auto hybrid = load_fixture("librosa/hybrid_cqt_0.npy");  // magnitudes
  auto folded = torch::zeros({12, hybrid.size(1)}, torch::kFloat64);
  for (int64_t bin = 0; bin < hybrid.size(0); ++bin) folded[bin % 12] += hybrid[bin];
  const auto expected = folded / folded.amax(0, true);
  ChromaCQT chroma(
      ChromaCQTOptions(22050).fmin(32.7).bins_per_octave(12).cqt_mode(ChromaCQTMode::Hybrid));
  ASSERT_TRUE(chroma->hybrid_cqt && !chroma->cqt);
  const auto errors = frame_errors(chroma(chirp), expected);
  const auto errors32 = frame_errors(chroma(chirp.to(torch::kFloat32)), expected);
  const double in_range = errors.narrow(0, 0, 73).max().item<double>();
  const double in_range32 = errors32.narrow(0, 0, 73).max().item<double>();
  std::cout << "hybrid chroma_cqt " << in_range << " (float32 " << in_range32
            << ") of the peak in frames 0-72, " << errors.max().item<double>() << " after\n";
  EXPECT_LE(in_range, 2e-5);
  EXPECT_LE(in_range32, 2e-5);
  EXPECT_LE(errors.max().item<double>(), 2e-2);
}

// The hybrid chroma is the fold of HybridCQT's magnitudes with the same options, tuning
// included (composed here from the parts), not the full CQT's chroma.
TEST(ChromaReference, HybridChromaCQTFoldsHybridCQT) {
  const double sr = 22050;
  const auto options = ChromaCQTOptions(sr).tuning(0.3).cqt_mode(ChromaCQTMode::Hybrid);
  ChromaCQT chroma(options);
  HybridCQT hybrid(HybridCQTOptions(sr).tuning(0.3).n_bins(252).bins_per_octave(36));
  torch::manual_seed(8);
  const auto x = torch::randn({2, 11025}, torch::kFloat64);
  // C1 up, 3 bins per pitch class centred on it: bin k belongs to class floor((k + 1) / 3).
  const auto magnitude = hybrid(x);
  auto folded = torch::zeros({2, 12, magnitude.size(-1)}, torch::kFloat64);
  for (int64_t bin = 0; bin < 252; ++bin)
    folded.select(1, (bin + 1) / 3 % 12) += magnitude.select(1, bin);
  const auto expected = folded / folded.amax(1, true);
  EXPECT_LE(max_error(chroma(x), expected), 1e-13);
  ChromaCQT full(ChromaCQTOptions(sr).tuning(0.3));
  EXPECT_GT(max_error(full(x), expected), 1e-6);
}

// A pure tone's energy lands in its pitch class: A4 in row 9 (C first) or 0 (A first), C4 in
// row 0.
TEST(ChromaReference, PureTonePeaksInItsPitchClass) {
  const double sr = 22050;
  const auto a4 = tone(440.0, sr, 22050);
  const auto c4 = tone(261.6255653005986, sr, 22050);
  ChromaSTFT stft{ChromaSTFTOptions(sr)};
  ChromaCQT cqt{ChromaCQTOptions(sr)};
  ChromaCQT hybrid{ChromaCQTOptions(sr).cqt_mode(ChromaCQTMode::Hybrid)};
  for (const auto& [signal, pitch_class] : {std::pair{a4, 9}, std::pair{c4, 0}}) {
    const auto middle = [&](const torch::Tensor& chroma) {
      return chroma.select(1, chroma.size(1) / 2).argmax().item<int64_t>();
    };
    EXPECT_EQ(middle(stft(signal)), pitch_class);
    EXPECT_EQ(middle(cqt(signal)), pitch_class);
    EXPECT_EQ(middle(hybrid(signal)), pitch_class);
  }
  ChromaSTFT from_a{ChromaSTFTOptions(sr).base_c(false)};
  EXPECT_EQ(from_a(a4).select(1, 10).argmax().item<int64_t>(), 0);
}

// Every CQT bin feeds exactly one chroma; with 3 bins per chroma, C takes the bin below C, C
// and the bin above in every octave.
TEST(ChromaReference, CQToChromaFoldsCentredBins) {
  const auto fold = kernels::cq_to_chroma(kernels::CQToChromaOptions(72).bins_per_octave(36));
  EXPECT_TRUE(torch::equal(fold.sum(0), torch::ones({72}, torch::kFloat64)));
  EXPECT_TRUE(torch::equal(fold.sum(1), torch::full({12}, 6.0, torch::kFloat64)));
  for (const int64_t bin : {0, 1, 35, 36, 37, 71}) EXPECT_EQ(fold[0][bin].item<double>(), 1.0);
  EXPECT_EQ(fold[1][2].item<double>(), 1.0);
  // fmin at A1: the first bins belong to A (row 9), or to row 0 when A comes first.
  auto from_a1 = kernels::CQToChromaOptions(24).fmin(55.0);
  EXPECT_EQ(kernels::cq_to_chroma(from_a1)[9][0].item<double>(), 1.0);
  EXPECT_EQ(kernels::cq_to_chroma(from_a1.base_c(false))[0][0].item<double>(), 1.0);
  // A window spreads each bin over its neighbours ('same' convolution).
  const auto smooth =
      kernels::cq_to_chroma(kernels::CQToChromaOptions(12).window({0.25, 0.5, 0.25}));
  EXPECT_DOUBLE_EQ(smooth[1][0].item<double>(), 0.25);
  EXPECT_DOUBLE_EQ(smooth[1][1].item<double>(), 0.5);
  EXPECT_DOUBLE_EQ(smooth[1][2].item<double>(), 0.25);
}

// librosa.util.normalize: each norm, the threshold leaving small slices alone, no NaN at zero.
TEST(ChromaReference, NormalizeFollowsLibrosa) {
  const auto x = torch::tensor({{3.0, 0.0, 1e-20}, {-4.0, 0.0, 0.0}}, torch::kFloat64);
  const auto l2 = functional::normalize(x, 2.0, 0);
  EXPECT_TRUE(torch::allclose(l2.select(1, 0), torch::tensor({0.6, -0.8}, torch::kFloat64)));
  EXPECT_TRUE(torch::equal(l2.select(1, 1), torch::zeros({2}, torch::kFloat64)));
  EXPECT_DOUBLE_EQ(functional::normalize(x, kInf, 0)[1][0].item<double>(), -1.0);
  EXPECT_DOUBLE_EQ(functional::normalize(x, -kInf, 0)[0][0].item<double>(), 1.0);
  EXPECT_DOUBLE_EQ(functional::normalize(x, 0.0, 0)[0][0].item<double>(), 1.5);
  EXPECT_DOUBLE_EQ(functional::normalize(x, 1.0, 0)[0][2].item<double>(), 1.0);
  // Below the threshold the column stays as it is.
  EXPECT_DOUBLE_EQ(functional::normalize(x, 1.0, 0, 1e-10)[0][2].item<double>(), 1e-20);
  EXPECT_TRUE(torch::equal(functional::normalize(x, std::nullopt, 0), x));
  const auto leaf = x.clone().requires_grad_(true);
  functional::normalize(leaf, 2.0, 0).sum().backward();
  EXPECT_TRUE(torch::isfinite(leaf.grad()).all().item<bool>());
}

// ---------------------------------------------------------------------------------------------
// Autograd, trainable bank, batches, plumbing.

TEST(ChromaAutograd, ChromaSTFTMatchesCentralDifferences) {
  ChromaSTFT chroma(small_stft_options().n_fft(64).hop_length(32).norm(2.0));
  torch::manual_seed(3);
  const auto x = torch::randn({300}, torch::kFloat64).requires_grad_(true);
  EXPECT_LE(
      max_gradient_error([&](const std::vector<torch::Tensor>& in) { return chroma(in[0]); }, {x}),
      1e-6);
}

TEST(ChromaAutograd, ChromaCQTGradientReachesTheInput) {
  ChromaCQT chroma(ChromaCQTOptions(8000).fmin(110.0).n_octaves(2).hop_length(64));
  torch::manual_seed(4);
  const auto x = torch::randn({1024}, torch::kFloat64).requires_grad_(true);
  EXPECT_LE(max_directional_gradient_error(
                [&](const std::vector<torch::Tensor>& in) { return chroma(in[0]); }, {x}),
            1e-6);
}

TEST(ChromaTrainable, BankLearns) {
  ChromaSTFT chroma(small_stft_options().trainable_chroma(true));
  ASSERT_EQ(chroma->parameters().size(), 1u);
  torch::manual_seed(5);
  const auto x = torch::randn({2, 1024}, torch::kFloat64);
  const auto before = chroma(x).detach();
  torch::optim::SGD optimizer(chroma->parameters(), 1e-2);
  const auto loss = chroma(x).select(-2, 0).sum();
  loss.backward();
  EXPECT_GT(chroma->chroma_basis.grad().abs().sum().item<double>(), 0.0);
  optimizer.step();
  EXPECT_FALSE(torch::allclose(chroma(x), before));
}

TEST(ChromaBatch, LeadingDimsMatchItems) {
  torch::manual_seed(6);
  const auto x = torch::randn({2, 3, 2000}, torch::kFloat64);
  ChromaSTFT stft(small_stft_options());
  ChromaCENS cens(ChromaCENSOptions(8000).fmin(110.0).n_octaves(2).hop_length(64));
  for (const auto& run : std::vector<std::function<torch::Tensor(const torch::Tensor&)>>{
           [&](const torch::Tensor& in) { return stft(in); },
           [&](const torch::Tensor& in) { return cens(in); }}) {
    const auto batch = run(x);
    ASSERT_EQ(batch.dim(), 4);
    EXPECT_EQ(batch.size(2), 12);
    for (int64_t i = 0; i < 2; ++i) {
      for (int64_t j = 0; j < 3; ++j) {
        EXPECT_LE((batch[i][j] - run(x[i][j])).abs().max().item<double>(), 1e-12);
      }
    }
  }
}

TEST(ChromaModule, CloneAndPrint) {
  ChromaSTFT chroma(small_stft_options().n_chroma(24));
  const auto copy = std::dynamic_pointer_cast<ChromaSTFTImpl>(chroma->clone());
  const auto x = tone(440.0, 8000, 1000);
  EXPECT_TRUE(torch::equal(copy->forward(x), chroma(x)));
  std::ostringstream text;
  text << *chroma;
  EXPECT_NE(text.str().find("n_chroma=24"), std::string::npos) << text.str();
  ChromaCENS cens(ChromaCENSOptions(8000).fmin(110.0).n_octaves(2).win_len_smooth(std::nullopt));
  EXPECT_FALSE(cens->smoothing.defined());
  EXPECT_EQ(cens(x).size(-2), 12);
}

// ---------------------------------------------------------------------------------------------
// Invalid options and inputs.

TEST(ChromaErrors, InvalidOptionsAreNamed) {
  using kernels::ChromaFilterbankOptions;
  expect_error([] { kernels::chroma_filterbank(ChromaFilterbankOptions(22050, 2048).n_chroma(0)); },
               {"n_chroma=0", "positive"});
  expect_error([] { kernels::chroma_filterbank(ChromaFilterbankOptions(0, 2048)); }, {"sr=0"});
  expect_error([] { kernels::chroma_filterbank(ChromaFilterbankOptions(22050, 0)); }, {"n_fft=0"});
  expect_error([] { kernels::chroma_filterbank(ChromaFilterbankOptions(22050, 64).octwidth(0.0)); },
               {"octwidth=0"});
  expect_error([] { kernels::chroma_filterbank(ChromaFilterbankOptions(22050, 64).norm(-1.0)); },
               {"norm=-1"});
  expect_error([] { kernels::chroma_filterbank(ChromaFilterbankOptions(22050, 64).tuning(NAN)); },
               {"tuning=nan"});
  expect_error(
      [] { kernels::chroma_filterbank(ChromaFilterbankOptions(22050, 64).dtype(torch::kInt32)); },
      {"dtype=Int", "float32 or float64"});
  expect_error([] { kernels::cq_to_chroma(kernels::CQToChromaOptions(36).bins_per_octave(13)); },
               {"bins_per_octave=13", "multiple of n_chroma=12"});
  expect_error([] { kernels::cq_to_chroma(kernels::CQToChromaOptions(0)); }, {"n_input=0"});
  expect_error([] { kernels::cq_to_chroma(kernels::CQToChromaOptions(12).fmin(-1)); }, {"fmin=-1"});
  expect_error([] { ChromaSTFT(small_stft_options().n_chroma(-2)); },
               {"ChromaSTFT", "n_chroma=-2"});
  expect_error([] { ChromaSTFT(small_stft_options().power(0.0)); }, {"ChromaSTFT: power=0"});
  expect_error([] { ChromaSTFT(small_stft_options().norm(-3.0)); }, {"ChromaSTFT: norm=-3"});
  expect_error([] { ChromaSTFT(small_stft_options().threshold(0.0)); },
               {"ChromaSTFT: threshold=0"});
  expect_error([] { ChromaCQT(ChromaCQTOptions().bins_per_octave(30).n_chroma(12)); },
               {"ChromaCQT: bins_per_octave=30", "multiple of n_chroma=12"});
  expect_error([] { ChromaCQT(ChromaCQTOptions().n_chroma(0)); }, {"n_chroma=0"});
  expect_error([] { ChromaCQT(ChromaCQTOptions().n_octaves(0)); }, {"n_octaves=0"});
  // 7 octaves from C1 reach 4186 Hz, past the Nyquist frequency of 8 kHz audio.
  expect_error([] { ChromaCQT(ChromaCQTOptions(8000).cqt_mode(ChromaCQTMode::Hybrid)); },
               {"ChromaCQT: HybridCQT", "Nyquist"});
  expect_error([] { ChromaCQT(ChromaCQTOptions().fmin(0.0)); }, {"ChromaCQT: fmin=0"});
  expect_error([] { ChromaCQT(ChromaCQTOptions().threshold(NAN)); }, {"threshold=nan"});
  expect_error([] { ChromaCENS(ChromaCENSOptions().win_len_smooth(0)); },
               {"ChromaCENS: win_len_smooth=0"});
  expect_error([] { ChromaCENS(ChromaCENSOptions().norm(-1.0)); }, {"ChromaCENS: norm=-1"});
  expect_error(
      [] {
        ChromaCENS(ChromaCENSOptions().win_len_smooth(3).smoothing_window(
            Window::custom(torch::ones({4}, torch::kFloat64))));
      },
      {"ChromaCENS"});
  expect_error([] { parse_chroma_cqt_mode("half"); }, {"cqt_mode='half'", "full, hybrid"});
  expect_error([] { functional::normalize(torch::ones({3}), 2.0, 0, -1.0); }, {"threshold=-1"});
  expect_error([] { functional::normalize(torch::ones({3}), 2.0, 2); }, {"dim=2"});
}

TEST(ChromaErrors, InvalidInputsAreNamed) {
  ChromaSTFT chroma(small_stft_options());
  expect_error([&] { chroma(torch::ones({0})); }, {"STFT"});
  expect_error([] { functional::chroma_cens(torch::ones({12}), torch::Tensor()); },
               {"chroma_cens", "(..., n_chroma, frames)"});
}

}  // namespace
}  // namespace nnaudio::test
