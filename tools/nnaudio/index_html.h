#pragma once
// The index.html overview of `--kind all`: every input with an audio player and each kind's
// figure, array shape and parameters, and a read-out of time, frequency (or note) and value
// under the pointer. Self-contained: the read-out's data is embedded, the script inline; the
// figures and the audio are referenced relative to the page, so the folder opens from disk.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "figure.h"

namespace nnaudio::cli {

/// What the pointer read-out needs of one figure: where its plot lies in the image, what its
/// columns and rows stand for, and the values (readout_grid) quantised to 16 bits over the
/// colour range, (channels, rows, columns) with row 0 the lowest, little-endian, base64.
struct Readout {
  int64_t width = 0, height = 0;  ///< of the figure image
  int64_t plot_x = 0, plot_y = 0, plot_width = 0, panel_height = 0, channels = 1;
  int64_t columns = 0, rows = 0;
  double time_start = 0, time_step = 0;  ///< seconds of column 0 and between columns
  double low = 0, high = 0;
  std::string unit;
  std::vector<std::string> row_labels;  ///< one per row, the lowest first
  std::string values;                   ///< base64 of the uint16 codes (0: NaN)
};

Readout make_readout(const Figure& figure);

struct IndexEntry {
  std::string input;  ///< as named on the command line or found in a folder
  std::string audio;  ///< the input relative to the index, for the player
  double sample_rate = 0;
  double seconds = 0;
  int channels = 0;
  struct Output {
    std::string kind;
    std::string figure;  ///< relative to the index (the PNG, else the SVG); empty without
    std::string array;   ///< relative to the index; empty without .npy output
    std::vector<int64_t> shape;
    std::string parameters;          ///< the module as LibTorch prints it
    std::optional<Readout> readout;  ///< absent when the values were not at hand
  };
  std::vector<Output> outputs;
};

/// Writes the page (atomically); `command` is shown at its top. The page's script reads a
/// `?probe=FIGURE:COLUMN:ROW[:CHANNEL]` query (FIGURE the figure file's name) and shows that
/// cell's read-out as the pointer would, for tests and links.
void write_index(const std::filesystem::path& path, const std::string& command,
                 const std::vector<IndexEntry>& entries);

}  // namespace nnaudio::cli
