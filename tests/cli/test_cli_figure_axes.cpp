// Figure axes and scaling, checked against positions computed here from the documented layout:
// row r of R drawn H pixels high is centred at H - (r + 0.5) H / R, frame t of T drawn W wide
// at (t + 0.5) W / T.

#include <gtest/gtest.h>

#include <cmath>

#include "axes.h"
#include "figure.h"

namespace nnaudio::cli {
namespace {

const Tick& tick_named(const std::vector<Tick>& ticks, const std::string& label) {
  for (const auto& tick : ticks) {
    if (tick.label == label) return tick;
  }
  static const Tick none{std::nan(""), "(missing)"};
  ADD_FAILURE() << "no tick " << label;
  return none;
}

double row_y(double row, int64_t rows, int64_t height) {
  return height - (row + 0.5) * height / rows;
}

TEST(FigureAxes, NoteNamesAreEqualTemperedWithA4At440Hz) {
  EXPECT_EQ(note_name(440.0), "A4");
  EXPECT_EQ(note_name(261.6256), "C4");
  EXPECT_EQ(note_name(32.7032), "C1");
  EXPECT_EQ(note_name(27.5), "A0");
  EXPECT_EQ(note_name(466.1638), "A#4");
  EXPECT_EQ(note_name(8.1758), "C-1");
  EXPECT_EQ(note_name(452.0), "A4");  // 46 cents sharp still names A4
}

TEST(FigureAxes, OneSecondTickSitsAtItsFrame) {
  // librosa's default CQT framing: 22050 Hz, hop 512, 168 frames drawn 4 pixels each.
  const FigureAxes axes{22050, 512, 0, FrequencyScale::Index, {}, ""};
  const auto ticks = time_ticks(axes, 168, 672, 72);
  // 172 pixels a second: a step of 0.5 s is the first of 1, 2, 5 x 10^k at least 72 apart.
  ASSERT_EQ(ticks.front().label, "0.0");
  EXPECT_NEAR(ticks.front().position, 2.0, 1e-9);
  EXPECT_NEAR(tick_named(ticks, "1.0").position, (22050.0 / 512 + 0.5) * 4, 1e-9);
  EXPECT_EQ(ticks.back().label, "3.5");  // the last frame is at 3.86 s
}

TEST(FigureAxes, ConstantQAxisNamesCsAndAs) {
  FigureAxes axes{22050, 512, 0, FrequencyScale::Note, {}, "dB"};
  for (int k = 0; k < 84; ++k)
    axes.frequencies.push_back(32.703195662574829 * std::pow(2.0, k / 12.0));
  const auto ticks = frequency_ticks(axes, 84, 504, 18);
  EXPECT_NEAR(tick_named(ticks, "A4").position, row_y(45, 84, 504), 1e-9);  // 440 Hz
  EXPECT_NEAR(tick_named(ticks, "C1").position, row_y(0, 84, 504), 1e-9);
  EXPECT_NEAR(tick_named(ticks, "C4").position, row_y(36, 84, 504), 1e-9);
  EXPECT_EQ(ticks.size(), 7u + 7u);  // C1..C7 and A1..A7; A0 and C8 are outside the bins
  EXPECT_EQ(row_label(axes, 84, 45), "440.0 Hz (A4)");
  // 2 pixels a semitone: an A 3 semitones below a C has no room; only A7, with no C8 above.
  const auto short_ticks = frequency_ticks(axes, 84, 168, 18);
  ASSERT_EQ(short_ticks.size(), 8u);
  EXPECT_EQ(short_ticks.front().label, "A7");
}

TEST(FigureAxes, FftGridTicksAtRoundMultiplesOfHz) {
  FigureAxes axes{22050, 512, 0, FrequencyScale::Linear, {}, "dB"};
  for (int k = 0; k <= 1024; ++k) axes.frequencies.push_back(k * 22050.0 / 2048);
  const auto ticks = frequency_ticks(axes, 1025, 960, 18);
  // 0.087 pixels a Hz: 1 kHz is the first round step at least 2.5 x 18 pixels.
  ASSERT_EQ(ticks.size(), 12u);  // 0 .. 11k, top first
  EXPECT_EQ(ticks.front().label, "11k");
  EXPECT_NEAR(tick_named(ticks, "0").position, row_y(0, 1025, 960), 1e-9);
  EXPECT_NEAR(tick_named(ticks, "5k").position, row_y(5000 / (22050.0 / 2048), 1025, 960), 1e-9);
  // One bin (freq_bins=1): its frequency, at the middle.
  axes.frequencies = {0.0};
  const auto single = frequency_ticks(axes, 1, 480, 18);
  ASSERT_EQ(single.size(), 1u);
  EXPECT_EQ(single[0].label, "0");
  EXPECT_NEAR(single[0].position, 240, 1e-9);
}

TEST(FigureAxes, MelAxisInterpolatesHzBetweenBands) {
  // HTK mel bands from 0 to 8 kHz: 2595 log10(1 + f / 700).
  FigureAxes axes{16000, 160, 0, FrequencyScale::Auditory, {}, "dB"};
  const double top = 2595 * std::log10(1 + 8000.0 / 700);
  for (int k = 0; k < 40; ++k)
    axes.frequencies.push_back(700 * (std::pow(10.0, top * k / 39 / 2595) - 1));
  const auto ticks = frequency_ticks(axes, 40, 480, 18);
  EXPECT_NEAR(tick_named(ticks, "0").position, row_y(0, 40, 480), 1e-9);
  const double mel_1k = 2595 * std::log10(1 + 1000.0 / 700);
  // Linear in Hz between the bands around 1 kHz, within a pixel of the mel position.
  EXPECT_NEAR(tick_named(ticks, "1k").position, row_y(mel_1k / top * 39, 40, 480), 1.0);
  for (std::size_t i = 1; i < ticks.size(); ++i)
    EXPECT_LT(ticks[i - 1].position, ticks[i].position);
}

TEST(FigureAxes, ChromaRowsArePitchClassesFromC) {
  const FigureAxes axes{22050, 512, 0, FrequencyScale::Chroma, {}, ""};
  const auto ticks = frequency_ticks(axes, 12, 480, 18);
  ASSERT_EQ(ticks.size(), 12u);
  EXPECT_EQ(ticks.back().label, "C");
  EXPECT_NEAR(ticks.back().position, 460, 1e-9);
  EXPECT_EQ(ticks.front().label, "B");
  EXPECT_EQ(row_label(axes, 12, 9), "A");
  EXPECT_EQ(row_label(axes, 24, 1), "C +50 cents");
}

TEST(FigureAxes, CoefficientsAreCountedFromZero) {
  const FigureAxes axes{22050, 512, 0, FrequencyScale::Index, {}, ""};
  const auto ticks = frequency_ticks(axes, 20, 480, 18);
  EXPECT_NEAR(tick_named(ticks, "0").position, 468, 1e-9);
  EXPECT_NEAR(tick_named(ticks, "2").position, 420, 1e-9);  // 24 pixels a row: every second
  EXPECT_EQ(ticks.size(), 10u);
}

TEST(FigureAxes, ColourBarTicksSpanItsRange) {
  const auto ticks = value_ticks(-80, 0, 504, 30);
  ASSERT_EQ(ticks.size(), 17u);  // every 5 dB
  EXPECT_EQ(ticks.front().label, "0");
  EXPECT_NEAR(ticks.front().position, 0, 1e-9);
  EXPECT_EQ(ticks.back().label, "-80");
  EXPECT_NEAR(ticks.back().position, 504, 1e-9);
}

TEST(FigureScaling, ShortAxesRepeatCellsLongOnesAreAveraged) {
  EXPECT_EQ(scaled_length(168, kMinWidth, kMaxWidth), 672);
  EXPECT_EQ(scaled_length(700, kMinWidth, kMaxWidth), 700);
  EXPECT_EQ(scaled_length(3000, kMinWidth, kMaxWidth), 1600);
  EXPECT_EQ(scaled_length(84, kMinHeight, kMaxHeight), 504);
  EXPECT_EQ(scaled_length(1025, kMinHeight, kMaxHeight), 960);

  const FigureAxes axes{100, 1, 0, FrequencyScale::Index, {}, ""};
  Array ramp{{1, 3200}, {}};
  for (int t = 0; t < 3200; ++t) ramp.values.push_back(static_cast<float>(t));
  const Figure wide = make_figure(ramp, {false, 0.0}, axes, 80, Colormap::Gray, "ramp");
  ASSERT_EQ(wide.plot_width, 1600);
  ASSERT_EQ(wide.panel_height, 480);
  for (int64_t x : {0, 1, 800, 1599}) {
    EXPECT_FLOAT_EQ(wide.plot.values[x], 2 * x + 0.5f) << x;  // the mean of two frames
    EXPECT_FLOAT_EQ(wide.plot.values[479 * 1600 + x], 2 * x + 0.5f) << x;
  }
  ramp = {{1, 100}, {}};
  for (int t = 0; t < 100; ++t) ramp.values.push_back(static_cast<float>(t));
  const Figure narrow = make_figure(ramp, {false, 0.0}, axes, 80, Colormap::Gray, "ramp");
  ASSERT_EQ(narrow.plot_width, 700);
  for (int64_t x : {0, 6, 7, 699}) EXPECT_FLOAT_EQ(narrow.plot.values[x], x / 7) << x;
  EXPECT_EQ(readout_grid(narrow).columns, 100);
  EXPECT_EQ(readout_grid(wide).columns, 1600);
}

}  // namespace
}  // namespace nnaudio::cli
