#pragma once
// Text for PNG figures: a 5x7 pixel font of printable ASCII drawn into an RGB raster, scaled by
// an integer factor. Written for this program (no font library or font file is needed, and
// the PNG then looks the same everywhere); characters outside ASCII are drawn as '?'.

#include <array>
#include <cstdint>
#include <string>

#include "image.h"

namespace nnaudio::cli {

constexpr int kGlyphWidth = 5, kGlyphHeight = 7;
/// Pixels from one character's left edge to the next's, before scaling.
constexpr int kGlyphAdvance = kGlyphWidth + 1;

/// Width in pixels of `text` drawn at `scale`.
int64_t text_width(const std::string& text, int scale);

/// Draws `text` with its top-left corner at (x, y): kGlyphHeight rows a line, and two more
/// below for the descenders of g, p, q and y. Pixels outside the image are skipped.
void draw_text(Image& image, int64_t x, int64_t y, const std::string& text, int scale,
               const std::array<uint8_t, 3>& colour);

}  // namespace nnaudio::cli
