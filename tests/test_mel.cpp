// Mel filter banks and MelSpectrogram: librosa fixtures and analytic cases, the banded product
// against the dense one, autograd, trainable kernels, batches, shapes and dtypes, the module
// plumbing (clone, save / load, printing) and every invalid option.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "support/expectations.h"
#include "support/helpers.h"

namespace nnaudio::test {
namespace {

torch::Tensor noise(const std::vector<int64_t>& shape, uint64_t seed = 5) {
  torch::manual_seed(seed);
  return torch::randn(shape, torch::kFloat64);
}

// A small configuration for the tests that do not compare with librosa.
MelSpectrogramOptions small_options() {
  return MelSpectrogramOptions(8000).n_fft(64).hop_length(16).n_mels(10);
}

std::set<std::string> keys_of(const torch::OrderedDict<std::string, torch::Tensor>& dict) {
  std::set<std::string> keys;
  for (const auto& item : dict) keys.insert(item.key());
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Reference: librosa fixtures and analytic cases.

// These fixtures were made with librosa.filters.mel(..., dtype=np.float64): their weights are
// not float32 numbers.
TEST(MelReference, FilterbanksMatchLibrosa) {
  using kernels::MelFilterbankOptions;
  const std::vector<std::pair<std::string, MelFilterbankOptions>> cases = {
      {"mel_filterbank_0", MelFilterbankOptions(22050, 2048).n_mels(128)},
      {"mel_filterbank_1", MelFilterbankOptions(16000, 512)
                               .n_mels(40)
                               .fmin(20)
                               .fmax(8000.0)
                               .htk(true)
                               .norm(MelNorm::none())},
      {"mel_filterbank_2", MelFilterbankOptions(44100, 2048)
                               .n_mels(64)
                               .fmin(30)
                               .fmax(16000.0)
                               .norm(MelNorm::p_norm(2))},
  };
  for (const auto& [fixture, options] : cases) {
    SCOPED_TRACE(fixture);
    const auto expected = load_fixture("librosa/" + fixture + ".npy");
    const auto bank = kernels::mel_filterbank(MelFilterbankOptions(options).dtype(torch::kFloat64));
    EXPECT_EQ(bank.scalar_type(), torch::kFloat64);
    ASSERT_EQ(bank.sizes(), expected.sizes());
    EXPECT_LE(relative_error(bank, expected), 1e-12);
  }
}

// librosa's default dtype=float32 rounds the weights to float32 (twice with a normalisation):
// still float64 tensors, but of float32 values within a few float32 ulps of the exact ones.
TEST(MelReference, TheDefaultFloat32BankHoldsRoundedWeights) {
  using kernels::MelFilterbankOptions;
  for (const auto& norm : {MelNorm::slaney(), MelNorm::none(), MelNorm::p_norm(2)}) {
    SCOPED_TRACE(norm.to_string());
    const auto options = MelFilterbankOptions(22050, 2048).n_mels(128).norm(norm);
    const auto single = kernels::mel_filterbank(options);
    const auto exact =
        kernels::mel_filterbank(MelFilterbankOptions(options).dtype(torch::kFloat64));
    EXPECT_EQ(single.scalar_type(), torch::kFloat64);
    EXPECT_TRUE(torch::equal(single, single.to(torch::kFloat32).to(torch::kFloat64)));
    const auto scale = exact.abs().max(1, true);
    const auto ulps = (single - exact).abs() / std::get<0>(scale) / 1.2e-7;
    EXPECT_LE(ulps.max().item<double>(), 2.0);
    EXPECT_GT(relative_error(single, exact), 0.0);
  }
}

class LibrosaMelSpectrogram : public ::testing::TestWithParam<std::string> {};

// Every compute path (banded product, dense trainable bank, Conv STFT) gives librosa's numbers.
TEST_P(LibrosaMelSpectrogram, MatchesTheFixtureInFloat64AndFloat32) {
  NNAUDIO_REQUIRE_DEVICE(GetParam());
  const torch::Device device(GetParam());
  const auto signal = load_fixture("signals/chirp_22050.npy").to(device);
  const auto expected = load_fixture("librosa/melspectrogram_0.npy");
  for (const auto& [trainable_mel, trainable_stft] :
       std::vector<std::pair<bool, bool>>{{false, false}, {true, false}, {false, true}}) {
    SCOPED_TRACE(std::string("trainable_mel=") + (trainable_mel ? "true" : "false") +
                 " trainable_STFT=" + (trainable_stft ? "true" : "false"));
    MelSpectrogram mel(MelSpectrogramOptions(22050)
                           .n_fft(2048)
                           .hop_length(512)
                           .n_mels(128)
                           .trainable_mel(trainable_mel)
                           .trainable_STFT(trainable_stft));
    mel->to(device);
    const auto out64 = mel(signal);
    ASSERT_EQ(out64.sizes(), expected.sizes());
    EXPECT_EQ(out64.scalar_type(), torch::kFloat64);
    EXPECT_LE(relative_error(out64, expected), 1e-10);
    const auto out32 = mel(signal.to(torch::kFloat32));
    EXPECT_EQ(out32.scalar_type(), torch::kFloat32);
    EXPECT_LE(relative_error(out32, expected), 1e-5);
    const double row = max_row_error(out32, expected);
    EXPECT_LE(row, 1e-5);  // worst band measured 3.4e-7 to 1.6e-6
  }
}

INSTANTIATE_TEST_SUITE_P(Devices, LibrosaMelSpectrogram, ::testing::ValuesIn(device_names()),
                         device_test_name);

TEST(MelReference, HzMelConversionsRoundTripAndHitKnownValues) {
  const auto hz = torch::cat({torch::linspace(0, 22050, 2001, torch::kFloat64),
                              torch::tensor({999.999, 1000.0, 1000.001}, torch::kFloat64)});
  for (const bool htk : {false, true}) {
    SCOPED_TRACE(htk ? "htk" : "slaney");
    const auto mel = kernels::hz_to_mel(hz, htk);
    EXPECT_LE(relative_error(kernels::mel_to_hz(mel, htk), hz), 1e-14);
    EXPECT_TRUE(torch::all(mel.narrow(0, 0, 2001).diff() > 0).item<bool>());  // increasing
    for (const double f : {0.0, 440.0, 999.0, 1000.0, 4000.0, 11025.0}) {
      const double m = kernels::hz_to_mel(f, htk);
      EXPECT_DOUBLE_EQ(m,
                       kernels::hz_to_mel(torch::tensor(f, torch::kFloat64), htk).item<double>());
      EXPECT_NEAR(kernels::mel_to_hz(m, htk), f, 1e-9 * std::max(1.0, f));
    }
  }
  // Slaney: 3 mels per 200 Hz up to 1 kHz (15 mels), then 27 mels per factor 6.4.
  EXPECT_DOUBLE_EQ(kernels::hz_to_mel(200.0), 3.0);
  EXPECT_DOUBLE_EQ(kernels::hz_to_mel(1000.0), 15.0);
  EXPECT_NEAR(kernels::hz_to_mel(6400.0), 42.0, 1e-12);
  // HTK: 2595 log10(1 + f / 700), so f = 700 Hz is 2595 log10(2) mels.
  EXPECT_NEAR(kernels::hz_to_mel(700.0, true), 2595.0 * std::log10(2.0), 1e-12);
  const auto edges = kernels::mel_frequencies(3, 0.0, 6400.0);
  EXPECT_NEAR(edges[1].item<double>(), 1000.0 * std::pow(6.4, 6.0 / 27.0), 1e-9);
  EXPECT_EQ(edges[2].item<double>(), 6400.0);
}

// An impulse at the centre of frame t0 has the flat power spectrum w[n_fft/2]^2 = 1 in that
// frame (periodic Hann), and w[n_fft/2 - hop]^2 in the next: each band then holds its row sum.
// With Slaney's normalisation every triangle has unit area in Hz, so wide bands sum to about
// n_fft / sr.
TEST(MelReference, AnImpulseGivesEachBandItsWeightSum) {
  const int64_t n_fft = 512, hop = 128, t0 = 10;
  const double sr = 16000;
  MelSpectrogram mel(MelSpectrogramOptions(sr).n_fft(n_fft).hop_length(hop).n_mels(40));
  auto x = torch::zeros({4096}, torch::kFloat64);
  x[t0 * hop] = 1.0;
  const auto out = mel(x);
  const auto row_sums = mel->mel_basis.sum(1);
  EXPECT_LE(relative_error(out.select(1, t0), row_sums), 1e-13);
  const double w = kernels::get_window(Window::hann(), n_fft)[n_fft / 2 - hop].item<double>();
  EXPECT_LE(relative_error(out.select(1, t0 + 1), row_sums * (w * w)), 1e-13);

  const auto edges = kernels::mel_frequencies(42, 0.0, sr / 2);
  const auto widths_in_bins = (edges.narrow(0, 2, 40) - edges.narrow(0, 0, 40)) / (sr / n_fft);
  const auto area = row_sums * (sr / n_fft);
  int64_t checked = 0;
  for (int64_t m = 0; m < 40; ++m) {
    if (widths_in_bins[m].item<double>() < 20) continue;
    EXPECT_NEAR(area[m].item<double>(), 1.0, 2.5e-3) << "band " << m;
    ++checked;
  }
  EXPECT_GT(checked, 5);
}

TEST(MelReference, SilenceGivesZerosAndFiniteGradients) {
  for (const double power : {2.0, 1.0, 0.5}) {
    SCOPED_TRACE(power);
    MelSpectrogram mel(small_options().power(power));
    const auto x = torch::zeros({2, 300}, torch::kFloat64).requires_grad_();
    const auto out = mel(x);
    EXPECT_EQ(out.abs().max().item<double>(), 0.0);
    out.sum().backward();
    EXPECT_TRUE(torch::all(torch::isfinite(x.grad())).item<bool>());
  }
}

// ---------------------------------------------------------------------------------------------
// The banded product against the dense one.

// Random banks with the shapes a banded form must cope with: an all-zero row, zeros inside a
// run, a full row, a single weight at either edge.
torch::Tensor awkward_bank(int64_t filters, int64_t bins) {
  torch::manual_seed(11);
  auto bank = torch::rand({filters, bins}, torch::kFloat64);
  bank.masked_fill_(torch::rand({filters, bins}, torch::kFloat64) < 0.7, 0.0);
  bank[0].zero_();
  bank[1].fill_(0.5);
  bank[2].zero_();
  bank[2][0] = 2.0;
  bank[3].zero_();
  bank[3][bins - 1] = -1.0;
  return bank;
}

std::vector<torch::Tensor> banks_to_check() {
  using kernels::MelFilterbankOptions;
  return {kernels::mel_filterbank(MelFilterbankOptions(22050, 2048).n_mels(128)),
          kernels::mel_filterbank(
              MelFilterbankOptions(16000, 512).n_mels(40).fmin(20).htk(true).norm(MelNorm::none())),
          kernels::mel_filterbank(MelFilterbankOptions(8000, 64).n_mels(10)), awkward_bank(9, 33)};
}

TEST(MelBanded, StoresTheNonzeroRunsAndRebuildsTheDenseBank) {
  for (const auto& bank : banks_to_check()) {
    const functional::BandedFilterbank banded(bank);
    EXPECT_EQ(banded.filters(), bank.size(0));
    EXPECT_EQ(banded.bins(), bank.size(1));
    EXPECT_TRUE(torch::equal(banded.dense(), bank));
  }
  // Each FFT bin feeds at most two triangles: about 2 * 1025 of the 131,200 weights remain.
  const functional::BandedFilterbank mel(banks_to_check()[0]);
  EXPECT_LE(mel.weights().numel(), 2 * 1025 + 128);
}

TEST(MelBanded, AgreesWithTheDenseProductAndItsGradients) {
  for (const auto& bank : banks_to_check()) {
    const functional::BandedFilterbank banded(bank);
    const int64_t bins = bank.size(1);
    // 1100 frames span several frame tiles, the last one partial.
    for (const auto& shape : std::vector<std::vector<int64_t>>{
             {bins, 7}, {3, bins, 1100}, {2, 2, bins, 5}, {1, bins, 1}}) {
      SCOPED_TRACE(torch::IntArrayRef(shape));
      const auto spec = noise(shape).abs().requires_grad_();
      const auto sparse = functional::mel_scale(spec, banded);
      const auto dense = functional::mel_scale(spec, bank);
      ASSERT_EQ(sparse.sizes(), dense.sizes());
      EXPECT_LE(relative_error(sparse, dense), 1e-12);
      EXPECT_LE(relative_error(functional::mel_scale(spec.to(torch::kFloat32), banded), dense),
                1e-6);

      const auto weights = torch::randn_like(dense).requires_grad_();
      const auto grad_sparse = torch::autograd::grad({sparse}, {spec}, {weights}, true, true)[0];
      const auto grad_dense = torch::autograd::grad({dense}, {spec}, {weights})[0];
      EXPECT_LE(relative_error(grad_sparse, grad_dense), 1e-12);
      // The backward is itself the (transposed) banded product, so it differentiates again:
      // d/dweights <W^T weights, v> = W v.
      const auto v = torch::randn_like(spec);
      const auto second = torch::autograd::grad({(grad_sparse * v).sum()}, {weights})[0];
      EXPECT_LE(relative_error(second, functional::mel_scale(v, bank)), 1e-12);
    }
  }
}

TEST(MelBanded, TheModuleBandedPathEqualsItsDensePath) {
  const auto x = noise({3, 2000});
  MelSpectrogram frozen(small_options());
  MelSpectrogram dense(small_options().trainable_mel(true));
  EXPECT_LE(relative_error(frozen(x), dense(x)), 1e-12);
  EXPECT_LE(relative_error(frozen(x.to(torch::kFloat32)), dense(x)), 1e-6);
}

// ---------------------------------------------------------------------------------------------
// Autograd, float64 central differences.

TEST(MelAutograd, InputGradientMatchesCentralDifferences) {
  for (const double power : {2.0, 1.0, 1.5}) {
    for (const bool conv : {false, true}) {
      SCOPED_TRACE(std::to_string(power) + (conv ? " conv" : " fft"));
      MelSpectrogram mel(
          MelSpectrogramOptions(8000).n_fft(32).hop_length(8).n_mels(6).power(power).backend(
              conv ? Backend::Conv : Backend::FFT));
      const auto x = noise({2, 64}).requires_grad_();
      const double error =
          max_gradient_error([&](const std::vector<torch::Tensor>& in) { return mel(in[0]); }, {x});
      EXPECT_LE(error, 1e-6);
    }
  }
}

// The bank's gradient (trainable_mel), which Python's gradcheck covers too, here in C++: every
// weight perturbed (6 x 17). Measured 1.1e-12 and 1.2e-12 (the output is linear in
// the bank, so only the difference's rounding is left).
TEST(MelAutograd, FilterbankGradientMatchesCentralDifferences) {
  for (const double power : {2.0, 1.0}) {
    SCOPED_TRACE(power);
    MelSpectrogram mel(
        MelSpectrogramOptions(8000).n_fft(32).hop_length(8).n_mels(6).power(power).trainable_mel(
            true));
    mel->to(torch::kFloat64);
    const auto x = noise({2, 64});
    const double error = max_gradient_error(
        [&](const std::vector<torch::Tensor>&) { return mel(x); }, {mel->mel_basis});
    EXPECT_LE(error, 1e-6);
  }
}

// ---------------------------------------------------------------------------------------------
// Trainable kernels.

TEST(MelTrainable, KernelsAreParametersOnlyWhenTrainable) {
  const std::set<std::string> stft_kernels = {"stft.window", "stft.kernel_cos", "stft.kernel_sin"};
  MelSpectrogram frozen(small_options());
  EXPECT_TRUE(frozen->named_parameters().is_empty());
  EXPECT_EQ(keys_of(frozen->named_buffers()), (std::set<std::string>{"mel_basis", "stft.window"}));

  MelSpectrogram mel_only(small_options().trainable_mel(true));
  EXPECT_EQ(keys_of(mel_only->named_parameters()), std::set<std::string>{"mel_basis"});
  EXPECT_EQ(keys_of(mel_only->named_buffers()), std::set<std::string>{"stft.window"});

  MelSpectrogram both(small_options().trainable_mel(true).trainable_STFT(true));
  auto expected = stft_kernels;
  expected.insert("mel_basis");
  EXPECT_EQ(keys_of(both->named_parameters()), expected);
  EXPECT_TRUE(both->named_buffers().is_empty());
  EXPECT_EQ(both->stft->backend(), Backend::Conv);
}

TEST(MelTrainable, ParametersReceiveGradientsAndAStepChangesTheOutput) {
  const auto x = noise({2, 500});
  for (const auto& [trainable_mel, trainable_stft] :
       std::vector<std::pair<bool, bool>>{{true, false}, {false, true}, {true, true}}) {
    SCOPED_TRACE(std::string(trainable_mel ? "mel " : "") + (trainable_stft ? "stft" : ""));
    MelSpectrogram mel(small_options().trainable_mel(trainable_mel).trainable_STFT(trainable_stft));
    const auto before = mel(x).detach();
    const auto target = before * 0.5;
    const auto loss = torch::mse_loss(mel(x), target);
    loss.backward();
    double squared_norm = 0.0;
    for (const auto& item : mel->named_parameters()) {
      SCOPED_TRACE(item.key());
      const auto& grad = item.value().grad();
      ASSERT_TRUE(grad.defined());
      EXPECT_TRUE(torch::all(torch::isfinite(grad)).item<bool>());
      EXPECT_GT(grad.abs().max().item<double>(), 0.0);
      squared_norm += grad.pow(2).sum().item<double>();
    }
    // A gradient step small enough for the linear term to dominate lowers the loss.
    torch::optim::SGD optimizer(mel->parameters(), 1e-3 * loss.item<double>() / squared_norm);
    optimizer.step();
    const auto after = mel(x).detach();
    EXPECT_GT(relative_error(after, before), 1e-9);
    EXPECT_LT(torch::mse_loss(after, target).item<double>(), loss.item<double>());
  }
}

// ---------------------------------------------------------------------------------------------
// Batches, shapes and dtypes.

TEST(MelBatch, ABatchIsEachItem) {
  MelSpectrogram mel(small_options());
  const auto x = noise({2, 3, 400});
  const auto out = mel(x);
  ASSERT_EQ(out.sizes(), torch::IntArrayRef({2, 3, 10, 1 + 400 / 16}));
  for (int64_t i = 0; i < 2; ++i) {
    for (int64_t j = 0; j < 3; ++j) {
      EXPECT_LE(relative_error(out[i][j], mel(x[i][j])), 1e-14);
    }
  }
}

TEST(MelBatch, BlocksOfABatchAreEachItem) {
  // Without autograd a batch is computed in blocks whose spectrograms stay below 32 MB: each
  // float64 item here holds 1025 bins x 1501 frames = 12.3 MB, so (2, 3) items run in blocks of
  // 2, 2 and 2 and the leading dims are restored.
  MelSpectrogram mel(MelSpectrogramOptions(16000).n_fft(2048).hop_length(64).n_mels(40));
  const auto x = noise({2, 3, 96000});
  torch::NoGradGuard no_grad;
  const auto out = mel(x);
  ASSERT_EQ(out.sizes(), torch::IntArrayRef({2, 3, 40, 1501}));
  for (int64_t i = 0; i < 2; ++i) {
    for (int64_t j = 0; j < 3; ++j) {
      EXPECT_LE(relative_error(out[i][j], mel(x[i][j])), 1e-14);
    }
  }
}

TEST(MelShapes, LeadingDimsAreKeptAndTheInputDtypeIsUsed) {
  MelSpectrogram mel(small_options());
  const int64_t frames = 1 + 300 / 16;
  EXPECT_EQ(mel(noise({300})).sizes(), torch::IntArrayRef({10, frames}));
  EXPECT_EQ(mel(noise({4, 300})).sizes(), torch::IntArrayRef({4, 10, frames}));
  EXPECT_EQ(mel(noise({4, 1, 300})).sizes(), torch::IntArrayRef({4, 1, 10, frames}));
  EXPECT_EQ(mel(noise({300}).to(torch::kFloat32)).scalar_type(), torch::kFloat32);
  EXPECT_EQ(mel(noise({300})).scalar_type(), torch::kFloat64);

  // A module cast to float32 casts its bank; a float64 input still gives float64.
  const auto x = noise({2, 300});
  const auto reference = mel(x);
  mel->to(torch::kFloat32);
  EXPECT_EQ(mel->mel_basis.scalar_type(), torch::kFloat32);
  EXPECT_EQ(mel(x).scalar_type(), torch::kFloat64);
  EXPECT_LE(relative_error(mel(x), reference), 1e-6);
  EXPECT_LE(relative_error(mel(x.to(torch::kFloat32)), reference), 1e-5);
}

TEST(MelShapes, FrequenciesAreTheBandCentres) {
  MelSpectrogram mel(MelSpectrogramOptions(16000).n_fft(512).n_mels(40).fmin(20).fmax(7600.0));
  const auto f = mel->frequencies();
  ASSERT_EQ(f.sizes(), torch::IntArrayRef({40}));
  EXPECT_TRUE(torch::all(f.diff() > 0).item<bool>());
  EXPECT_GT(f[0].item<double>(), 20.0);
  EXPECT_LT(f[39].item<double>(), 7600.0);
  // librosa.mel_frequencies(42, fmin, fmax)[1:-1], written out here: Slaney's scale is linear
  // (200/3 Hz per mel) below 1 kHz and logarithmic (27 mels per factor 6.4) above.
  const double f_sp = 200.0 / 3, min_log_mel = 1000.0 / f_sp, logstep = std::log(6.4) / 27;
  auto to_mel = [&](double hz) {
    return hz < 1000 ? hz / f_sp : min_log_mel + std::log(hz / 1000) / logstep;
  };
  const double low = to_mel(20), high = to_mel(7600);
  for (int64_t i = 0; i < 40; ++i) {
    const double m = low + (high - low) * (i + 1) / 41;
    const double hz = m < min_log_mel ? f_sp * m : 1000 * std::exp(logstep * (m - min_log_mel));
    EXPECT_NEAR(f[i].item<double>(), hz, 1e-9 * hz) << i;
  }
  // Each filter peaks between the bins around its centre.
  const auto peak_bins = std::get<1>(mel->mel_basis.max(1)).to(torch::kFloat64);
  EXPECT_LE((peak_bins * (16000.0 / 512) - f).abs().max().item<double>(), 16000.0 / 512);
}

// ---------------------------------------------------------------------------------------------
// Module plumbing.

TEST(MelModule, CloneIsEqualAndIndependent) {
  const auto x = noise({2, 300});
  for (const bool trainable : {false, true}) {
    SCOPED_TRACE(trainable ? "trainable" : "frozen");
    MelSpectrogram original(small_options().trainable_mel(trainable).trainable_STFT(trainable));
    const auto expected = original(x).detach();
    auto copy = std::dynamic_pointer_cast<MelSpectrogramImpl>(original->clone());
    ASSERT_TRUE(copy);
    EXPECT_TRUE(torch::equal(copy->forward(x), expected));
    EXPECT_EQ(copy->parameters().size(), original->parameters().size());
    EXPECT_EQ(copy->buffers().size(), original->buffers().size());
    {
      // An in-place edit of the bank is seen by the next forward (the banded form follows it).
      torch::NoGradGuard no_grad;
      copy->mel_basis.mul_(2.0);
    }
    EXPECT_LE(relative_error(copy->forward(x), expected * 2.0), 1e-14);
    EXPECT_TRUE(torch::equal(original(x), expected));
    const auto registered =
        trainable ? copy->named_parameters()["mel_basis"] : copy->named_buffers()["mel_basis"];
    EXPECT_TRUE(registered.is_same(copy->mel_basis));
  }
}

TEST(MelModule, SaveAndLoadRestoreTheState) {
  const auto x = noise({2, 300});
  for (const bool trainable : {false, true}) {
    SCOPED_TRACE(trainable ? "trainable" : "frozen");
    const auto options = small_options().trainable_mel(trainable).trainable_STFT(trainable);
    // The loaded module runs once first, so its banded form must notice the new values.
    expect_save_load_round_trip(
        MelSpectrogram(options), MelSpectrogram(options),
        [](MelSpectrogram& module) {
          module->mel_basis.mul_(0.5);
          module->stft->window.mul_(0.75);
        },
        x);
  }
}

TEST(MelModule, PrettyPrintNamesTheOptions) {
  std::ostringstream text;
  text << *MelSpectrogram(MelSpectrogramOptions(16000).n_fft(512).n_mels(40).htk(true));
  const auto printed = text.str();
  // The framing settings are the STFT child's.
  for (const char* expected :
       {"nnaudio::MelSpectrogram(", "sr=16000", "n_mels=40", "htk=true", "(stft): nnaudio::STFT(",
        "n_fft=512", "hop_length=128", "backend=fft"}) {
    EXPECT_NE(printed.find(expected), std::string::npos) << printed;
  }
  EXPECT_EQ(printed.find("power="), std::string::npos) << printed;  // the default is not shown
}

// ---------------------------------------------------------------------------------------------
// Invalid options and inputs.

TEST(MelErrors, InvalidOptionsAreRefusedInReset) {
  const auto o = MelSpectrogramOptions(16000).n_fft(512);
  const std::vector<std::pair<MelSpectrogramOptions, std::vector<std::string>>> cases = {
      {MelSpectrogramOptions(o).n_mels(0), {"n_mels=0"}},
      {MelSpectrogramOptions(o).n_mels(-3), {"n_mels=-3"}},
      {MelSpectrogramOptions(o).fmin(9000), {"fmin=9000", "fmax=8000"}},
      {MelSpectrogramOptions(o).fmin(4000).fmax(4000.0), {"fmin=4000", "fmax=4000"}},
      {MelSpectrogramOptions(o).fmax(9000.0), {"fmax=9000", "Nyquist", "8000"}},
      {MelSpectrogramOptions(o).fmin(-1), {"fmin=-1"}},
      {MelSpectrogramOptions(o).power(0), {"power=0"}},
      {MelSpectrogramOptions(o).power(-2), {"power=-2"}},
      {MelSpectrogramOptions(o).power(std::nan("")), {"power=nan"}},
      {MelSpectrogramOptions(o).sr(0), {"sr=0"}},
      {MelSpectrogramOptions(o).sr(-8000), {"sr=-8000"}},
      {MelSpectrogramOptions(o).norm(MelNorm::p_norm(0)), {"norm=0"}},
      {MelSpectrogramOptions(o).norm(MelNorm::p_norm(-1)), {"norm=-1"}},
      {MelSpectrogramOptions(o).n_fft(0), {"n_fft=0"}},
      {MelSpectrogramOptions(o).hop_length(0), {"hop_length=0"}},
      {MelSpectrogramOptions(o).win_length(600), {"win_length=600", "n_fft=512"}},
      {MelSpectrogramOptions(o).window(Window::tukey(2)), {"alpha=2"}},
      {MelSpectrogramOptions(o).mel_dtype(torch::kHalf), {"dtype=Half", "float32 or float64"}},
  };
  for (const auto& [options, fragments] : cases) {
    SCOPED_TRACE(fragments.front());
    expect_error([&] { MelSpectrogram mel(options); }, fragments);
  }
}

TEST(MelErrors, FilterbankBuilderNamesItsParameters) {
  using kernels::MelFilterbankOptions;
  expect_error([] { kernels::mel_filterbank(MelFilterbankOptions(16000, 512).n_mels(0)); },
               {"n_mels=0"});
  expect_error([] { kernels::mel_filterbank(MelFilterbankOptions(16000, 0)); }, {"n_fft=0"});
  expect_error([] { kernels::mel_filterbank(MelFilterbankOptions(0, 512)); }, {"sr=0"});
  expect_error([] { kernels::mel_filterbank(MelFilterbankOptions(16000, 512).fmax(8001.0)); },
               {"fmax=8001"});
}

TEST(MelErrors, InvalidInputsAreRefused) {
  MelSpectrogram mel(small_options());
  MelSpectrogram reflect(small_options().pad_mode(PadMode::Reflect));
  expect_error([&] { mel(torch::arange(1000)); }, {"input", "Long"});
  expect_error([&] { mel(torch::tensor(1.0)); }, {"input", "0-dim"});
  expect_error([&] { mel(torch::Tensor()); }, {"input", "undefined"});
  expect_error([&] { mel(torch::zeros({3, 0})); }, {"input has 0 samples"});
  expect_error([&] { reflect(noise({20})); }, {"20 samples", "pad_mode=reflect"});

  const functional::BandedFilterbank banded(
      kernels::mel_filterbank(kernels::MelFilterbankOptions(8000, 64).n_mels(10)));
  expect_error(
      [&] {
        functional::mel_scale(noise({3, 20, 5}), banded);
      },
      {"freq=33", "[3, 20, 5]"});
  expect_error([&] { functional::mel_scale(noise({33}), banded); }, {"freq=33", "[33]"});
  expect_error(
      [&] {
        functional::mel_scale(noise({3, 20, 5}), noise({10, 33}));
      },
      {"freq=33", "[3, 20, 5]"});
  expect_error(
      [&] {
        functional::mel_scale(torch::ones({33, 5}, torch::kInt64), banded);
      },
      {"spectrogram", "Long"});
  expect_error([] { functional::BandedFilterbank bank(torch::ones({5})); }, {"basis", "2-D"});
}

TEST(MelErrors, NanInGivesNanOut) {
  auto x = noise({1000});
  x[500] = std::numeric_limits<double>::quiet_NaN();
  for (const double power : {2.0, 1.0, 0.5}) {
    SCOPED_TRACE(power);
    MelSpectrogram mel(small_options().power(power));
    const auto out = mel(x);
    // Frame t covers x[16 t - 32, 16 t + 32): frames 30 .. 33 hold the NaN, in every band.
    const auto nan_frames = torch::isnan(out).all(0);
    const auto finite_frames = torch::isfinite(out).all(0);
    for (int64_t t = 0; t < out.size(-1); ++t) {
      const bool covers = t * 16 - 32 <= 500 && 500 < t * 16 + 32;
      EXPECT_EQ(nan_frames[t].item<bool>(), covers) << t;
      EXPECT_EQ(finite_frames[t].item<bool>(), !covers) << t;
    }
  }
}

}  // namespace
}  // namespace nnaudio::test
