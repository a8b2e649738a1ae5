#include "figure.h"

#include <algorithm>
#include <cmath>

#include "bitmap_font.h"

namespace nnaudio::cli {
namespace {

constexpr std::array<uint8_t, 3> kInk{34, 34, 34};

/// For each of `pixels` output pixels, the input cells it covers and their share of it:
/// pixel j spans [j n / m, (j + 1) n / m) of n cells, computed in units of 1 / m so that the
/// shares are exact (an integer upscale copies one cell into each pixel).
std::vector<std::vector<std::pair<int64_t, double>>> area_weights(int64_t cells, int64_t pixels) {
  std::vector<std::vector<std::pair<int64_t, double>>> taps(static_cast<std::size_t>(pixels));
  for (int64_t j = 0; j < pixels; ++j) {
    const int64_t from = j * cells, to = (j + 1) * cells;
    for (int64_t i = from / pixels; i * pixels < to; ++i) {
      const int64_t overlap = std::min(to, (i + 1) * pixels) - std::max(from, i * pixels);
      if (overlap > 0) taps[j].push_back({i, static_cast<double>(overlap) / cells});
    }
  }
  return taps;
}

/// The levels resampled to (rows, columns) a channel by area (see area_weights).
Grid resample(const Levels& levels, int64_t rows, int64_t columns) {
  const auto across = area_weights(levels.frames, columns);
  const auto down = area_weights(levels.rows, rows);
  Grid grid{levels.channels, rows, columns, {}};
  grid.values.resize(static_cast<std::size_t>(levels.channels * rows * columns));
  std::vector<double> wide(static_cast<std::size_t>(levels.rows * columns));
  for (int64_t c = 0; c < levels.channels; ++c) {
    const float* in = levels.values.data() + c * levels.rows * levels.frames;
    for (int64_t r = 0; r < levels.rows; ++r) {
      for (int64_t j = 0; j < columns; ++j) {
        double sum = 0;
        for (const auto& [i, share] : across[j]) sum += share * in[r * levels.frames + i];
        wide[r * columns + j] = sum;
      }
    }
    float* out = grid.values.data() + c * rows * columns;
    for (int64_t r = 0; r < rows; ++r) {
      for (int64_t j = 0; j < columns; ++j) {
        double sum = 0;
        for (const auto& [i, share] : down[r]) sum += share * wide[i * columns + j];
        out[r * columns + j] = static_cast<float>(sum);
      }
    }
  }
  return grid;
}

int64_t widest(const std::vector<Tick>& ticks, const std::string& name) {
  int64_t width = text_width(name, kFontScale);
  for (const auto& tick : ticks) width = std::max(width, text_width(tick.label, kFontScale));
  return width;
}

void fill(Image& image, int64_t x, int64_t y, int64_t w, int64_t h,
          const std::array<uint8_t, 3>& colour) {
  for (int64_t row = std::max<int64_t>(y, 0); row < std::min(y + h, image.height); ++row) {
    for (int64_t col = std::max<int64_t>(x, 0); col < std::min(x + w, image.width); ++col) {
      std::copy(colour.begin(), colour.end(), image.rgb.data() + (row * image.width + col) * 3);
    }
  }
}

}  // namespace

int64_t scaled_length(int64_t cells, int64_t min, int64_t max) {
  if (cells < min) return cells * ((min + cells - 1) / cells);
  return std::min(cells, max);
}

int64_t Figure::plot_height() const {
  return levels.channels * panel_height + (levels.channels - 1) * kPanelGap;
}

Figure make_figure(const Array& array, const ImageScale& scale, const FigureAxes& axes,
                   double top_db, Colormap colormap, const std::string& title) {
  Figure f;
  f.title = title;
  f.axes = axes;
  f.colormap = colormap;
  f.levels = levels(array, scale, top_db);
  // Values below the colour range are drawn (and averaged) as its lowest value.
  for (float& value : f.levels.values) value = std::max(value, static_cast<float>(f.levels.low));
  f.plot_width = scaled_length(f.levels.frames, kMinWidth, kMaxWidth);
  f.panel_height = scaled_length(f.levels.rows, kMinHeight, kMaxHeight);
  f.plot = resample(f.levels, f.panel_height, f.plot_width);

  f.time_ticks = time_ticks(axes, f.levels.frames, f.plot_width, 72);
  f.frequency_ticks = frequency_ticks(axes, f.levels.rows, f.panel_height, kTextHeight + 4);
  f.value_ticks = value_ticks(f.levels.low, f.levels.high, f.plot_height(), kTextHeight + 16);
  f.time_name = "time (s)";
  f.frequency_name = frequency_axis_name(axes);
  f.value_name = axes.value_unit.empty() ? "value" : axes.value_unit;

  f.plot_x = kMargin + widest(f.frequency_ticks, f.frequency_name) + kLabelGap + kTickLength;
  f.plot_y = kMargin + kTextHeight + kMargin + kTextHeight + kNameGap;
  f.bar_x = f.plot_x + f.plot_width + 24;
  f.width = std::max(f.bar_x + f.bar_width + kTickLength + kLabelGap +
                         widest(f.value_ticks, f.value_name) + kMargin,
                     2 * kMargin + text_width(title, kFontScale));
  f.height = f.plot_y + f.plot_height() + kTickLength + kLabelGap + kTextHeight + kMargin +
             kTextHeight + kMargin;
  return f;
}

Grid readout_grid(const Figure& figure) {
  const Levels& levels = figure.levels;
  return resample(levels, std::min(levels.rows, figure.panel_height),
                  std::min(levels.frames, figure.plot_width));
}

Image plot_image(const Figure& f) {
  Image image{f.plot_width, f.plot_height(), {}};
  image.rgb.assign(static_cast<std::size_t>(image.width * image.height * 3), 255);
  const double range = f.levels.high > f.levels.low ? f.levels.high - f.levels.low : 1.0;
  for (int64_t c = 0; c < f.levels.channels; ++c) {
    for (int64_t y = 0; y < f.panel_height; ++y) {
      const int64_t row = f.panel_height - 1 - y;  // the lowest row at the bottom
      const float* source = f.plot.values.data() + (c * f.panel_height + row) * f.plot_width;
      uint8_t* target = image.rgb.data() + ((f.panel_y(c) - f.plot_y + y) * image.width) * 3;
      for (int64_t x = 0; x < f.plot_width; ++x) {
        const auto colour = colour_of(f.colormap, (source[x] - f.levels.low) / range);
        std::copy(colour.begin(), colour.end(), target + x * 3);
      }
    }
  }
  return image;
}

Image figure_png(const Figure& f) {
  Image image{f.width, f.height,
              std::vector<uint8_t>(static_cast<std::size_t>(f.width * f.height * 3), 255)};
  draw_text(image, kMargin, kMargin, f.title, kFontScale, kInk);
  const int64_t names_y = f.plot_y - kNameGap - kTextHeight;
  draw_text(image, f.plot_x - kTickLength - kLabelGap - text_width(f.frequency_name, kFontScale),
            names_y, f.frequency_name, kFontScale, kInk);
  draw_text(image, f.bar_x, names_y, f.value_name, kFontScale, kInk);

  const Image plot = plot_image(f);
  for (int64_t y = 0; y < plot.height; ++y) {
    std::copy_n(plot.rgb.data() + y * plot.width * 3, plot.width * 3,
                image.rgb.data() + ((f.plot_y + y) * f.width + f.plot_x) * 3);
  }
  for (int64_t c = 0; c < f.levels.channels; ++c) {
    const int64_t top = f.panel_y(c);
    for (const int64_t y : {top - 1, top + f.panel_height})
      fill(image, f.plot_x - 1, y, f.plot_width + 2, 1, kInk);
    for (const int64_t x : {f.plot_x - 1, f.plot_x + f.plot_width})
      fill(image, x, top - 1, 1, f.panel_height + 2, kInk);
    for (const auto& tick : f.frequency_ticks) {
      const auto y = top + static_cast<int64_t>(tick.position);
      fill(image, f.plot_x - 1 - kTickLength, y, kTickLength, 1, kInk);
      draw_text(image, f.plot_x - 1 - kTickLength - kLabelGap - text_width(tick.label, kFontScale),
                y - kTextHeight / 2, tick.label, kFontScale, kInk);
    }
  }
  const int64_t bottom = f.plot_y + f.plot_height();
  for (const auto& tick : f.time_ticks) {
    const auto x = f.plot_x + static_cast<int64_t>(tick.position);
    fill(image, x, bottom + 1, 1, kTickLength, kInk);
    draw_text(image, x - text_width(tick.label, kFontScale) / 2,
              bottom + 1 + kTickLength + kLabelGap, tick.label, kFontScale, kInk);
  }
  draw_text(image, f.plot_x + (f.plot_width - text_width(f.time_name, kFontScale)) / 2,
            bottom + 1 + kTickLength + kLabelGap + kTextHeight + kMargin, f.time_name, kFontScale,
            kInk);

  // The colour bar: the top row is the highest value.
  fill(image, f.bar_x - 1, f.plot_y - 1, f.bar_width + 2, f.plot_height() + 2, kInk);  // frame
  for (int64_t y = 0; y < f.plot_height(); ++y) {
    const double t = 1.0 - (y + 0.5) / static_cast<double>(f.plot_height());
    fill(image, f.bar_x, f.plot_y + y, f.bar_width, 1, colour_of(f.colormap, t));
  }
  for (const auto& tick : f.value_ticks) {
    const auto y = f.plot_y + static_cast<int64_t>(tick.position);
    fill(image, f.bar_x + f.bar_width + 1, y, kTickLength, 1, kInk);
    draw_text(image, f.bar_x + f.bar_width + 1 + kTickLength + kLabelGap, y - kTextHeight / 2,
              tick.label, kFontScale, kInk);
  }
  return image;
}

}  // namespace nnaudio::cli
