#pragma once
// Spectrogram images: values scaled (decibels or linearly) to [0, 1], coloured with a
// perceptual colour map, low frequencies at the bottom, written as 8-bit RGB PNG.

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "npy.h"

namespace nnaudio::cli {

enum class Colormap { Magma, Viridis, Gray };

/// "magma", "viridis" or "gray"; throws std::invalid_argument otherwise.
Colormap parse_colormap(const std::string& name);

/// How the values of an array become brightness.
struct ImageScale {
  /// The last axis holds (real, imag) pairs: the image shows their magnitude.
  bool complex_pairs = false;
  /// Brightness is factor * log10(value), clipped at top_db below the maximum: 20 for
  /// amplitudes, 10 for powers. 0: the values are shown linearly between their minimum and
  /// maximum (cepstra, phases, values already in dB).
  double decibel_factor = 0.0;
};

struct Image {
  int64_t width = 0, height = 0;
  std::vector<uint8_t> rgb;  ///< rows top to bottom, 3 bytes a pixel
};

/// (freq, frames) or (channels, freq, frames), with a trailing 2 when complex_pairs: one column
/// per frame, one row per bin with the lowest bin at the bottom; channels stacked from the top.
Image render(const Array& array, const ImageScale& scale, double top_db, Colormap colormap);

void write_png(std::ostream& out, const Image& image);

/// Whether `path` starts with the PNG signature and ends with the IEND chunk: false for a
/// missing, empty or cut short file.
bool png_is_complete(const std::filesystem::path& path);

}  // namespace nnaudio::cli
