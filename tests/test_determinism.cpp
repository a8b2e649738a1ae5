// Same input, same output: a clip's features must not depend on the batch it is computed in
// (bit for bit, float32, without autograd: the paths a converter or a data loader takes).
// Runs in separate processes are covered by the CLI tests (tests/cli/test_cli_files.cpp).

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "nnaudio/nnaudio.h"

namespace nnaudio::test {
namespace {

using Transform = std::function<torch::Tensor(const torch::Tensor&)>;

/// The items of `batch` one at a time, stacked.
torch::Tensor one_by_one(const Transform& transform, const torch::Tensor& batch) {
  std::vector<torch::Tensor> items;
  for (int64_t i = 0; i < batch.size(0); ++i) items.push_back(transform(batch.narrow(0, i, 1)));
  return torch::cat(items);
}

TEST(Determinism, ABatchGivesTheSameBitsAsItsItemsOneByOne) {
  torch::manual_seed(3);
  const auto batch = torch::randn({5, 22050});
  const torch::NoGradGuard no_grad;
  STFT stft(STFTOptions(2048).hop_length(512).output_format(OutputFormat::Magnitude));
  STFT log_stft(STFTOptions(1024)
                    .hop_length(256)
                    .freq_scale(FreqScale::Log)
                    .output_format(OutputFormat::Magnitude));
  MelSpectrogram mel(MelSpectrogramOptions(22050));
  MFCC mfcc(MFCCOptions(22050));
  Gammatonegram gammatone(GammatonegramOptions(22050));
  // A small bank: the configuration whose single product over the batch rounded differently.
  Gammatonegram small_gammatone(GammatonegramOptions(16000).n_fft(512).n_bins(32));
  CFP cfp(CFPOptions().fs(22050).hop_length(512));
  // The chroma kinds at the command line's 44.1 kHz (a CQT whose short octaves go through
  // conv1d, which rounded by batch), the pseudo and hybrid CQTs, PCEN of a mel spectrogram.
  ChromaSTFT chroma_stft(ChromaSTFTOptions(44100));
  ChromaCQT chroma_cqt(ChromaCQTOptions(44100));
  ChromaCQT chroma_hybrid(ChromaCQTOptions(44100).cqt_mode(ChromaCQTMode::Hybrid));
  ChromaCENS chroma_cens(ChromaCENSOptions(44100));
  HybridCQT hybrid_cqt(HybridCQTOptions(22050));
  PseudoCQT pseudo_cqt(PseudoCQTOptions(22050));
  MelSpectrogram magnitude_mel(MelSpectrogramOptions(22050).power(1.0));
  PCEN pcen(PCENOptions(22050));
  std::vector<std::pair<std::string, Transform>> transforms = {
      {"STFT", [&](const torch::Tensor& x) { return stft(x); }},
      {"STFT log", [&](const torch::Tensor& x) { return log_stft(x); }},
      {"MelSpectrogram", [&](const torch::Tensor& x) { return mel(x); }},
      {"MFCC", [&](const torch::Tensor& x) { return mfcc(x); }},
      {"Gammatonegram", [&](const torch::Tensor& x) { return gammatone(x); }},
      {"Gammatonegram small", [&](const torch::Tensor& x) { return small_gammatone(x); }},
      {"CFP", [&](const torch::Tensor& x) { return cfp(x); }},
      {"ChromaSTFT", [&](const torch::Tensor& x) { return chroma_stft(x); }},
      {"ChromaCQT", [&](const torch::Tensor& x) { return chroma_cqt(x); }},
      {"ChromaCQT hybrid", [&](const torch::Tensor& x) { return chroma_hybrid(x); }},
      {"ChromaCENS", [&](const torch::Tensor& x) { return chroma_cens(x); }},
      {"HybridCQT", [&](const torch::Tensor& x) { return hybrid_cqt(x); }},
      {"PseudoCQT", [&](const torch::Tensor& x) { return pseudo_cqt(x); }},
      {"PCEN", [&](const torch::Tensor& x) { return pcen(magnitude_mel(x) * 2147483648.0); }},
  };
  std::vector<CQT> cqts;
  for (auto algorithm : {CQTAlgorithm::CQT1992, CQTAlgorithm::CQT1992v2, CQTAlgorithm::CQT2010,
                         CQTAlgorithm::CQT2010v2}) {
    cqts.emplace_back(
        CQTOptions(22050).algorithm(algorithm).output_format(OutputFormat::Magnitude));
  }
  cqts.emplace_back(
      CQTOptions(44100).n_bins(252).bins_per_octave(36).output_format(OutputFormat::Magnitude));
  for (auto& cqt : cqts) {
    transforms.push_back({"CQT " + to_string(cqt->algorithm()) + " " +
                              std::to_string(cqt->options.n_bins()) + " bins",
                          [cqt](const torch::Tensor& x) mutable { return cqt(x); }});
  }
  for (const auto& [name, transform] : transforms) {
    const auto together = transform(batch);
    const auto apart = one_by_one(transform, batch);
    ASSERT_EQ(together.sizes(), apart.sizes()) << name;
    EXPECT_TRUE(torch::equal(together, apart))
        << name << ": largest difference " << (together - apart).abs().max().item<double>();
  }
}

}  // namespace
}  // namespace nnaudio::test
