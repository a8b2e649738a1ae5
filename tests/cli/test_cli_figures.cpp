// The figures the nnaudio command draws (--format png / svg / all), end to end: labels where
// the array puts the sound, the colour bar's range equal to the array's, the documented sizes.

#include <gtest/gtest.h>
#include <sndfile.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <map>

#include "cli_support.h"
#include "figure_support.h"
#include "npy.h"

namespace nnaudio::cli::testing {
namespace {

constexpr int kWavFloat = SF_FORMAT_WAV | SF_FORMAT_FLOAT;

/// 20 log10 |X| of a (rows, frames, 2) complex array, row-major.
std::vector<double> decibels(const Array& complex) {
  std::vector<double> db;
  for (std::size_t i = 0; i < complex.values.size(); i += 2) {
    db.push_back(20 *
                 std::log10(std::max(
                     std::hypot(double{complex.values[i]}, double{complex.values[i + 1]}), 1e-30)));
  }
  return db;
}

/// The row whose values sum highest, of a (rows, frames) array.
int64_t loudest_row(const std::vector<double>& values, int64_t rows, int64_t frames) {
  std::vector<double> sums(rows);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t t = 0; t < frames; ++t) sums[r] += values[r * frames + t];
  }
  return std::max_element(sums.begin(), sums.end()) - sums.begin();
}

TEST(Figures, CqtOfA440HzToneIsLabelledA4AndItsRangeIsTheArrays) {
  const TempDir dir;
  write_audio(dir / "tone.wav", kWavFloat, 22050, {tone(440, 22050, 2.0)});
  const auto out = dir / "out";
  // hop 441: 50 frames a second, so 1 s is frame 50 exactly; 101 frames in all.
  const auto result = run_nnaudio({"spectrogram", dir / "tone.wav", "-o", out, "--kind", "cqt",
                                   "--hop-length", "441", "--format", "all"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(list_files(out),
            (std::vector<std::string>{"tone.cqt.npy", "tone.cqt.png", "tone.cqt.svg"}));
  const Array cqt = read_npy(out / "tone.cqt.npy");
  ASSERT_EQ(cqt.shape, (std::vector<int64_t>{84, 101, 2}));
  const std::vector<double> db = decibels(cqt);
  const int64_t a4 = loudest_row(db, 84, 101);
  ASSERT_EQ(a4, 45);  // 440 Hz = 32.70 Hz * 2^(45 / 12)

  ASSERT_TRUE(svg_parses(out / "tone.cqt.svg"));
  const SvgFigure svg = read_svg(out / "tone.cqt.svg");
  // 101 frames < 640: 7 pixels each; 84 bins < 480: 6 pixels each.
  ASSERT_EQ(svg.plot_width, 707);
  ASSERT_EQ(svg.plot_height, 504);
  EXPECT_NEAR(svg.label("A4").y, svg.plot_y + 504 - (a4 + 0.5) * 6, 1e-3);
  const double one_second = svg.label("1.0").x - svg.plot_x;
  EXPECT_EQ(static_cast<int64_t>(one_second / 7), 50);  // inside frame 50's column
  EXPECT_NEAR(one_second, 50.5 * 7, 1e-3);
  for (const char* text : {"tone.wav: cqt", "note", "dB", "time (s)", "C4", "C5", "0.0"}) {
    svg.label(text);
  }
  // The colour bar spans the array's top 80 dB.
  const double high = *std::max_element(db.begin(), db.end());
  const double low = std::max(*std::min_element(db.begin(), db.end()), high - 80);
  EXPECT_NEAR(svg.high, high, 1e-3);
  EXPECT_NEAR(svg.low, low, 1e-3);

  // The PNG has the SVG's layout; in the plot's middle column the tone's row is the brightest.
  const Png png = read_png(out / "tone.cqt.png");
  ASSERT_EQ(png.width, svg.width);
  ASSERT_EQ(png.height, svg.height);
  const auto x = static_cast<int64_t>(svg.plot_x + svg.plot_width / 2);
  int64_t brightest = -1, best = -1;
  for (auto y = static_cast<int64_t>(svg.plot_y); y < svg.plot_y + svg.plot_height; ++y) {
    const uint8_t* pixel = png.rgb.data() + (y * png.width + x) * 3;
    if (pixel[0] + pixel[1] + pixel[2] > best) best = pixel[0] + pixel[1] + pixel[2], brightest = y;
  }
  EXPECT_EQ((static_cast<int64_t>(svg.plot_y) + 503 - brightest) / 6, a4);
}

TEST(Figures, ChannelsAreStackedPanelsEachWithItsAxis) {
  const TempDir dir;
  write_audio(dir / "two.wav", kWavFloat, 22050, {tone(440, 22050, 1.0), tone(880, 22050, 1.0)});
  const auto out = dir / "out";
  const auto result = run_nnaudio({"spectrogram", dir / "two.wav", "-o", out, "--kind", "cqt",
                                   "--hop-length", "441", "--keep-channels", "--format", "all"});
  ASSERT_EQ(result.status, 0) << result.err;
  const SvgFigure svg = read_svg(out / "two.cqt.svg");
  // Two panels of 84 bins x 6 pixels, kPanelGap (12) apart.
  ASSERT_EQ(svg.plot_height, 2 * 504 + 12);
  std::vector<double> a4;
  for (const auto& label : svg.labels) {
    if (label.text == "A4") a4.push_back(label.y - svg.plot_y);
  }
  ASSERT_EQ(a4.size(), 2u);
  EXPECT_NEAR(a4[0], 504 - 45.5 * 6, 1e-3);
  EXPECT_NEAR(a4[1], 516 + 504 - 45.5 * 6, 1e-3);
  // The left channel's tone is brightest at A4 in the top panel, the right's at A5 below.
  const Png png = read_png(out / "two.cqt.png");
  const auto x = static_cast<int64_t>(svg.plot_x + svg.plot_width / 2);
  for (const auto& [top, row] : {std::pair<int64_t, int64_t>{0, 45}, {516, 57}}) {
    int64_t brightest = -1, best = -1;
    for (int64_t y = 0; y < 504; ++y) {
      const uint8_t* pixel =
          png.rgb.data() + ((static_cast<int64_t>(svg.plot_y) + top + y) * png.width + x) * 3;
      if (pixel[0] + pixel[1] + pixel[2] > best)
        best = pixel[0] + pixel[1] + pixel[2], brightest = y;
    }
    EXPECT_EQ((503 - brightest) / 6, row) << "panel at " << top;
  }
}

TEST(Figures, ColourMapsReachTheirBrightestColourAtTheMaximum) {
  const TempDir dir;
  write_audio(dir / "tone.wav", kWavFloat, 8000, {tone(500, 8000, 0.5)});
  const std::map<std::string, std::array<int, 3>> top = {
      {"magma", {252, 253, 191}}, {"viridis", {253, 231, 37}}, {"gray", {255, 255, 255}}};
  for (const auto& [colormap, colour] : top) {
    const auto out = dir / colormap;
    const auto result =
        run_nnaudio({"spectrogram", dir / "tone.wav", "-o", out, "--kind", "stft", "--n-fft", "256",
                     "--hop-length", "64", "--format", "all", "--colormap", colormap});
    ASSERT_EQ(result.status, 0) << result.err;
    const SvgFigure svg = read_svg(out / "tone.stft.svg");
    EXPECT_EQ(svg.plot_height, 129 * 4);
    const Png png = read_png(out / "tone.stft.png");
    // The array's maximum is drawn in the colour map's last colour.
    int best = -1;
    std::array<int, 3> brightest{};
    for (auto y = static_cast<int64_t>(svg.plot_y); y < svg.plot_y + svg.plot_height; ++y) {
      for (auto x = static_cast<int64_t>(svg.plot_x); x < svg.plot_x + svg.plot_width; ++x) {
        const uint8_t* p = png.rgb.data() + (y * png.width + x) * 3;
        if (p[0] + p[1] + p[2] > best) best = p[0] + p[1] + p[2], brightest = {p[0], p[1], p[2]};
      }
    }
    EXPECT_EQ(brightest, colour) << colormap;
  }
}

TEST(Figures, LongInputsAreAveragedDownToTheMaximumWidth) {
  const TempDir dir;
  write_audio(dir / "long.wav", kWavFloat, 8000, {tone(1000, 8000, 2.0)});
  const auto out = dir / "out";
  const auto result = run_nnaudio({"spectrogram", dir / "long.wav", "-o", out, "--kind", "stft",
                                   "--n-fft", "256", "--hop-length", "8", "--format", "svg"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(list_files(out), std::vector<std::string>{"long.stft.svg"});  // svg alone
  const SvgFigure svg = read_svg(out / "long.stft.svg");
  EXPECT_EQ(svg.plot_width, 1600);  // 2001 frames
  // 1 kHz on the 31.25 Hz grid is bin 32 of 129 (4 pixels each).
  EXPECT_NEAR(svg.label("1k").y, svg.plot_y + 516 - 32.5 * 4, 1e-3);
  EXPECT_NEAR(svg.label("1.0").x - svg.plot_x, (1000 + 0.5) * 1600 / 2001, 1e-3);
}

TEST(Figures, MelChromaAndMfccAxesHaveTheirUnits) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWavFloat, 22050, {tone(440, 22050, 1.0)});
  const auto out = dir / "out";
  const auto result = run_nnaudio({"spectrogram", dir / "a.wav", "-o", out, "--kind",
                                   "mel,chroma_cqt,mfcc", "--format", "svg"});
  ASSERT_EQ(result.status, 0) << result.err;
  const SvgFigure mel = read_svg(out / "a.mel.svg");
  for (const char* text : {"Hz", "dB", "100", "1k", "2k", "5k"}) mel.label(text);
  EXPECT_LT(mel.label("5k").y, mel.label("1k").y);  // higher up
  const SvgFigure chroma = read_svg(out / "a.chroma_cqt.svg");
  for (const char* text : {"pitch class", "value", "C", "C#", "B"}) chroma.label(text);
  EXPECT_NEAR(chroma.label("A").y, chroma.plot_y + 480 - 9.5 * 40, 1e-3);  // 12 rows of 40
  const SvgFigure mfcc = read_svg(out / "a.mfcc.svg");
  for (const char* text : {"coefficient", "value"}) mfcc.label(text);
  EXPECT_NEAR(mfcc.label("0").y, mfcc.plot_y + 480 - 0.5 * 24, 1e-3);  // 20 rows of 24
}

TEST(Figures, AnSvgCutShortIsRedrawn) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWavFloat, 8000, {tone(440, 8000, 0.5)});
  const auto out = dir / "out";
  const std::vector<std::string> args = {"spectrogram", dir / "a.wav", "-o",       out,
                                         "--kind",      "mel",         "--format", "all"};
  ASSERT_EQ(run_nnaudio(args).status, 0);
  const std::string svg = read_text(out / "a.mel.svg");
  EXPECT_NE(run_nnaudio(args).out.find("0 converted, 1 skipped"), std::string::npos);
  std::ofstream(out / "a.mel.svg", std::ios::binary | std::ios::trunc)
      << svg.substr(0, svg.size() / 2);
  EXPECT_NE(run_nnaudio(args).out.find("1 converted, 0 skipped"), std::string::npos);
  EXPECT_EQ(read_text(out / "a.mel.svg"), svg);
}

TEST(Figures, SkippedOutputsKeepTheirReadOutsOnThePage) {
  const TempDir dir;
  write_audio(dir / "a.wav", kWavFloat, 22050, {tone(440, 22050, 0.5)});
  const std::vector<std::string> args = {"spectrogram", dir / "a.wav", "-o",
                                         dir / "out",   "--kind",      "all"};
  ASSERT_EQ(run_nnaudio(args).status, 0);
  const std::string first = read_text(dir / "out" / "index.html");
  // The second run computes nothing: the read-outs come from the .npy files, and match.
  const auto again = run_nnaudio(args);
  ASSERT_NE(again.out.find("0 converted, 1 skipped"), std::string::npos) << again.out;
  const std::string second = read_text(dir / "out" / "index.html");
  std::size_t readouts = 0;
  for (auto at = second.find("class=\"readout\""); at != std::string::npos;
       at = second.find("class=\"readout\"", at + 1)) {
    ++readouts;
  }
  EXPECT_EQ(readouts, 13u);  // every kind
  EXPECT_EQ(second, first);
}

}  // namespace
}  // namespace nnaudio::cli::testing
