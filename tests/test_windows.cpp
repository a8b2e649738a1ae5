// Windows against scipy.signal.get_window(..., fftbins=True); parsing and printing of window
// choices; custom windows; librosa's pad_center convention for windows shorter than n_fft.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <functional>
#include <string>
#include <vector>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

TEST(Windows, MatchScipyPeriodicWindows) {
  const std::vector<std::pair<std::string, Window>> cases = {
      {"hann", Window::hann()},          {"hamming", Window::hamming()},
      {"blackman", Window::blackman()},  {"blackmanharris", Window::blackmanharris()},
      {"bartlett", Window::bartlett()},  {"boxcar", Window::boxcar()},
      {"kaiser_14", Window::kaiser(14)}, {"gaussian_64", Window::gaussian(64)},
      {"tukey_0.5", Window::tukey(0.5)},
  };
  for (const auto& [name, window] : cases) {
    for (int64_t length : {512, 401}) {
      SCOPED_TRACE(name + " " + std::to_string(length));
      const auto expected = load_fixture("windows/" + name + "_" + std::to_string(length) + ".npy");
      EXPECT_LE(relative_error(kernels::get_window(window, length), expected), 1e-12);
    }
  }
}

#define EXPECT_MENTIONS(message, fragment) \
  EXPECT_NE((message).find(fragment), std::string::npos) << (message)

TEST(Windows, ParseRoundTripsWithToString) {
  const std::vector<std::pair<std::string, Window>> cases = {
      {"hann", Window::hann()},
      {"hamming", Window::hamming()},
      {"blackman", Window::blackman()},
      {"blackmanharris", Window::blackmanharris()},
      {"bartlett", Window::bartlett()},
      {"boxcar", Window::boxcar()},
      {"kaiser:14", Window::kaiser(14)},
      {"kaiser:0", Window::kaiser(0)},
      {"gaussian:64", Window::gaussian(64)},
      {"gaussian:0.25", Window::gaussian(0.25)},
      {"tukey:0.5", Window::tukey(0.5)},
      {"tukey:0", Window::tukey(0)},
      {"tukey:1", Window::tukey(1)},
      {"triang", Window::triang()},
      {"cosine", Window::cosine()},
      {"flattop", Window::flattop()},
      {"nuttall", Window::nuttall()},
      {"parzen", Window::parzen()},
      {"bohman", Window::bohman()},
      {"barthann", Window::barthann()},
      {"lanczos", Window::lanczos()},
      {"tukey:0.5", Window::tukey()},
      {"general_hamming:0.7", Window::general_hamming(0.7)},
      {"exponential:1", Window::exponential()},
      {"exponential:2.5", Window::exponential(2.5)},
      {"chebwin:100", Window::chebwin(100)},
      {"chebwin:-60", Window::chebwin(-60)},
      {"dpss:3", Window::dpss(3)},
  };
  for (const auto& [text, window] : cases) {
    SCOPED_TRACE(text);
    EXPECT_EQ(window.to_string(), text);
    const auto parsed = Window::parse(text);
    EXPECT_TRUE(parsed == window);
    EXPECT_EQ(parsed.type(), window.type());
    EXPECT_EQ(parsed.parameter(), window.parameter());
    EXPECT_EQ(parsed.to_string(), text);
  }
  EXPECT_TRUE(Window() == Window::hann());
  EXPECT_FALSE(Window::kaiser(14) == Window::kaiser(12));
  EXPECT_FALSE(Window::hann() == Window::hamming());
  // Parameters that need more than six significant digits survive the round trip too, so that
  // a printed module (pretty_print, the command line) can be rebuilt exactly.
  for (const auto& window :
       {Window::kaiser(1.0 / 3.0), Window::gaussian(123.456789012), Window::tukey(0.1 + 0.2)}) {
    SCOPED_TRACE(window.to_string());
    EXPECT_TRUE(Window::parse(window.to_string()) == window);
  }
}

TEST(Windows, ParseRejectsMalformedText) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"foo", {"window='foo'", "not supported", "hann", "kaiser:<beta>"}},
      {"", {"window=''", "not supported"}},
      {"Hann", {"window='Hann'"}},
      {"kaiser", {"window='kaiser'", "needs a parameter"}},
      {"gaussian", {"window='gaussian'", "needs a parameter"}},
      {"hann:2", {"window='hann:2'", "takes no parameter"}},
      {"boxcar:", {"window='boxcar:'", "takes no parameter"}},
      {"kaiser:abc", {"window='kaiser:abc'", "'abc' is not a number"}},
      {"kaiser:14x", {"'14x' is not a number"}},
      {"kaiser:", {"'' is not a number"}},
      {"tukey:0.5:1", {"'0.5:1' is not a number"}},
      {"kaiser:-1", {"beta=-1"}},
      {"kaiser:inf", {"beta=inf"}},
      {"gaussian:0", {"std=0"}},
      {"gaussian:nan", {"std=nan"}},
      {"gaussian:-1e-7", {"std=-1e-07"}},  // the value as given, not rounded to -0.000000
      {"tukey:1.5", {"alpha=1.5"}},
      {"tukey:-0.25", {"alpha=-0.25"}},
  };
  for (const auto& [text, fragments] : cases) {
    SCOPED_TRACE("'" + text + "'");
    const auto message = invalid_argument_message([&] { Window::parse(text); });
    for (const auto& fragment : fragments) EXPECT_MENTIONS(message, fragment);
  }
}

TEST(Windows, CustomWindowIsUsedAsGiven) {
  torch::manual_seed(3);
  auto values = torch::rand({100}, torch::kFloat64);
  const auto original = values.clone();
  const auto window = Window::custom(values);
  values.zero_();  // the window keeps its own copy
  EXPECT_EQ(window.type(), Window::Type::Custom);
  EXPECT_EQ(window.to_string(), "custom(100)");
  EXPECT_TRUE(torch::equal(kernels::get_window(window, 100), original));
  // float32 values are widened exactly.
  const auto single = original.to(torch::kFloat32);
  EXPECT_TRUE(
      torch::equal(kernels::get_window(Window::custom(single), 100), single.to(torch::kFloat64)));

  // In an STFT: the module's window is the given one, and the output is that of the functional
  // STFT with these values centred in n_fft.
  const auto x = torch::randn({3000}, torch::kFloat64);
  for (auto backend : {Backend::FFT, Backend::Conv}) {
    SCOPED_TRACE(to_string(backend));
    STFT stft(STFTOptions(256).win_length(100).hop_length(50).window(window).backend(backend));
    EXPECT_TRUE(torch::equal(stft->window, original));
    const auto expected =
        functional::stft(x, original, functional::STFTFuncOptions(256).hop_length(50));
    // Same values, same FFT on the FFT backend; the Conv backend's kernels are exact DFT rows,
    // so it agrees to float64 round-off of a 256-term sum.
    EXPECT_LE(relative_error(stft(x), expected), 1e-13);
  }
}

TEST(Windows, CustomWindowLengthIsChecked) {
  const auto window = Window::custom(torch::ones({100}, torch::kFloat64));
  EXPECT_MENTIONS(invalid_argument_message([&] { kernels::get_window(window, 101); }),
                  "win_length=101");
  // win_length defaults to n_fft = 256, which the 100 values do not fill.
  EXPECT_MENTIONS(invalid_argument_message([&] { STFT stft(STFTOptions(256).window(window)); }),
                  "100 samples but win_length=256");
  EXPECT_MENTIONS(invalid_argument_message(
                      [&] { ISTFT istft(ISTFTOptions(256).win_length(99).window(window)); }),
                  "win_length=99");
  EXPECT_NO_THROW(STFT(STFTOptions(256).win_length(100).window(window)));

  EXPECT_MENTIONS(invalid_argument_message([] { Window::custom(torch::Tensor()); }), "1-D");
  EXPECT_MENTIONS(invalid_argument_message([] { Window::custom(torch::ones({2, 8})); }), "1-D");
  EXPECT_MENTIONS(invalid_argument_message([] { Window::custom(torch::ones({0})); }), "non-empty");
  EXPECT_MENTIONS(invalid_argument_message([] { Window::custom(torch::ones({8}, torch::kInt64)); }),
                  "Long");
  EXPECT_MENTIONS(
      invalid_argument_message([] { Window::custom(torch::ones({8}, torch::kComplexDouble)); }),
      "ComplexDouble");
}

TEST(Windows, PadCenterCentresLikeLibrosa) {
  const auto four = torch::arange(1, 5, torch::kFloat64);
  const auto three = torch::arange(1, 4, torch::kFloat64);
  // librosa.util.pad_center puts (size - n) // 2 zeros on the left, the rest on the right.
  EXPECT_TRUE(torch::equal(kernels::pad_center(four, 8),
                           torch::tensor({0., 0., 1., 2., 3., 4., 0., 0.}, torch::kFloat64)));
  EXPECT_TRUE(torch::equal(kernels::pad_center(three, 8),
                           torch::tensor({0., 0., 1., 2., 3., 0., 0., 0.}, torch::kFloat64)));
  EXPECT_TRUE(torch::equal(kernels::pad_center(four, 7),
                           torch::tensor({0., 1., 2., 3., 4., 0., 0.}, torch::kFloat64)));
  EXPECT_TRUE(torch::equal(kernels::pad_center(three, 4),
                           torch::tensor({1., 2., 3., 0.}, torch::kFloat64)));
  EXPECT_TRUE(torch::equal(kernels::pad_center(four, 4), four));
  const auto message = invalid_argument_message([&] { kernels::pad_center(four, 3); });
  EXPECT_MENTIONS(message, "length 4");
  EXPECT_MENTIONS(message, "target size 3");
}

TEST(Windows, PadCenterIsDifferentiable) {
  auto values = torch::rand({5}, torch::kFloat64).requires_grad_(true);
  const auto weights = torch::randn({12}, torch::kFloat64);
  (kernels::pad_center(values, 12) * weights).sum().backward();
  // The gradient is the slice of the weights where the values landed: (12 - 5) // 2 = 3.
  EXPECT_TRUE(torch::equal(values.grad(), weights.narrow(0, 3, 5)));
  const double error = max_gradient_error(
      [](const std::vector<torch::Tensor>& in) { return kernels::pad_center(in[0], 12); },
      {torch::rand({5}, torch::kFloat64).requires_grad_(true)});
  EXPECT_LE(error, 1e-8);  // a linear map: central differences are exact up to round-off
}

TEST(Windows, ShortWindowEqualsZeroPaddedWindowInStft) {
  torch::manual_seed(5);
  const auto x = torch::randn({2, 4000}, torch::kFloat64);
  struct Case {
    int64_t n_fft, win_length;
    Window window;
  };
  // Even and odd differences n_fft - win_length, and an odd n_fft.
  for (const auto& c : {Case{512, 300, Window::hann()}, Case{512, 301, Window::hamming()},
                        Case{511, 300, Window::kaiser(8)}, Case{64, 1, Window::boxcar()}}) {
    for (auto backend : {Backend::FFT, Backend::Conv}) {
      SCOPED_TRACE(std::to_string(c.n_fft) + "/" + std::to_string(c.win_length) + " " +
                   to_string(backend));
      // The hop is set: its default (win_length / 4) differs between the two modules.
      STFT shorter(STFTOptions(c.n_fft)
                       .win_length(c.win_length)
                       .window(c.window)
                       .hop_length(100)
                       .backend(backend));
      const auto padded = kernels::pad_center(kernels::get_window(c.window, c.win_length), c.n_fft);
      STFT full(
          STFTOptions(c.n_fft).window(Window::custom(padded)).hop_length(100).backend(backend));
      // The same numbers go through the same arithmetic: equal up to the last bit or so.
      EXPECT_LE(relative_error(shorter(x), full(x)), 1e-15);
    }
  }
}

}  // namespace
}  // namespace nnaudio::test
