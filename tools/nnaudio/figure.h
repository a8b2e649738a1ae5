#pragma once
// Spectrogram figures: the array's image scaled to a readable size, a time axis in seconds, a
// frequency axis in the transform's unit, a colour bar with its values, and a title. One
// layout, drawn as PNG (figure_png, text in bitmap_font.h's font) or SVG (svg.h).
//
// Layout, in pixels: the plot's columns span the frames and its rows the bins, each channel a
// panel of `panel_height` rows (stacked from the top, kPanelGap apart). An axis of n cells
// drawn at least `min` and at most `max` pixels long takes ceil(min / n) pixels a cell
// (nearest neighbour) when n < min, is averaged down to `max` pixels (each pixel the mean of
// the cells it covers) when n > max, and is drawn 1:1 otherwise: kMinWidth..kMaxWidth for
// time, kMinHeight..kMaxHeight for each panel.

#include <cstdint>
#include <string>
#include <vector>

#include "axes.h"
#include "image.h"
#include "npy.h"

namespace nnaudio::cli {

constexpr int64_t kMinWidth = 640, kMaxWidth = 1600, kMinHeight = 480, kMaxHeight = 960;
constexpr int64_t kPanelGap = 12;
/// Tick marks' length, the figure's margin, the gap between a tick and its label, and between
/// the axes' names (above the plot and the colour bar) and the plot.
constexpr int64_t kTickLength = 5, kMargin = 8, kLabelGap = 4, kNameGap = 10;
/// The font's scale in PNG figures (5x7 glyphs drawn 10x14) and the text height it gives.
constexpr int kFontScale = 2;
constexpr int64_t kTextHeight = 7 * kFontScale;

/// Pixels an axis of `cells` cells is drawn with (see the layout above).
int64_t scaled_length(int64_t cells, int64_t min, int64_t max);

/// A cell-aligned grid of values, (channels, rows, columns), row 0 the lowest.
struct Grid {
  int64_t channels = 0, rows = 0, columns = 0;
  std::vector<float> values;
};

struct Figure {
  std::string title;
  FigureAxes axes;
  Colormap colormap = Colormap::Magma;
  Levels levels;  ///< the array's values and colour range, at the array's size

  int64_t width = 0, height = 0;  ///< of the whole figure
  int64_t plot_x = 0, plot_y = 0, plot_width = 0, panel_height = 0;
  int64_t bar_x = 0, bar_width = 18;  ///< the colour bar spans the plot's height
  int64_t plot_height() const;
  /// Top edge of channel `channel`'s panel.
  int64_t panel_y(int64_t channel) const { return plot_y + channel * (panel_height + kPanelGap); }

  std::vector<Tick> time_ticks, frequency_ticks, value_ticks;  ///< along the plot / one panel
  std::string time_name, frequency_name, value_name;           ///< the axes' titles
  Grid plot;  ///< the levels scaled to (channels, panel_height, plot_width)
};

Figure make_figure(const Array& array, const ImageScale& scale, const FigureAxes& axes,
                   double top_db, Colormap colormap, const std::string& title);

/// The levels as the page's pointer read-out uses them: at the array's size, or averaged down
/// to the plot's where the plot is smaller.
Grid readout_grid(const Figure& figure);

/// The plot alone (plot_width x plot_height(); white between the panels).
Image plot_image(const Figure& figure);

/// The figure as an RGB raster, text in the bitmap font.
Image figure_png(const Figure& figure);

}  // namespace nnaudio::cli
