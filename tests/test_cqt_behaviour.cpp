// CQT / VQT / iCQT behaviour: autograd, trainable kernels, batches and shapes, output formats
// and normalisations, short inputs and any hop, the module plumbing, the inverse's round trip,
// devices, and every invalid option or input.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <cmath>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/expectations.h"
#include "support/helpers.h"

namespace nnaudio::test {
namespace {

constexpr CQTAlgorithm kAlgorithms[] = {CQTAlgorithm::CQT1992, CQTAlgorithm::CQT1992v2,
                                        CQTAlgorithm::CQT2010, CQTAlgorithm::CQT2010v2};

// Two octaves at 2 kHz: small enough for central differences, deep enough to halve the rate.
CQTOptions small_options(CQTAlgorithm algorithm) {
  return CQTOptions(2000).fmin(100).n_bins(24).hop_length(16).algorithm(algorithm);
}

torch::Tensor noise(const std::vector<int64_t>& shape, uint64_t seed = 7) {
  torch::manual_seed(seed);
  return torch::randn(shape, torch::kFloat64);
}

std::set<std::string> keys_of(const torch::OrderedDict<std::string, torch::Tensor>& dict) {
  std::set<std::string> keys;
  for (const auto& item : dict) keys.insert(item.key());
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Autograd and trainable kernels.

TEST(CQTAutograd, InputGradientMatchesCentralDifferences) {
  for (auto algorithm : kAlgorithms) {
    CQT cqt(small_options(algorithm).output_format(OutputFormat::RealImag));
    const auto x = noise({1, 200}).requires_grad_();
    const double error = max_gradient_error([&](const auto& in) { return cqt(in[0]); }, {x});
    EXPECT_LE(error, 1e-6) << to_string(algorithm);
  }
}

TEST(CQTAutograd, MagnitudeOfSilenceHasFiniteGradients) {
  CQT cqt(small_options(CQTAlgorithm::Auto).output_format(OutputFormat::Magnitude));
  const auto x = torch::zeros({1, 200}, torch::kFloat64).requires_grad_();
  cqt(x).sum().backward();
  EXPECT_TRUE(torch::isfinite(x.grad()).all().item<bool>());
}

TEST(CQTTrainable, KernelsAreParametersOnlyWhenTrainable) {
  for (auto algorithm : kAlgorithms) {
    SCOPED_TRACE(to_string(algorithm));
    CQT frozen(small_options(algorithm));
    EXPECT_TRUE(frozen->parameters().empty());
    CQT trainable(small_options(algorithm).trainable(true));
    const auto names = keys_of(trainable->named_parameters());
    EXPECT_EQ(names.size(), 2 * trainable->stages().size());
    EXPECT_TRUE(names.count("kernel_real_0") && names.count("kernel_imag_0"));
    // The low-pass filter of the multirate algorithms stays a buffer.
    const bool multirate = trainable->stages().size() > 1;
    EXPECT_EQ(keys_of(trainable->named_buffers()).count("lowpass"), multirate ? 1u : 0u);
  }
}

TEST(CQTTrainable, ParametersReceiveGradientsAndAStepLowersTheLoss) {
  for (auto algorithm : kAlgorithms) {
    SCOPED_TRACE(to_string(algorithm));
    CQT cqt(small_options(algorithm).trainable(true).output_format(OutputFormat::Magnitude));
    const auto x = noise({2, 400});
    const auto target = (cqt(x) * 0.5).detach();
    // Adam's first steps move each weight by about lr whatever the gradient's scale (the
    // frequency-domain kernels' gradients are n_fft times the time-domain ones').
    torch::optim::Adam optimizer(cqt->parameters(), torch::optim::AdamOptions(1e-5));
    optimizer.zero_grad();
    const auto loss = torch::mse_loss(cqt(x), target);
    loss.backward();
    for (const auto& parameter : cqt->parameters()) {
      ASSERT_TRUE(parameter.grad().defined());
      EXPECT_GT(parameter.grad().abs().sum().item<double>(), 0);
    }
    optimizer.step();
    EXPECT_LT(torch::mse_loss(cqt(x), target).item<double>(), loss.item<double>());
  }
}

TEST(CQTTrainable, LongKernelsTrainAndTheirFrozenFoldedSpectraAgree) {
  // 8 kHz from 20 Hz: 8192-tap wavelets, through the folded spectrum: trainable, their spectra
  // are computed in each call (with their gradient); frozen, kept between calls.
  CQT cqt(CQTOptions(8000)
              .fmin(20)
              .n_bins(12)
              .hop_length(256)
              .algorithm(CQTAlgorithm::CQT1992v2)
              .trainable(true)
              .output_format(OutputFormat::Power));
  ASSERT_GT(cqt->stages().front().kernel_size, 4096);
  const auto x = noise({1, 9000});
  cqt(x).sum().backward();
  EXPECT_GT(cqt->stages().front().kernel_real.grad().abs().sum().item<double>(), 0);
  // The same kernels frozen give the same numbers.
  CQT frozen(CQTOptions(cqt->options).trainable(false));
  EXPECT_LE(relative_error(cqt(x), frozen(x)), 1e-12);
}

TEST(CQTTrainable, LongFrozenFrequencyKernelsGiveTheTrainableOnesNumbers) {
  // CQT1992 with 8192-point kernels, as their time-domain equivalents through the folded
  // spectrum: frozen, kept between calls; trainable, recomputed with their gradient.
  const auto options =
      CQTOptions(8000).fmin(20).n_bins(60).hop_length(256).algorithm(CQTAlgorithm::CQT1992);
  CQT frozen(options);
  CQT trainable(CQTOptions(options).trainable(true));
  ASSERT_GT(frozen->stages().front().kernel_size, 4096);
  const auto x = noise({2, 9000}).requires_grad_();
  const auto kept = frozen(x);
  EXPECT_LE(relative_error(kept, trainable(x)), 1e-12);
  // Without autograd each clip's product is computed on its own: the same numbers, float32
  // included.
  EXPECT_LE(relative_error(frozen(x.detach()), kept), 1e-12);
  frozen->to(torch::kFloat32);
  EXPECT_LE(relative_error(frozen(x.detach().to(torch::kFloat32)), kept), 1e-5);
  // The kept spectra's path is differentiable with respect to the input.
  torch::view_as_real(kept).sum().backward();
  EXPECT_TRUE(x.grad().defined());
  EXPECT_GT(x.grad().abs().sum().item<double>(), 0);
}

// ---------------------------------------------------------------------------------------------
// Batches, shapes, dtypes, formats, normalisations.

TEST(CQTBatch, ABatchIsEachItem) {
  const auto x = noise({3, 500});
  for (auto algorithm : kAlgorithms) {
    CQT cqt(small_options(algorithm));
    const auto batch = cqt(x);
    for (int64_t i = 0; i < 3; ++i) {
      EXPECT_LE(relative_error(batch[i], cqt(x[i])), 1e-12) << to_string(algorithm);
    }
  }
}

TEST(CQTBatch, BlocksOfABatchAreEachItem) {
  // The lowest octave from 32.7 Hz at 44.1 kHz: 32,768-tap kernels folded in segments of
  // 65,536 samples giving 65 frames each. 200,000 samples make 391 frames, 7 segments, whose
  // folded spectra take 4 x 7 x 65,536 x 8 bytes = 14.7 MB per float64 item, so kCQTBlockBytes
  // (32 MB) holds 2 items and a batch of 9 runs in blocks of 2, 2, 2, 2 and 1.
  const auto x = noise({9, 200000});
  for (auto algorithm : {CQTAlgorithm::CQT1992, CQTAlgorithm::CQT1992v2}) {
    CQT cqt(CQTOptions(44100).fmin(32.7).n_bins(12).algorithm(algorithm));
    ASSERT_EQ(cqt->stages().front().kernel_size, 32768);
    const auto batch = cqt(x);
    for (int64_t i = 0; i < 9; ++i) {
      EXPECT_LE(relative_error(batch[i], cqt(x[i])), 1e-12) << to_string(algorithm);
    }
  }
}

TEST(CQTBatch, KeptHalvingSpectraFollowTheLengthDtypeAndFilter) {
  // The multirate CQT keeps its low-pass filter's spectrum per FFT size: calls alternating
  // lengths and dtypes, and after the filter changes in place, equal a fresh module's.
  CQT cqt(small_options(CQTAlgorithm::CQT2010));
  ASSERT_GT(cqt->stages().back().halvings, 0);
  for (int64_t length : {500, 4000, 500}) {
    for (auto dtype : {torch::kFloat32, torch::kFloat64}) {
      const auto x = noise({2, length}).to(dtype);
      CQT fresh(small_options(CQTAlgorithm::CQT2010));
      EXPECT_TRUE(torch::equal(cqt(x), fresh(x))) << length << " " << dtype;
    }
  }
  const auto x = noise({2, 4000});
  const auto before = cqt(x);
  {
    torch::NoGradGuard no_grad;
    cqt->lowpass.mul_(0.5);
  }
  // Every halving scales the lower octaves' input by 0.5 once more.
  const auto after = cqt(x);
  EXPECT_FALSE(torch::allclose(after, before));
  CQT fresh(small_options(CQTAlgorithm::CQT2010));
  {
    torch::NoGradGuard no_grad;
    fresh->lowpass.mul_(0.5);
  }
  EXPECT_TRUE(torch::equal(after, fresh(x)));
}

TEST(CQTShapes, LeadingDimsDtypesAndFormats) {
  CQT cqt(small_options(CQTAlgorithm::Auto));
  const auto x = noise({2, 3, 500});
  const auto complex = cqt(x);
  EXPECT_EQ(complex.sizes(), (std::vector<int64_t>{2, 3, 24, 1 + 500 / 16}));
  EXPECT_EQ(complex.scalar_type(), torch::kComplexDouble);
  EXPECT_EQ(cqt(x.to(torch::kFloat32)).scalar_type(), torch::kComplexFloat);
  const auto normal = CQTNormalization::Librosa;
  const auto real_imag = cqt->transform(x, OutputFormat::RealImag, normal);
  EXPECT_TRUE(torch::equal(torch::view_as_complex(real_imag.contiguous()), complex));
  EXPECT_LE(relative_error(cqt->transform(x, OutputFormat::Magnitude, normal), complex.abs()),
            1e-14);
  EXPECT_LE(relative_error(cqt->transform(x, OutputFormat::Power, normal), complex.abs().pow(2)),
            1e-14);
  EXPECT_LE(relative_error(cqt->transform(x, OutputFormat::Phase, normal), complex.angle()), 1e-14);
  EXPECT_EQ(cqt->frequencies().size(0), 24);
  EXPECT_NEAR(cqt->frequencies()[12].item<double>(), 200.0, 1e-9);
}

TEST(CQTShapes, NormalisationsDifferByTheirFactors) {
  CQT cqt(small_options(CQTAlgorithm::Auto));
  const auto x = noise({500});
  const auto convolutional =
      cqt->transform(x, OutputFormat::Complex, CQTNormalization::Convolutional);
  const auto scale = torch::sqrt(cqt->lengths()).unsqueeze(-1);
  EXPECT_LE(relative_error(cqt->transform(x, OutputFormat::Complex, CQTNormalization::Librosa),
                           convolutional * scale),
            1e-14);
  EXPECT_LE(relative_error(cqt->transform(x, OutputFormat::Complex, CQTNormalization::Wrap),
                           convolutional * 2.0),
            1e-14);
}

TEST(CQTShapes, FmaxSetsTheBinCountAndVQTIsTheCQTWithGamma) {
  CQT by_fmax(CQTOptions(22050).fmin(55).fmax(880.0));
  EXPECT_EQ(by_fmax->n_bins(), 48);  // four octaves at 12 per octave
  const auto x = noise({2000});
  VQT vqt(small_options(CQTAlgorithm::Auto).gamma(15));
  CQT cqt(small_options(CQTAlgorithm::Auto).gamma(15));
  EXPECT_TRUE(torch::equal(vqt(x), cqt(x)));
  // A positive gamma shortens the low filters.
  CQT plain(small_options(CQTAlgorithm::Auto));
  EXPECT_LT(vqt->lengths()[0].item<double>(), plain->lengths()[0].item<double>());
}

TEST(CQTShapes, NNAudioFilterLengthsAreWhole) {
  CQT librosa(small_options(CQTAlgorithm::Auto));
  CQT nnaudio(small_options(CQTAlgorithm::Auto).filter_lengths(FilterLengths::NNAudio));
  const auto lengths = nnaudio->lengths();
  // nnAudio's create_cqt_kernels: Q = filter_scale / (2^(1/B) - 1), l_k = ceil(Q sr / f_k).
  const double q = 1.0 / (std::pow(2.0, 1.0 / 12) - 1);
  const auto freqs = 100 * torch::pow(2.0, torch::arange(24, torch::kFloat64) / 12);
  EXPECT_TRUE(torch::equal(lengths, torch::ceil(q * 2000 / freqs))) << lengths;
  // Q = 1 / (2^(1/12) - 1) = 16.8 against librosa's 17.3.
  EXPECT_LT(lengths[0].item<double>(), librosa->lengths()[0].item<double>() + 1);
  EXPECT_TRUE(torch::isfinite(nnaudio(noise({500}))).all().item<bool>());
}

TEST(CQTInputs, ShortInputsWorkWithConstantPaddingAndFailClearlyOtherwise) {
  for (auto algorithm : kAlgorithms) {
    SCOPED_TRACE(to_string(algorithm));
    CQT cqt(small_options(algorithm));
    EXPECT_EQ(cqt->min_input_length(), 1);
    EXPECT_EQ(cqt(noise({5})).size(-1), 1);
    CQT reflect(small_options(algorithm).pad_mode(PadMode::Reflect));
    const int64_t minimum = reflect->min_input_length();
    EXPECT_GT(minimum, 1);
    EXPECT_NO_THROW(reflect(noise({minimum})));
    expect_error([&] { reflect(noise({minimum - 1})); },
                 {"input has " + std::to_string(minimum - 1) + " samples",
                  "at least " + std::to_string(minimum), "pad_mode=reflect"});
    CQT uncentred(small_options(algorithm).center(false));
    EXPECT_NO_THROW(uncentred(noise({uncentred->min_input_length()})));
    expect_error([&] { uncentred(noise({uncentred->min_input_length() - 1})); },
                 {"center=false", "at least"});
  }
}

TEST(CQTInputs, NanStaysWithinTheFiltersReach) {
  // One NaN sample at 0.25 s in 2 s at 8 kHz, 4 octaves from 50 Hz: the lowest filter spans
  // 2,690 samples and each halving's low-pass 389 taps at its rate, so every frame from 1 s on is
  // out of reach and must equal the output with that sample at 0; the frames around it are NaN.
  auto x = noise({16000});
  auto zeroed = x.clone();
  zeroed[2000] = 0.0;
  x[2000] = std::nan("");
  for (auto algorithm : kAlgorithms) {
    for (double gamma : {0.0, 20.0}) {
      SCOPED_TRACE(to_string(algorithm) + " gamma " + std::to_string(gamma));
      CQT cqt(
          CQTOptions(8000).fmin(50).n_bins(48).hop_length(64).gamma(gamma).algorithm(algorithm));
      const auto out = torch::view_as_real(cqt(x));
      const auto reference = torch::view_as_real(cqt(zeroed));
      EXPECT_TRUE(torch::isnan(out.narrow(1, 2000 / 64, 1)).any().item<bool>());
      const auto far = out.narrow(1, 125, out.size(1) - 125);
      ASSERT_TRUE(torch::isfinite(far).all().item<bool>());
      EXPECT_LE(relative_error(far, reference.narrow(1, 125, out.size(1) - 125)), 1e-10);
    }
  }
}

TEST(CQTInputs, AnyHopLengthWorks) {
  // librosa stops halving once the hop turns odd; every hop gives the same frame centres.
  const auto x = noise({1000});
  for (int64_t hop : {1, 7, 12, 100}) {
    CQT multirate(small_options(CQTAlgorithm::CQT2010).hop_length(hop).sparsity(0));
    CQT direct(small_options(CQTAlgorithm::CQT1992v2).hop_length(hop));
    const auto a = multirate(x);
    const auto b = direct(x);
    ASSERT_EQ(a.sizes(), b.sizes()) << hop;
    EXPECT_LE(relative_error(a, b), 2e-2) << hop;
    const double row = max_row_error(a, b);
    // Worst bin measured 9.4e-5 (hops 1, 7) to 0.019 (hop 100).
    EXPECT_LE(row, 0.04) << hop;
  }
}

// ---------------------------------------------------------------------------------------------
// Module plumbing.

TEST(CQTModule, CloneIsEqualAndIndependent) {
  const auto x = noise({2, 300});
  for (const bool trainable : {false, true}) {
    CQT original(small_options(CQTAlgorithm::Auto).trainable(trainable));
    const auto expected = original(x).detach();
    auto copy = std::dynamic_pointer_cast<CQTImpl>(original->clone());
    ASSERT_TRUE(copy);
    EXPECT_TRUE(torch::equal(copy->forward(x), expected));
    {
      torch::NoGradGuard no_grad;
      copy->stages().front().kernel_real.mul_(2.0);
    }
    EXPECT_FALSE(torch::equal(copy->forward(x), expected));
    EXPECT_TRUE(torch::equal(original(x), expected));
  }
}

TEST(CQTModule, SaveAndLoadRestoreTheState) {
  for (const bool trainable : {false, true}) {
    const auto options = small_options(CQTAlgorithm::Auto).trainable(trainable);
    expect_save_load_round_trip(
        CQT(options), CQT(options),
        [](CQT& module) { module->stages().front().kernel_imag.mul_(0.5); }, noise({300}));
  }
}

TEST(CQTModule, PrettyPrintNamesTheOptionsAndTheVariantsFixTheAlgorithm) {
  std::ostringstream text;
  text << *CQT1992v2(CQTOptions(16000).n_bins(36).gamma(5));
  for (const char* expected :
       {"nnaudio::CQT(", "sr=16000", "n_bins=36", "algorithm=1992v2", "gamma=5"}) {
    EXPECT_NE(text.str().find(expected), std::string::npos) << text.str();
  }
  EXPECT_EQ(CQT1992(CQTOptions())->algorithm(), CQTAlgorithm::CQT1992);
  EXPECT_EQ(CQT2010(CQTOptions())->algorithm(), CQTAlgorithm::CQT2010);
  EXPECT_EQ(CQT2010v2(CQTOptions())->algorithm(), CQTAlgorithm::CQT2010v2);
  EXPECT_EQ(CQT(CQTOptions())->algorithm(), CQTAlgorithm::CQT2010);
  EXPECT_EQ(parse_cqt_algorithm("cqt2010v2"), CQTAlgorithm::CQT2010v2);
  EXPECT_EQ(parse_cqt_normalization("wrap"), CQTNormalization::Wrap);
  EXPECT_EQ(WaveletNorm::parse("inf"), WaveletNorm::max());
}

// ---------------------------------------------------------------------------------------------
// The inverse.

// Tones inside the well-sampled range (between fmin and the top bin, hop below half the
// shortest filter) with smooth onsets.
TEST(ICQT, RoundTripReconstructsTheSignal) {
  const double sr = 8000;
  const int64_t length = 3000;
  const auto t = torch::arange(length, torch::kFloat64) / sr;
  const auto envelope = torch::hann_window(length, /*periodic=*/false, torch::kFloat64);
  const auto x = envelope * (torch::sin(2 * M_PI * 220 * t) + 0.5 * torch::sin(2 * M_PI * 470 * t) +
                             0.3 * torch::cos(2 * M_PI * 930 * t));
  for (auto algorithm : {CQTAlgorithm::CQT2010, CQTAlgorithm::CQT1992v2}) {
    const auto options = ICQTOptions(sr).fmin(110).n_bins(48).hop_length(32).algorithm(algorithm);
    ICQT icqt(ICQTOptions(options).n_iter(30));
    CQT cqt(forward_options(options));
    const auto y = icqt(cqt(x), length);
    ASSERT_EQ(y.sizes(), x.sizes());
    const double snr =
        10 * std::log10(x.pow(2).sum().item<double>() / (y - x).pow(2).sum().item<double>());
    std::cout << "[ reference ] iCQT round trip " << to_string(algorithm) << ": SNR " << snr
              << " dB\n";
    EXPECT_GT(snr, 30) << to_string(algorithm);
  }
}

TEST(ICQT, IsDifferentiableAndBatched) {
  const auto options = ICQTOptions(2000).fmin(100).n_bins(24).hop_length(16).n_iter(2);
  ICQT icqt(options);
  CQT cqt(forward_options(options));
  // The (..., 2) real layout: the central differences perturb real numbers.
  const auto spectrum = torch::view_as_real(cqt(noise({1, 48}))).detach().requires_grad_();
  const double error =
      max_gradient_error([&](const auto& in) { return icqt(in[0], 48); }, {spectrum});
  EXPECT_LE(error, 1e-6);
  const auto spectra = cqt(noise({3, 120}));
  const auto batch = icqt(spectra, 120);
  for (int64_t item = 0; item < 3; ++item) {
    EXPECT_LE(relative_error(batch[item], icqt(spectra[item], 120)), 1e-10) << item;
  }
  EXPECT_LE(relative_error(icqt(torch::view_as_real(spectra), 120), batch), 1e-14);
}

// ---------------------------------------------------------------------------------------------
// Devices.

class CQTDevices : public ::testing::TestWithParam<std::string> {};

TEST_P(CQTDevices, EveryAlgorithmMatchesTheCpu) {
  NNAUDIO_REQUIRE_DEVICE(GetParam());
  const auto device = torch::Device(GetParam());
  const auto x = noise({2, 1000});
  for (auto algorithm : kAlgorithms) {
    CQT cqt(small_options(algorithm));
    const auto expected = cqt(x);
    cqt->to(device);
    EXPECT_LE(relative_error(cqt(x.to(device)).cpu(), expected), 1e-10) << to_string(algorithm);
  }
}

INSTANTIATE_TEST_SUITE_P(Devices, CQTDevices, ::testing::ValuesIn(device_names()),
                         device_test_name);

// ---------------------------------------------------------------------------------------------
// Invalid options and inputs.

TEST(CQTErrors, InvalidOptionsAreRefused) {
  const auto o = CQTOptions(22050);
  const std::vector<std::pair<CQTOptions, std::vector<std::string>>> cases = {
      {CQTOptions(o).fmin(0), {"fmin=0", "> 0"}},
      {CQTOptions(o).fmin(-5), {"fmin=-5"}},
      {CQTOptions(o).fmin(std::nan("")), {"fmin=nan"}},
      {CQTOptions(o).fmax(20.0), {"fmax=20", "fmin="}},
      {CQTOptions(o).n_bins(0), {"n_bins=0"}},
      {CQTOptions(o).n_bins(120), {"Nyquist", "11025"}},
      {CQTOptions(o).bins_per_octave(0), {"bins_per_octave=0"}},
      {CQTOptions(o).bins_per_octave(-12), {"bins_per_octave=-12"}},
      {CQTOptions(o).filter_scale(0), {"filter_scale=0"}},
      {CQTOptions(o).gamma(-1), {"gamma=-1"}},
      {CQTOptions(o).hop_length(0), {"hop_length=0"}},
      {CQTOptions(o).sr(0), {"sr=0"}},
      {CQTOptions(o).sparsity(1), {"sparsity=1", "[0, 1)"}},
      {CQTOptions(o).sparsity(-0.1), {"sparsity=-0.1"}},
      {CQTOptions(o).window(Window::custom(torch::ones({16}))), {"window", "custom"}},
      {CQTOptions(o).window(Window::tukey(2)), {"alpha=2"}},
      {CQTOptions(o).max_kernel_bytes(0), {"max_kernel_bytes=0"}},
      {CQTOptions(44100).fmin(1).algorithm(CQTAlgorithm::CQT1992v2),
       {"MiB", "max_kernel_bytes = 1024 MiB", "raise fmin"}},
  };
  for (const auto& [options, fragments] : cases) {
    SCOPED_TRACE(fragments.front());
    expect_error([&] { CQT cqt(options); }, fragments);
  }
  expect_error([] { parse_cqt_algorithm("1993"); }, {"algorithm='1993'", "2010v2"});
  expect_error([] { parse_cqt_normalization("l2"); }, {"normalization_type='l2'", "wrap"});
  expect_error([] { WaveletNorm::parse("3"); }, {"norm='3'", "inf"});
  expect_error([] { ICQT icqt(ICQTOptions().n_iter(0)); }, {"n_iter=0"});
}

TEST(CQTErrors, InvalidInputsAreRefused) {
  CQT cqt(small_options(CQTAlgorithm::Auto));
  expect_error([&] { cqt(torch::ones({100}, torch::kInt32)); }, {"CQT", "floating-point"});
  expect_error([&] { cqt(torch::ones({100}, torch::kComplexFloat)); }, {"CQT", "real"});
  expect_error([&] { cqt(torch::tensor(1.0)); }, {"CQT", "(..., time)"});
  expect_error([&] { cqt(torch::ones({2, 0})); }, {"CQT", "0 samples"});
  ICQT icqt(ICQTOptions(2000).fmin(100).n_bins(24).hop_length(16));
  expect_error(
      [&] {
        icqt(torch::ones({30, 10}, torch::kComplexDouble));
      },
      {"iCQT", "30 bins", "n_bins=24"});
  // 0 or 1 frames without a length would be a signal of no samples.
  for (int64_t frames : {0, 1}) {
    expect_error(
        [&] {
          icqt(torch::ones({24, frames}, torch::kComplexDouble));
        },
        {"iCQT", std::to_string(frames) + " frame(s)", "length"});
  }
  EXPECT_EQ(icqt(torch::ones({24, 1}, torch::kComplexDouble), 40).size(-1), 40);
}

}  // namespace
}  // namespace nnaudio::test
