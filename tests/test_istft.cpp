// iSTFT: iSTFT(STFT(x)) reconstructs x (the analytic property of overlap-add with
// window-sum-square normalisation), on both backends, for RealImag and two-sided spectra; and
// the output length rules.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <optional>
#include <string>
#include <vector>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

// Tolerance of every float64 reconstruction: the round trip is an FFT, its inverse and a
// division by the summed squared window (>= 0.06 wherever it is compared, see covered()),
// so round-off stays near 1e-15 (measured: 2e-16 FFT, 6e-16 Conv); 1e-10 leaves room for other FFT
// libraries (cuFFT) while still catching any framing, windowing or normalisation error (those give
// errors >= 1e-3).
constexpr double kFloat64Tolerance = 1e-10;

struct RoundTrip {
  std::string name;
  int64_t n_fft;
  std::optional<int64_t> win_length;
  int64_t hop;
  Window window;
};

// COLA settings (Hann at 75 % overlap, Hamming at 50 %, a Hann of 400 samples in 512 at hop
// 100, an odd n_fft) and one that is only NOLA (Blackman at hop 200), which the normalisation
// inverts as well.
std::vector<RoundTrip> round_trips() {
  return {
      {"hann_512_128", 512, std::nullopt, 128, Window::hann()},
      {"hamming_512_256", 512, std::nullopt, 256, Window::hamming()},
      {"hann_400_in_512_100", 512, 400, 100, Window::hann()},
      {"hann_511_127", 511, std::nullopt, 127, Window::hann()},
      {"blackman_512_200", 512, std::nullopt, 200, Window::blackman()},
  };
}

// STFTOptions or ISTFTOptions of a case: the forward and inverse share these fields.
template <typename Options>
Options options_of(const RoundTrip& c, bool center) {
  return Options(c.n_fft)
      .win_length(c.win_length)
      .hop_length(c.hop)
      .window(c.window)
      .center(center);
}

torch::Tensor test_signal(int64_t samples, const std::string& device) {
  torch::manual_seed(11);
  return torch::randn({samples}, torch::kFloat64).to(torch::Device(device));
}

// Samples of `x` that a centred iSTFT reconstructs: all of them. For center=false, the samples
// under every frame that can overlap them, [n_fft - 1, frames * hop): before that the first
// frames' window tapers to 0 and nothing is left to divide by.
torch::Tensor covered(const torch::Tensor& x, int64_t n_fft, int64_t hop, int64_t frames,
                      bool center) {
  if (center) return x;
  const int64_t end = std::min<int64_t>(frames * hop, x.size(-1));
  return x.narrow(-1, n_fft - 1, end - (n_fft - 1));
}

class IstftRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(IstftRoundTrip, ReconstructsTheSignalOnBothBackends) {
  const auto device = GetParam();
  NNAUDIO_REQUIRE_DEVICE(device);
  const int64_t samples = 3001;  // a multiple of none of the hops
  const auto x = test_signal(samples, device);
  for (const auto& c : round_trips()) {
    for (bool center : {true, false}) {
      STFT stft(options_of<STFTOptions>(c, center));
      stft->to(torch::Device(device));
      const auto spectrum = stft(x);
      const int64_t frames = spectrum.size(-1);
      for (auto backend : {Backend::FFT, Backend::Conv}) {
        SCOPED_TRACE(c.name + (center ? " center " : " no-center ") + to_string(backend));
        ISTFT istft(options_of<ISTFTOptions>(c, center).backend(backend));
        istft->to(torch::Device(device));

        const auto with_length = istft(spectrum, samples);
        ASSERT_EQ(with_length.size(-1), samples);
        EXPECT_LE(relative_error(covered(with_length, c.n_fft, c.hop, frames, center),
                                 covered(x, c.n_fft, c.hop, frames, center)),
                  kFloat64Tolerance);

        // Without a length: what the frames cover, less the centring pads.
        const auto natural = istft(spectrum);
        const int64_t span = c.n_fft + c.hop * (frames - 1);
        ASSERT_EQ(natural.size(-1), center ? span - 2 * (c.n_fft / 2) : span);
        const auto prefix = x.narrow(-1, 0, std::min(samples, natural.size(-1)));
        EXPECT_LE(relative_error(covered(natural.narrow(-1, 0, prefix.size(-1)), c.n_fft, c.hop,
                                         frames, center),
                                 covered(prefix, c.n_fft, c.hop, frames, center)),
                  kFloat64Tolerance);
      }
    }
  }
}

TEST_P(IstftRoundTrip, StftInverseAndRealImagInput) {
  const auto device = GetParam();
  NNAUDIO_REQUIRE_DEVICE(device);
  const auto x = test_signal(2500, device);
  for (const auto& c : round_trips()) {
    for (auto backend : {Backend::FFT, Backend::Conv}) {
      SCOPED_TRACE(c.name + " " + to_string(backend));
      STFT complex(options_of<STFTOptions>(c, true).backend(backend));
      STFT real_imag(
          options_of<STFTOptions>(c, true).backend(backend).output_format(OutputFormat::RealImag));
      complex->to(torch::Device(device));
      real_imag->to(torch::Device(device));
      EXPECT_LE(relative_error(complex->inverse(complex(x), 2500), x), kFloat64Tolerance);
      const auto pairs = real_imag(x);
      ASSERT_EQ(pairs.size(-1), 2);
      EXPECT_LE(relative_error(real_imag->inverse(pairs, 2500), x), kFloat64Tolerance);

      ISTFT istft(options_of<ISTFTOptions>(c, true).backend(backend));
      istft->to(torch::Device(device));
      // The (..., 2) layout is the same spectrum as the complex one, so the same output.
      EXPECT_LE(relative_error(istft(pairs, 2500), istft(complex(x), 2500)), 1e-15);
    }
  }
}

// The two-sided spectrum of the frames, built without the library: frame the padded signal,
// window it and take full FFTs. (n_fft, frames).
torch::Tensor two_sided_spectrum(const torch::Tensor& x, const RoundTrip& c) {
  const auto window = kernels::pad_center(
      kernels::get_window(c.window, c.win_length.value_or(c.n_fft)).to(x.device()), c.n_fft);
  const auto padded = torch::constant_pad_nd(x, {c.n_fft / 2, c.n_fft / 2});
  const auto frames = padded.unfold(-1, c.n_fft, c.hop) * window;  // (frames, n_fft)
  return torch::fft::fft(frames, c.n_fft, -1).transpose(0, 1);
}

TEST_P(IstftRoundTrip, AcceptsTwoSidedSpectra) {
  const auto device = GetParam();
  NNAUDIO_REQUIRE_DEVICE(device);
  const auto x = test_signal(2000, device);
  for (const auto& c : round_trips()) {
    const auto full = two_sided_spectrum(x, c);
    ASSERT_EQ(full.size(0), c.n_fft);
    // Its first n_fft/2 + 1 rows are the library's one-sided STFT (checks the construction).
    STFT stft(options_of<STFTOptions>(c, true));
    stft->to(torch::Device(device));
    ASSERT_LE(relative_error(full.narrow(0, 0, c.n_fft / 2 + 1), stft(x)), 1e-13);
    for (auto backend : {Backend::FFT, Backend::Conv}) {
      SCOPED_TRACE(c.name + " " + to_string(backend));
      ISTFT istft(options_of<ISTFTOptions>(c, true).onesided(false).backend(backend));
      istft->to(torch::Device(device));
      EXPECT_LE(relative_error(istft(full, 2000), x), kFloat64Tolerance);
    }
  }
}

TEST_P(IstftRoundTrip, LengthCutsOrZeroPads) {
  const auto device = GetParam();
  NNAUDIO_REQUIRE_DEVICE(device);
  const auto x = test_signal(3000, device);
  STFT stft(STFTOptions(512).hop_length(128));
  stft->to(torch::Device(device));
  const auto spectrum = stft(x);
  for (auto backend : {Backend::FFT, Backend::Conv}) {
    SCOPED_TRACE(to_string(backend));
    ISTFT istft(ISTFTOptions(512).hop_length(128).backend(backend));
    istft->to(torch::Device(device));
    const auto natural = istft(spectrum);
    const int64_t n = natural.size(-1);
    ASSERT_EQ(n, 128 * (spectrum.size(-1) - 1));  // 2944: the last 56 samples need `length`

    const auto cut = istft(spectrum, n - 100);
    ASSERT_EQ(cut.size(-1), n - 100);
    EXPECT_TRUE(torch::equal(cut, natural.narrow(-1, 0, n - 100)));

    // Longer than the natural length: the frames still cover n_fft/2 samples beyond it (up to
    // `reach`), which hold the signal (x is 3000 long); past what the frames cover come zeros.
    const auto extended = istft(spectrum, 3000);
    EXPECT_LE(relative_error(extended, x), kFloat64Tolerance);
    const auto beyond = istft(spectrum, 4000);
    ASSERT_EQ(beyond.size(-1), 4000);
    const int64_t reach = 128 * (spectrum.size(-1) - 1) + 512 / 2;  // last sample any frame covers
    EXPECT_TRUE(torch::equal(beyond.narrow(-1, 0, reach), istft(spectrum, reach)));
    EXPECT_TRUE(beyond.narrow(-1, reach, 4000 - reach).eq(0).all().item<bool>());

    EXPECT_EQ(istft(spectrum, 0).size(-1), 0);

    // options.length is the default; forward's length overrides it.
    ISTFT fixed(ISTFTOptions(512).hop_length(128).length(1000).backend(backend));
    fixed->to(torch::Device(device));
    EXPECT_EQ(fixed(spectrum).size(-1), 1000);
    EXPECT_EQ(fixed(spectrum, 1500).size(-1), 1500);
    EXPECT_TRUE(torch::equal(fixed(spectrum), cut.narrow(-1, 0, 1000)));
  }
}

TEST_P(IstftRoundTrip, KeepsLeadingDimsAndFloat32) {
  const auto device = GetParam();
  NNAUDIO_REQUIRE_DEVICE(device);
  torch::manual_seed(2);
  const auto x = torch::randn({2, 3, 1800}, torch::kFloat64).to(torch::Device(device));
  STFT stft(STFTOptions(256).hop_length(64));
  ISTFT istft(ISTFTOptions(256).hop_length(64));
  stft->to(torch::Device(device));
  istft->to(torch::Device(device));
  const auto y = istft(stft(x), 1800);
  ASSERT_EQ(y.sizes(), x.sizes());
  EXPECT_LE(relative_error(y, x), kFloat64Tolerance);
  const auto y32 = istft(stft(x.to(torch::kFloat32)), 1800);
  EXPECT_EQ(y32.scalar_type(), torch::kFloat32);
  // float32 round-off (6e-8) through an FFT of 256 points and back: a few 1e-7.
  EXPECT_LE(relative_error(y32, x), 1e-6);
}

// A spectrum that is the STFT of no signal (random complex values, the DC and Nyquist bins'
// imaginary parts included): no round trip can check it, so compare with torch::istft, an
// independent implementation of the same least-squares inverse (Griffin & Lim 1984: overlap-add
// of the windowed inverse FFTs over the summed squared windows; irfft's convention for DC and
// Nyquist). Measured 1.6e-16 to 7.3e-16 on both backends, with and without autograd (the CPU
// FFT backend overlap-adds FFTW's frames as they come without it); 1e-12 catches any framing or
// normalisation difference (those are >= 1e-3).
TEST(IstftReference, InconsistentSpectrumMatchesTorchIstft) {
  torch::manual_seed(21);
  for (const auto& c : round_trips()) {
    const auto type = c.window.type();
    if (type != Window::Type::Hann && type != Window::Type::Hamming) continue;
    const int64_t win = c.win_length.value_or(c.n_fft);
    const auto window = type == Window::Type::Hann
                            ? torch::hann_window(win, /*periodic=*/true, torch::kFloat64)
                            : torch::hamming_window(win, /*periodic=*/true, torch::kFloat64);
    const auto spectrum =
        torch::randn({2, c.n_fft / 2 + 1, 40}, torch::TensorOptions(torch::kComplexDouble));
    for (std::optional<int64_t> length : {std::optional<int64_t>{}, std::optional<int64_t>{3001}}) {
      const auto expected = torch::istft(spectrum, c.n_fft, c.hop, win, window, /*center=*/true,
                                         /*normalized=*/false, /*onesided=*/true,
                                         length ? c10::optional<int64_t>(*length) : c10::nullopt);
      for (auto backend : {Backend::FFT, Backend::Conv}) {
        SCOPED_TRACE(c.name + " " + to_string(backend) + (length ? " length" : ""));
        ISTFT istft(options_of<ISTFTOptions>(c, true).backend(backend));
        const auto actual = length ? istft(spectrum, *length) : istft(spectrum);
        ASSERT_EQ(actual.sizes(), expected.sizes());
        EXPECT_LE(relative_error(actual, expected), 1e-12);
        // With autograd the FFT backend keeps its frames (the fused FFTW overlap-add does not).
        const auto tracked = spectrum.clone().requires_grad_();
        const auto differentiable = length ? istft(tracked, *length) : istft(tracked);
        EXPECT_LE(relative_error(differentiable.detach(), expected), 1e-12);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Devices, IstftRoundTrip, ::testing::ValuesIn(device_names()),
                         device_test_name);

}  // namespace
}  // namespace nnaudio::test
