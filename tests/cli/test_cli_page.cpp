// The index.html overview in a real browser: headless Chromium (Debian's `chromium`) loads it
// from disk without errors, draws it, and its pointer read-out shows the array's values.
// Skipped, saying so, where chromium is not installed (scripts/test-debian13.sh's chroots).

#include <gtest/gtest.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "cli_support.h"
#include "figure_support.h"
#include "npy.h"

namespace nnaudio::cli::testing {
namespace {

constexpr int kWavFloat = SF_FORMAT_WAV | SF_FORMAT_FLOAT;

bool have_chromium() {
  return run_command("command -v chromium >/dev/null 2>&1").status == 0;
}

/// Chromium, headless, on a page from disk; stderr (its log, with the page's console
/// messages) into `log`.
CommandResult chromium(const std::string& arguments, const fs::path& log) {
  return run_command(
      "timeout 60 chromium --headless --no-sandbox --disable-gpu "
      "--enable-logging=stderr --v=0 --user-data-dir=" +
      shell_quote((log.parent_path() / "profile").string()) + " " + arguments + " 2>" +
      shell_quote(log.string()));
}

class Page : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    write_audio(*dir_ / "clip.wav", kWavFloat, 22050, {tone(440, 22050, 1.0)});
    status_ = run_nnaudio({"spectrogram", *dir_ / "clip.wav", "-o", *dir_ / "out", "--kind", "all"})
                  .status;
  }
  static void TearDownTestSuite() { delete dir_; }
  void SetUp() override {
    if (!have_chromium()) {
      GTEST_SKIP() << "\n*** chromium is not installed: the overview page is NOT tested in a "
                      "browser here (scripts/install-deps.sh installs it) ***";
    }
    ASSERT_EQ(status_, 0);
  }
  static std::string page_url() { return "file://" + (*dir_ / "out" / "index.html").string(); }
  static inline TempDir* dir_ = nullptr;
  static inline int status_ = -1;
};

TEST_F(Page, ReadOutShowsTheArraysValueUnderAProbedCell) {
  const fs::path log = *dir_ / "dom.log";
  // Column 20, row 45 of the CQT (A4, 440 Hz; grid = array there: 44 frames, 84 bins).
  const auto dom =
      chromium("--dump-dom " + shell_quote(page_url() + "?probe=clip.cqt.png:20:45"), log);
  ASSERT_EQ(dom.status, 0) << read_text(log);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(
      dom.out, match,
      std::regex(
          "<output id=\"readout-clip\\.cqt\\.png\" data-value=\"([^\"]*)\">([^<]*)</output>")))
      << dom.out.substr(0, 2000);
  const Array cqt = read_npy(*dir_ / "out" / "clip.cqt.npy");
  ASSERT_EQ(cqt.shape, (std::vector<int64_t>{84, 44, 2}));
  const std::size_t cell = (45 * 44 + 20) * 2;
  const double expected =
      20 * std::log10(std::hypot(double{cqt.values[cell]}, double{cqt.values[cell + 1]}));
  // 16-bit codes over the colour bar's 80 dB: 0.0012 dB a step, shown to 0.01 dB.
  EXPECT_NEAR(std::stod(match[1]), expected, 0.01);
  EXPECT_EQ(match[2], "t = 0.464 s | 440.0 Hz (A4) | " + std::string(match[1]) + " dB");
  EXPECT_EQ(dom.out.find("data-error"), std::string::npos) << "the page's script failed";
  const std::string messages = read_text(log);
  EXPECT_EQ(messages.find("CONSOLE"), std::string::npos) << messages;
}

TEST_F(Page, ScreenshotShowsTheFigures) {
  const fs::path shot = *dir_ / "shot.png", log = *dir_ / "shot.log";
  const auto result = chromium("--window-size=1200,900 --screenshot=" + shell_quote(shot.string()) +
                                   " " + shell_quote(page_url()),
                               log);
  ASSERT_EQ(result.status, 0) << read_text(log);
  const Png png = read_png(shot);
  ASSERT_EQ(png.width, 1200);
  // Not blank: many colours (the figures' colour maps), much of it not the page's background.
  std::set<uint32_t> colours;
  int64_t painted = 0;
  for (std::size_t i = 0; i < png.rgb.size(); i += 3) {
    colours.insert(png.rgb[i] << 16 | png.rgb[i + 1] << 8 | png.rgb[i + 2]);
    painted += !(png.rgb[i] == 0xfa && png.rgb[i + 1] == 0xfa && png.rgb[i + 2] == 0xfa);
  }
  EXPECT_GT(colours.size(), 200u);
  EXPECT_GT(painted, png.width * png.height / 5);
  const std::string messages = read_text(log);
  EXPECT_EQ(messages.find("CONSOLE"), std::string::npos) << messages;
}

TEST_F(Page, IsSelfContained) {
  const std::string page = read_text(*dir_ / "out" / "index.html");
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  // The player plays the input, relative to the page.
  EXPECT_NE(page.find("<audio controls preload=\"none\" src=\"../clip.wav\">"), std::string::npos);
  for (const char* kind : {"stft", "mel", "cqt", "chroma_cqt", "mfcc", "pcen"}) {
    EXPECT_NE(page.find("<figure data-name=\"clip." + std::string(kind) + ".png\">"),
              std::string::npos)
        << kind;
  }
}

}  // namespace
}  // namespace nnaudio::cli::testing
