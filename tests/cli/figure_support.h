#pragma once
// Reading the figures the nnaudio command writes back: the layout and labels of an SVG
// figure, and running other programs (python3, chromium) from a test.

#include <string>
#include <vector>

#include "cli_support.h"

namespace nnaudio::cli::testing {

struct SvgLabel {
  double x = 0, y = 0;
  std::string text;
};

/// What a test needs of figure_svg's output, found by pattern (the XML itself is checked with
/// python3's parser by svg_parses).
struct SvgFigure {
  double width = 0, height = 0;
  double plot_x = 0, plot_y = 0, plot_width = 0, plot_height = 0;  ///< the <image>
  double low = 0, high = 0;                                        ///< the colour bar's range
  std::vector<SvgLabel> labels;
  /// The label with this text; fails the test when there is none.
  const SvgLabel& label(const std::string& text) const;
};
SvgFigure read_svg(const fs::path& path);

/// Whether /usr/bin/python3's xml.etree parses the file with an <svg> root in the SVG namespace.
bool svg_parses(const fs::path& path);

struct CommandResult {
  int status = -1;
  std::string out;
};
/// Runs a shell command; standard output captured, standard error left alone.
CommandResult run_command(const std::string& command);

/// `text` quoted for the shell.
std::string shell_quote(const std::string& text);

}  // namespace nnaudio::cli::testing
