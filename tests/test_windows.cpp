// Windows against scipy.signal.get_window(..., fftbins=True).

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

TEST(Windows, MatchScipyPeriodicWindows) {
  const std::vector<std::pair<std::string, Window>> cases = {
      {"hann", Window::hann()},
      {"hamming", Window::hamming()},
      {"blackman", Window::blackman()},
      {"blackmanharris", Window::blackmanharris()},
      {"bartlett", Window::bartlett()},
      {"boxcar", Window::boxcar()},
      {"kaiser_14", Window::kaiser(14)},
      {"gaussian_64", Window::gaussian(64)},
      {"tukey_0.5", Window::tukey(0.5)},
  };
  for (const auto& [name, window] : cases) {
    for (int64_t length : {512, 401}) {
      SCOPED_TRACE(name + " " + std::to_string(length));
      const auto expected =
          load_fixture("windows/" + name + "_" + std::to_string(length) + ".npy");
      EXPECT_LE(relative_error(kernels::get_window(window, length), expected), 1e-12);
    }
  }
}

}  // namespace
}  // namespace nnaudio::test
