// DCT matrices, decibels (power_to_db, amplitude_to_db, AmplitudeToDB) and MFCC: librosa
// fixtures, analytic cases, autograd, trainable kernels, batches, shapes, module plumbing and
// every invalid option.

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

torch::Tensor noise(const std::vector<int64_t>& shape, uint64_t seed = 9) {
  torch::manual_seed(seed);
  return torch::randn(shape, torch::kFloat64);
}

MFCCOptions small_options() {
  return MFCCOptions(8000).n_fft(64).hop_length(16).n_mels(12).n_mfcc(6);
}

// ---------------------------------------------------------------------------------------------
// DCT matrices.

// scipy.fftpack.dct written as the sums its documentation gives, term by term.
torch::Tensor direct_dct(const torch::Tensor& x, int64_t type, bool ortho) {
  const int64_t n = x.size(0);
  const double nd = static_cast<double>(n);
  auto y = torch::zeros({n}, torch::kFloat64);
  for (int64_t k = 0; k < n; ++k) {
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) {
      const double xi = x[i].item<double>();
      if (type == 2) {
        sum += 2.0 * xi * std::cos(M_PI * k * (2.0 * i + 1.0) / (2.0 * nd));
      } else if (i == 0) {
        sum += ortho ? xi / std::sqrt(nd) : xi;
      } else {
        sum += (ortho ? std::sqrt(2.0 / nd) : 2.0) * xi *
               std::cos(M_PI * (2.0 * k + 1.0) * i / (2.0 * nd));
      }
    }
    if (type == 2 && ortho) sum *= std::sqrt(1.0 / ((k == 0 ? 4.0 : 2.0) * nd));
    y[k] = sum;
  }
  return y;
}

TEST(DctReference, MatchesTheDirectCosineSums) {
  for (const int64_t type : {2, 3}) {
    for (const bool ortho : {true, false}) {
      for (const int64_t n : {1, 2, 5, 40, 128}) {
        SCOPED_TRACE("type " + std::to_string(type) + (ortho ? " ortho " : " none ") +
                     std::to_string(n));
        const auto x = noise({n});
        const auto expected = direct_dct(x, type, ortho);
        const auto full = kernels::dct_matrix(n, n, type, ortho);
        EXPECT_EQ(full.scalar_type(), torch::kFloat64);
        EXPECT_LE(relative_error(full.matmul(x), expected), 1e-13);
        const int64_t kept = (n + 1) / 2;
        const auto first_rows = kernels::dct_matrix(n, kept, type, ortho);
        ASSERT_EQ(first_rows.sizes(), torch::IntArrayRef({kept, n}));
        EXPECT_LE(relative_error(first_rows.matmul(x), expected.narrow(0, 0, kept)), 1e-13);
      }
    }
  }
}

TEST(DctReference, OrthonormalTypesAreEachOthersInverse) {
  for (const int64_t n : {3, 20, 128}) {
    SCOPED_TRACE(n);
    const auto dct2 = kernels::dct_matrix(n, n, 2, true);
    const auto dct3 = kernels::dct_matrix(n, n, 3, true);
    const auto eye = torch::eye(n, torch::kFloat64);
    EXPECT_LE((dct2.matmul(dct2.t()) - eye).abs().max().item<double>(), 1e-13);
    EXPECT_LE((dct3 - dct2.t()).abs().max().item<double>(), 1e-15);
    // Unnormalised, type 3 inverts type 2 up to scipy's factor 2N.
    const auto round_trip =
        kernels::dct_matrix(n, n, 3, false).matmul(kernels::dct_matrix(n, n, 2, false));
    EXPECT_LE((round_trip - 2.0 * n * eye).abs().max().item<double>(), 1e-10 * n);
  }
}

// ---------------------------------------------------------------------------------------------
// Decibels.

TEST(DbValues, PowerToDbMatchesLibrosa) {
  const auto mel = load_fixture("librosa/melspectrogram_0.npy");
  const auto expected = load_fixture("librosa/power_to_db_0.npy");
  EXPECT_LE(relative_error(functional::power_to_db(mel, 1.0, 1e-10, 80.0), expected), 1e-10);
  const auto single = functional::power_to_db(mel.to(torch::kFloat32));
  EXPECT_LE(relative_error(single, expected), 1e-5);
  const double row = max_row_error(single, expected);
  EXPECT_LE(row, 1e-6);  // worst band measured 4.6e-8
  AmplitudeToDB module;
  EXPECT_LE(relative_error(module(mel), expected), 1e-10);
}

TEST(DbValues, AnalyticValues) {
  const auto x = torch::tensor({1.0, 100.0, 1e-3, 0.0, 1e-12}, torch::kFloat64);
  const auto db = functional::power_to_db(x, 1.0, 1e-10, std::nullopt);
  const auto expected = torch::tensor({0.0, 20.0, -30.0, -100.0, -100.0}, torch::kFloat64);
  EXPECT_LE((db - expected).abs().max().item<double>(), 1e-12);
  // ref = 100 shifts everything by -20 dB; top_db = 50 then raises what is below -50 dB.
  const auto shifted = functional::power_to_db(x, 100.0, 1e-10, 50.0);
  const auto clipped = torch::tensor({-20.0, 0.0, -50.0, -50.0, -50.0}, torch::kFloat64);
  EXPECT_LE((shifted - clipped).abs().max().item<double>(), 1e-12);
  // The reference is floored at amin too.
  EXPECT_NEAR(functional::power_to_db(torch::ones({1}, torch::kFloat64), 1e-20, 1e-10, std::nullopt)
                  .item<double>(),
              100.0, 1e-12);
  // Amplitudes: 20 log10, and negative values count by their magnitude.
  const auto amplitude = torch::tensor({-10.0, 0.1, 0.0}, torch::kFloat64);
  const auto adb = functional::amplitude_to_db(amplitude, 1.0, 1e-5, std::nullopt);
  EXPECT_LE(
      (adb - torch::tensor({20.0, -20.0, -100.0}, torch::kFloat64)).abs().max().item<double>(),
      1e-12);
}

// amplitude_to_db against its definition written out here (librosa.amplitude_to_db):
// 20 log10(max(amin, |S|)) - 20 log10(max(amin, ref)), ref = max |S| per example for
// DbReference::max(), then floored at the example's maximum minus top_db.
TEST(DbValues, AmplitudeToDbMatchesItsFormula) {
  const auto s =
      torch::cat({noise({3, 20, 30}) * 1e-3, torch::zeros({1, 20, 30}, torch::kFloat64)});
  const double amin = 1e-5;
  for (const auto& ref : {DbReference(2.0), DbReference::max()}) {
    for (const auto& top_db : {std::optional<double>(60.0), std::optional<double>()}) {
      const auto magnitude = s.abs();
      const auto reference = ref.use_max()
                                 ? std::get<0>(magnitude.flatten(-2).max(-1)).view({-1, 1, 1})
                                 : torch::full({1, 1, 1}, ref.value(), torch::kFloat64);
      auto expected = 20 * torch::log10(magnitude.clamp_min(amin)) -
                      20 * torch::log10(reference.clamp_min(amin));
      if (top_db) {
        const auto peak = std::get<0>(expected.flatten(-2).max(-1)).view({-1, 1, 1});
        expected = torch::max(expected, peak - *top_db);
      }
      // Measured 0: the same logarithms.
      EXPECT_LE(relative_error(functional::amplitude_to_db(s, ref, amin, top_db), expected), 1e-13);
    }
  }
}

// Consistency, not a reference: librosa computes amplitude_to_db as
// power_to_db(|S|^2, ref^2, amin^2, top_db), and so must nnaudio.
TEST(DbConsistency, AmplitudeToDbIsPowerToDbOfTheSquare) {
  const auto s =
      torch::cat({noise({3, 20, 30}) * 1e-3, torch::zeros({1, 20, 30}, torch::kFloat64)});
  for (const auto& ref : {DbReference(2.0), DbReference::max()}) {
    for (const auto& top_db : {std::optional<double>(60.0), std::optional<double>()}) {
      const auto expected = functional::power_to_db(
          s.pow(2), ref.use_max() ? ref : DbReference(ref.value() * ref.value()), 1e-10, top_db);
      EXPECT_LE(relative_error(functional::amplitude_to_db(s, ref, 1e-5, top_db), expected), 1e-13);
    }
  }
}

// ref=max and top_db are per example (the last two dims), so a batch gives each item's result.
TEST(DbValues, ReferenceMaxAndTopDbArePerExample) {
  auto s = noise({2, 3, 16, 20}).pow(4);  // spans far more than 40 dB
  s[1] *= 1e6;
  const auto db = functional::power_to_db(s, DbReference::max(), 1e-10, 40.0);
  for (int64_t i = 0; i < 2; ++i) {
    for (int64_t j = 0; j < 3; ++j) {
      const auto item = db[i][j];
      EXPECT_LE(
          relative_error(item, functional::power_to_db(s[i][j], DbReference::max(), 1e-10, 40.0)),
          1e-14);
      EXPECT_NEAR(item.max().item<double>(), 0.0, 1e-12);
      EXPECT_NEAR(item.min().item<double>(), -40.0, 1e-12);
    }
  }
}

TEST(DbValues, NanInGivesNanOut) {
  auto s = noise({2, 8, 8}).abs();
  s[0][3][4] = std::numeric_limits<double>::quiet_NaN();
  const auto db = functional::power_to_db(s);
  EXPECT_TRUE(torch::isnan(db[0][3][4]).item<bool>());
  EXPECT_FALSE(torch::isnan(db[1]).any().item<bool>());
  EXPECT_TRUE(
      torch::isnan(functional::power_to_db(s, 1.0, 1e-10, std::nullopt)[0][3][4]).item<bool>());
}

TEST(DbAutograd, GradientsMatchCentralDifferences) {
  // Values spread over 60 dB, so that top_db = 30 clips some and leaves others.
  torch::manual_seed(4);
  const auto s = torch::pow(10.0, torch::rand({2, 6, 7}, torch::kFloat64) * 6.0 - 3.0);
  for (const auto& ref : {DbReference(1.0), DbReference::max()}) {
    for (const auto& top_db : {std::optional<double>(30.0), std::optional<double>()}) {
      SCOPED_TRACE(ref.to_string() + (top_db ? " top_db 30" : " no top_db"));
      const auto x = s.clone().requires_grad_();
      const double power_error = max_gradient_error(
          [&](const std::vector<torch::Tensor>& in) {
            return functional::power_to_db(in[0], ref, 1e-10, top_db);
          },
          {x}, 1e-7);
      EXPECT_LE(power_error, 1e-5);
      const double amplitude_error = max_gradient_error(
          [&](const std::vector<torch::Tensor>& in) {
            return functional::amplitude_to_db(in[0], ref, 1e-5, top_db);
          },
          {x}, 1e-7);
      EXPECT_LE(amplitude_error, 1e-5);
    }
  }
}

TEST(DbModule, AmplitudeToDbFollowsItsOptions) {
  const auto s = noise({2, 10, 12}).abs();
  AmplitudeToDB power;
  EXPECT_TRUE(torch::equal(power(s), functional::power_to_db(s, 1.0, 1e-10, 80.0)));
  AmplitudeToDB magnitude(AmplitudeToDBOptions(AmplitudeToDBOptions::Stype::Magnitude)
                              .ref(DbReference::max())
                              .top_db(std::nullopt));
  EXPECT_TRUE(torch::equal(magnitude(s),
                           functional::amplitude_to_db(s, DbReference::max(), 1e-5, std::nullopt)));
  auto copy = std::dynamic_pointer_cast<AmplitudeToDBImpl>(magnitude->clone());
  ASSERT_TRUE(copy);
  EXPECT_TRUE(torch::equal(copy->forward(s), magnitude(s)));

  std::ostringstream text;
  text << *magnitude;
  for (const char* expected :
       {"nnaudio::AmplitudeToDB(", "stype=magnitude", "ref=max", "amin=1e-05", "top_db=none"}) {
    EXPECT_NE(text.str().find(expected), std::string::npos) << text.str();
  }
}

// ---------------------------------------------------------------------------------------------
// MFCC against librosa.

struct MfccCase {
  std::string fixture;
  std::string signal;
  MFCCOptions options;
};

std::vector<MfccCase> mfcc_cases() {
  return {
      {"mfcc_0", "chirp_22050", MFCCOptions(22050).n_fft(2048).hop_length(512).n_mels(128)},
      {"mfcc_1", "noise_16000",
       MFCCOptions(16000)
           .n_mfcc(13)
           .n_fft(512)
           .hop_length(160)
           .n_mels(40)
           .htk(true)
           .fmin(20)
           .fmax(7600.0)
           .pad_mode(PadMode::Reflect)
           .lifter(22)},
  };
}

class LibrosaMfcc : public ::testing::TestWithParam<std::string> {};

TEST_P(LibrosaMfcc, MatchesTheFixturesInFloat64AndFloat32) {
  NNAUDIO_REQUIRE_DEVICE(GetParam());
  const torch::Device device(GetParam());
  for (const auto& c : mfcc_cases()) {
    for (const bool trainable : {false, true}) {
      SCOPED_TRACE(c.fixture + (trainable ? " trainable" : " frozen"));
      const auto expected = load_fixture("librosa/" + c.fixture + ".npy");
      const auto signal = load_fixture("signals/" + c.signal + ".npy").to(device);
      MFCC mfcc(MFCCOptions(c.options).trainable_mel(trainable).trainable_STFT(trainable));
      mfcc->to(device);
      const auto out = mfcc(signal);
      ASSERT_EQ(out.sizes(), expected.sizes());
      EXPECT_LE(relative_error(out, expected), 1e-10);
      const auto single = mfcc(signal.to(torch::kFloat32));
      EXPECT_LE(relative_error(single, expected), 1e-5);
      const double row = max_row_error(single, expected);
      EXPECT_LE(row, 1e-5);  // worst coefficient measured 8.2e-7 to 1.3e-6
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Devices, LibrosaMfcc, ::testing::ValuesIn(device_names()),
                         device_test_name);

// Silence is -100 dB in every band: an orthonormal DCT-II puts all of it in c0 = -100 sqrt(n_mels).
TEST(MfccReference, SilenceHasOnlyAConstantTerm) {
  MFCC mfcc(small_options());
  const auto out = mfcc(torch::zeros({300}, torch::kFloat64));
  EXPECT_LE((out[0] + 100.0 * std::sqrt(12.0)).abs().max().item<double>(), 1e-11);
  EXPECT_LE(out.narrow(0, 1, 5).abs().max().item<double>(), 1e-11);
}

// Consistency, not a reference (the librosa fixtures above are): the MFCC is the DCT of the
// module's own log mel spectrogram, for the options the fixtures do not cover.
TEST(MfccConsistency, IsTheDctOfTheLogMelSpectrogram) {
  const auto x = noise({2, 500});
  for (const bool db : {true, false}) {
    for (const int64_t type : {2, 3}) {
      SCOPED_TRACE(std::string(db ? "dB" : "log") + " type " + std::to_string(type));
      MFCC mfcc(small_options().log_mels_db(db).dct_type(type).ortho(type == 2).lifter(4));
      MelSpectrogram mel(MelSpectrogramOptions(8000).n_fft(64).hop_length(16).n_mels(12));
      const auto power = mel(x);
      const auto log_mel = db ? functional::power_to_db(power) : torch::log(power + 1e-6);
      const auto k = torch::arange(1, 7, torch::kFloat64);
      const auto lifter = (1.0 + 2.0 * torch::sin(M_PI * k / 4.0)).unsqueeze(1);
      const auto expected = kernels::dct_matrix(12, 6, type, type == 2).matmul(log_mel) * lifter;
      EXPECT_LE(relative_error(mfcc(x), expected), 1e-13);
      EXPECT_LE(relative_error(mfcc->from_mel(power), expected), 1e-13);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Autograd, trainable kernels, batches, shapes.

TEST(MfccAutograd, InputGradientMatchesCentralDifferences) {
  for (const auto& top_db : {std::optional<double>(80.0), std::optional<double>()}) {
    SCOPED_TRACE(top_db ? "top_db 80" : "no top_db");
    MFCC mfcc(
        MFCCOptions(8000).n_fft(32).hop_length(8).n_mels(8).n_mfcc(5).lifter(3).top_db(top_db));
    const auto x = noise({2, 64}).requires_grad_();
    EXPECT_LE(
        max_gradient_error([&](const std::vector<torch::Tensor>& in) { return mfcc(in[0]); }, {x}),
        1e-6);
  }
}

TEST(MfccTrainable, MelAndStftKernelsLearn) {
  MFCC mfcc(small_options().trainable_mel(true).trainable_STFT(true));
  std::set<std::string> parameters, buffers;
  for (const auto& item : mfcc->named_parameters()) parameters.insert(item.key());
  for (const auto& item : mfcc->named_buffers()) buffers.insert(item.key());
  EXPECT_EQ(parameters, (std::set<std::string>{
                            "mel_spectrogram.mel_basis", "mel_spectrogram.stft.window",
                            "mel_spectrogram.stft.kernel_cos", "mel_spectrogram.stft.kernel_sin"}));
  EXPECT_EQ(buffers, std::set<std::string>{"dct_matrix"});
  const auto x = noise({2, 400});
  const auto before = mfcc(x).detach();
  torch::optim::Adam optimizer(mfcc->parameters(), 1e-3);
  const auto loss = torch::mse_loss(mfcc(x), before * 0.5);
  loss.backward();
  for (const auto& item : mfcc->named_parameters()) {
    SCOPED_TRACE(item.key());
    ASSERT_TRUE(item.value().grad().defined());
    EXPECT_GT(item.value().grad().abs().max().item<double>(), 0.0);
  }
  optimizer.step();
  EXPECT_GT(relative_error(mfcc(x).detach(), before), 1e-6);
}

TEST(MfccBatch, ABatchIsEachItem) {
  MFCC mfcc(small_options().lifter(5));
  auto x = noise({2, 3, 400});
  x[1] *= 1e3;  // top_db is per example, so louder items do not clip the others
  const auto out = mfcc(x);
  ASSERT_EQ(out.sizes(), torch::IntArrayRef({2, 3, 6, 1 + 400 / 16}));
  for (int64_t i = 0; i < 2; ++i) {
    for (int64_t j = 0; j < 3; ++j) {
      EXPECT_LE(relative_error(out[i][j], mfcc(x[i][j])), 1e-13);
    }
  }
}

TEST(MfccShapes, LeadingDimsAreKeptAndTheInputDtypeIsUsed) {
  MFCC mfcc(small_options());
  const int64_t frames = 1 + 300 / 16;
  EXPECT_EQ(mfcc(noise({300})).sizes(), torch::IntArrayRef({6, frames}));
  EXPECT_EQ(mfcc(noise({4, 300})).sizes(), torch::IntArrayRef({4, 6, frames}));
  EXPECT_EQ(mfcc(noise({4, 1, 300})).sizes(), torch::IntArrayRef({4, 1, 6, frames}));
  EXPECT_EQ(mfcc(noise({300}).to(torch::kFloat32)).scalar_type(), torch::kFloat32);
  EXPECT_EQ(mfcc(noise({300})).scalar_type(), torch::kFloat64);
  EXPECT_EQ(mfcc->dct_matrix.sizes(), torch::IntArrayRef({6, 12}));
}

// ---------------------------------------------------------------------------------------------
// Module plumbing.

TEST(MfccModule, CloneIsEqualAndIndependent) {
  const auto x = noise({2, 300});
  MFCC original(small_options().lifter(3));
  const auto expected = original(x).detach();
  auto copy = std::dynamic_pointer_cast<MFCCImpl>(original->clone());
  ASSERT_TRUE(copy);
  EXPECT_TRUE(torch::equal(copy->forward(x), expected));
  EXPECT_EQ(copy->buffers().size(), original->buffers().size());
  {
    torch::NoGradGuard no_grad;
    copy->mel_spectrogram->mel_basis.mul_(3.0);
  }
  EXPECT_FALSE(torch::equal(copy->forward(x), expected));
  EXPECT_TRUE(torch::equal(original(x), expected));
}

TEST(MfccModule, SaveAndLoadRestoreTheState) {
  const auto x = noise({2, 300});
  expect_save_load_round_trip(
      MFCC(small_options()), MFCC(small_options()),
      [](MFCC& module) {
        module->mel_spectrogram->mel_basis.mul_(0.25);
        module->dct_matrix.mul_(2.0);
      },
      x);
}

TEST(MfccModule, PrettyPrintNamesTheOptions) {
  std::ostringstream text;
  text << *MFCC(MFCCOptions(16000).n_fft(512).n_mels(40).n_mfcc(13).lifter(22));
  for (const char* expected :
       {"nnaudio::MFCC(", "n_mfcc=13", "lifter=22", "(mel_spectrogram): nnaudio::MelSpectrogram(",
        "sr=16000", "n_mels=40", "(stft): nnaudio::STFT(", "n_fft=512"}) {
    EXPECT_NE(text.str().find(expected), std::string::npos) << text.str();
  }
}

// ---------------------------------------------------------------------------------------------
// Invalid options and inputs.

TEST(MfccErrors, InvalidOptionsAreRefusedInReset) {
  const auto o = MFCCOptions(16000).n_fft(512).n_mels(40);
  const std::vector<std::pair<MFCCOptions, std::vector<std::string>>> cases = {
      {MFCCOptions(o).n_mfcc(0), {"n_mfcc=0"}},
      {MFCCOptions(o).n_mfcc(-2), {"n_mfcc=-2"}},
      {MFCCOptions(o).n_mfcc(41), {"n_mfcc=41", "n_mels=40"}},
      {MFCCOptions(o).n_mels(0), {"n_mels=0"}},
      {MFCCOptions(o).dct_type(1), {"dct_type=1", "2 or 3"}},
      {MFCCOptions(o).dct_type(4), {"dct_type=4"}},
      {MFCCOptions(o).lifter(-1), {"lifter=-1"}},
      {MFCCOptions(o).top_db(-1.0), {"top_db=-1"}},
      {MFCCOptions(o).amin(0), {"amin=0"}},
      {MFCCOptions(o).amin(-1e-10), {"amin=-1e-10"}},
      {MFCCOptions(o).ref(0.0), {"ref=0"}},
      {MFCCOptions(o).ref(-2.0), {"ref=-2"}},
      {MFCCOptions(o).log_mels_db(false).log_offset(0), {"log_offset=0"}},
      {MFCCOptions(o).fmax(9000.0), {"fmax=9000"}},
      {MFCCOptions(o).fmin(8000), {"fmin=8000"}},
      {MFCCOptions(o).hop_length(0), {"hop_length=0"}},
  };
  for (const auto& [options, fragments] : cases) {
    SCOPED_TRACE(fragments.front());
    expect_error([&] { MFCC mfcc(options); }, fragments);
  }
}

TEST(DbErrors, InvalidSettingsAreRefused) {
  const auto s = torch::ones({4, 4}, torch::kFloat64);
  expect_error([&] { functional::power_to_db(s, 1.0, 0.0); }, {"power_to_db", "amin=0"});
  expect_error([&] { functional::power_to_db(s, 1.0, -1.0); }, {"amin=-1"});
  expect_error([&] { functional::power_to_db(s, 1.0, 1e-10, -5.0); }, {"top_db=-5"});
  expect_error([&] { functional::power_to_db(s, 0.0); }, {"ref=0"});
  expect_error([&] { functional::power_to_db(s, -1.0); }, {"ref=-1"});
  expect_error([&] { functional::amplitude_to_db(s, 1.0, 0.0); }, {"amplitude_to_db", "amin=0"});
  expect_error([&] { functional::power_to_db(torch::ones({3}, torch::kInt64)); }, {"Long"});
  expect_error([&] { functional::power_to_db(torch::Tensor()); }, {"undefined"});
  expect_error([] { AmplitudeToDB db(AmplitudeToDBOptions().amin(0.0)); },
               {"AmplitudeToDB", "amin=0"});
  expect_error([] { AmplitudeToDB db(AmplitudeToDBOptions().top_db(-1.0)); }, {"top_db=-1"});
  expect_error([] { AmplitudeToDB db(AmplitudeToDBOptions().ref(0.0)); }, {"ref=0"});
}

TEST(DctErrors, InvalidArgumentsAreRefused) {
  expect_error([] { kernels::dct_matrix(8, 8, 1); }, {"dct_type=1"});
  expect_error([] { kernels::dct_matrix(8, 8, 4); }, {"dct_type=4"});
  expect_error([] { kernels::dct_matrix(0, 0); }, {"n_in=0"});
  expect_error([] { kernels::dct_matrix(8, 0); }, {"n_out=0"});
  expect_error([] { kernels::dct_matrix(8, 9); }, {"n_out=9", "n_in=8"});
}

TEST(MfccErrors, InvalidInputsAreRefused) {
  MFCC mfcc(small_options());
  expect_error([&] { mfcc(torch::arange(300)); }, {"input", "Long"});
  expect_error([&] { mfcc(torch::tensor(1.0)); }, {"input", "0-dim"});
  expect_error([&] { mfcc->from_mel(noise({3, 11, 5})); }, {"n_mels=12", "[3, 11, 5]"});
  expect_error([&] { mfcc->from_mel(noise({12})); }, {"n_mels=12", "[12]"});
}

}  // namespace
}  // namespace nnaudio::test
