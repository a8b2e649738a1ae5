// The window names scipy.signal.get_window accepts: the windows added with them against scipy's
// values (tests/data/generate_window_fixtures.py), every alias against its canonical name, the
// optional parameters' defaults, and the messages for names and parameters that are refused.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <functional>
#include <string>
#include <vector>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

// The largest |difference| between a window and scipy's (both peak at about 1).
double max_error(const std::string& text, int64_t length, const std::string& fixture) {
  const auto expected = load_fixture("windows/" + fixture + "_" + std::to_string(length) + ".npy");
  const auto actual = kernels::get_window(Window::parse(text), length);
  EXPECT_EQ(actual.sizes(), expected.sizes());
  return (actual - expected).abs().max().item<double>();
}

// Measured against scipy 1.10.1 (lengths 7, 64, 400): the closed forms agree to a few units of
// round-off. chebwin (6e-13 at 400 points) and dpss (4e-13) differ by their own round-off, which
// grows with the length: against a 40-digit computation scipy's chebwin is off by 8e-13 (its
// spectrum samples reach 10^(at/20) and cancel to O(1)), and scipy's dpss by 3.9e-13 (the top
// eigenvalue gap of Slepian's matrix is 1e-4 of its norm); this library's by no more.
TEST(WindowNames, NewWindowsMatchScipy) {
  struct Case {
    std::string text, fixture;
    double tolerance;
  };
  const std::vector<Case> cases = {
      {"triang", "triang", 1e-15},
      {"cosine", "cosine", 1e-15},
      {"flattop", "flattop", 1e-15},
      {"nuttall", "nuttall", 1e-15},
      {"parzen", "parzen", 1e-15},
      {"bohman", "bohman", 1e-15},
      {"barthann", "barthann", 1e-15},
      {"lanczos", "lanczos", 1e-15},
      {"tukey", "tukey_default", 1e-15},
      {"general_hamming:0.7", "general_hamming_0.7", 1e-15},
      {"exponential", "exponential_default", 1e-15},
      {"exponential:20", "exponential_20", 1e-15},
      {"chebwin:100", "chebwin_100", 2e-12},
      {"chebwin:50", "chebwin_50", 2e-12},
      {"dpss:3", "dpss_3", 2e-12},
      {"dpss:1.5", "dpss_1.5", 2e-12},
  };
  for (const auto& [text, fixture, tolerance] : cases) {
    for (int64_t length : {7, 64, 400}) {
      SCOPED_TRACE(text + " " + std::to_string(length));
      EXPECT_LE(max_error(text, length, fixture), tolerance);
    }
  }
}

// scipy 1.10's _win_equiv_raw, for the windows built here.
TEST(WindowNames, EveryScipyAliasGivesItsCanonicalWindow) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> aliases = {
      {"hann", {"han"}},
      {"hamming", {"hamm", "ham"}},
      {"blackman", {"black", "blk"}},
      {"blackmanharris", {"blackharr", "bkh"}},
      {"bartlett", {"bart", "brt"}},
      {"boxcar", {"box", "ones", "rect", "rectangular"}},
      {"triang", {"triangle", "tri"}},
      {"cosine", {"halfcosine"}},
      {"flattop", {"flat", "flt"}},
      {"nuttall", {"nutl", "nut"}},
      {"parzen", {"parz", "par"}},
      {"bohman", {"bman", "bmn"}},
      {"barthann", {"brthan", "bth"}},
      {"lanczos", {"sinc"}},
      {"kaiser:14", {"ksr:14"}},
      {"gaussian:7", {"gauss:7", "gss:7"}},
      {"tukey:0.25", {"tuk:0.25"}},
      {"tukey:0.5", {"tukey", "tuk"}},
      {"general_hamming:0.7", {"general hamming:0.7"}},
      {"exponential:3", {"poisson:3"}},
      {"exponential:1", {"exponential", "poisson"}},
      {"chebwin:80", {"cheb:80"}},
  };
  for (const auto& [canonical, names] : aliases) {
    const auto expected = kernels::get_window(Window::parse(canonical), 64);
    for (const auto& name : names) {
      SCOPED_TRACE(name + " -> " + canonical);
      const auto window = Window::parse(name);
      EXPECT_TRUE(window == Window::parse(canonical));
      EXPECT_EQ(window.to_string(), canonical);
      EXPECT_TRUE(torch::equal(kernels::get_window(window, 64), expected));
    }
  }
}

TEST(WindowNames, GeneralHammingCoversHannAndHamming) {
  for (const auto& [alpha, window] : {std::pair{0.5, Window::hann()}, {0.54, Window::hamming()}}) {
    SCOPED_TRACE(window.to_string());
    const auto difference =
        kernels::get_window(Window::general_hamming(alpha), 400) - kernels::get_window(window, 400);
    EXPECT_LE(difference.abs().max().item<double>(), 1e-15);
  }
}

// scipy's chebwin uses |at|.
TEST(WindowNames, ChebwinUsesTheAttenuationsMagnitude) {
  EXPECT_TRUE(torch::equal(kernels::get_window(Window::chebwin(-80), 101),
                           kernels::get_window(Window::chebwin(80), 101)));
}

// Lengths 1 (scipy: [1]) to 12, and a long one: finite, peak <= 1 (dpss's even-length scaling
// leaves it just below; flattop's coefficients, scipy's, sum to 1.000000003).
TEST(WindowNames, EveryWindowIsFiniteAtEveryLength) {
  const std::vector<std::string> names = {
      "triang",      "cosine",      "flattop",  "nuttall", "parzen",
      "bohman",      "barthann",    "lanczos",  "tukey",   "general_hamming:0.6",
      "exponential", "chebwin:100", "dpss:0.4", "hann",    "kaiser:8"};
  for (const auto& name : names) {
    for (int64_t length : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 4096}) {
      SCOPED_TRACE(name + " " + std::to_string(length));
      const auto w = kernels::get_window(Window::parse(name), length);
      ASSERT_EQ(w.numel(), length);
      EXPECT_TRUE(torch::isfinite(w).all().item<bool>());
      EXPECT_LE(w.max().item<double>(), name == "flattop" ? 1.000000003 + 1e-15 : 1.0 + 1e-15);
      if (length == 1) EXPECT_EQ(w.item<double>(), 1.0);
    }
  }
}

TEST(WindowNames, RefusedNamesAndParametersSayWhatIsAllowed) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"foo",
       {"window='foo' is not supported; allowed: hann (han), hamming (hamm, ham)",
        "boxcar (box, ones, rect, rectangular)", "kaiser:<beta> (ksr)", "tukey[:<alpha>] (tuk)",
        "general_hamming:<alpha> (general hamming)", "exponential[:<tau>] (poisson)",
        "chebwin:<at> (cheb)", "dpss:<NW>", "or a custom tensor"}},
      {"hanning", {"window='hanning' is not supported (scipy's get_window calls it 'hann')"}},
      {"taylor", {"scipy's 'taylor' window is not built here", "allowed: hann"}},
      {"general_gaussian:2", {"scipy's 'general_gaussian' window is not built here"}},
      {"kbd:3", {"only as a symmetric window"}},
      {"Triang", {"window='Triang' is not supported"}},
      {"ksr", {"window='ksr': kaiser needs a parameter beta, e.g. 'ksr:8'"}},
      {"dpss", {"dpss needs a parameter NW"}},
      {"chebwin", {"chebwin needs a parameter at"}},
      {"general hamming", {"general_hamming needs a parameter alpha"}},
      {"triang:3", {"window='triang:3': triang takes no parameter"}},
      {"ones:1", {"boxcar takes no parameter"}},
      {"tukey:", {"'' is not a number"}},
      {"exponential:x", {"'x' is not a number"}},
      {"exponential:0", {"window exponential tau=0 must be finite and > 0"}},
      {"poisson:-2", {"tau=-2 must be finite and > 0"}},
      {"dpss:0", {"window dpss NW=0 must be finite and > 0"}},
      {"dpss:inf", {"NW=inf"}},
      {"chebwin:nan", {"window chebwin at=nan must be finite, |at| <= 6000 dB"}},
      {"chebwin:1e4", {"at=10000"}},
      {"general_hamming:inf", {"window general_hamming alpha=inf must be finite"}},
      {"tuk:2", {"window tukey alpha=2 must be in [0, 1]"}},
  };
  for (const auto& [text, fragments] : cases) {
    SCOPED_TRACE("'" + text + "'");
    const auto message = invalid_argument_message([&] { Window::parse(text); });
    for (const auto& fragment : fragments) {
      EXPECT_NE(message.find(fragment), std::string::npos) << message;
    }
  }
}

// scipy: NW must be less than M/2 (the length asked for), checked after the length-1 guard.
TEST(WindowNames, DpssBandwidthIsCheckedAgainstTheLength) {
  const auto message = invalid_argument_message([] { kernels::get_window(Window::dpss(4), 8); });
  EXPECT_NE(message.find("window dpss NW=4 must be less than the window length / 2 = 4"),
            std::string::npos)
      << message;
  EXPECT_EQ(kernels::get_window(Window::dpss(4), 9).numel(), 9);
  EXPECT_EQ(kernels::get_window(Window::dpss(4), 1).item<double>(), 1.0);
}

}  // namespace
}  // namespace nnaudio::test
