#pragma once
// SVG figures: figure.h's layout with the plot and the colour bar as embedded images and the
// text as SVG text (the viewer's own fonts, selectable and scalable); one self-contained file.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "figure.h"

namespace nnaudio::cli {

/// The figure as an SVG document. The colour bar's <rect> carries data-low and data-high, the
/// range its colours span (in the figure's value unit).
std::string figure_svg(const Figure& figure);

/// Whether `path` holds a document that figure_svg wrote in full (it ends with "</svg>\n").
bool svg_is_complete(const std::filesystem::path& path);

/// RFC 4648 base64 of `size` bytes.
std::string base64(const uint8_t* data, std::size_t size);

/// `text` with &, <, > and " escaped for XML and HTML.
std::string escape_xml(const std::string& text);

}  // namespace nnaudio::cli
