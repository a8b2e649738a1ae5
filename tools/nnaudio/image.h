#pragma once
// Spectrogram images: values as decibels or linearly, coloured with a perceptual colour map,
// written as 8-bit RGB PNG (figure.h lays them out with axes).

#include <array>
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

/// An array's values as an image shows them: decibels or the values themselves, one per cell
/// of (channels, rows, frames) with (real, imag) pairs collapsed, and the range the colours span.
struct Levels {
  int64_t channels = 1, rows = 0, frames = 0;
  std::vector<float> values;  ///< channel by channel, row 0 (the lowest bin) first
  /// The colours' range: [maximum - top_db, maximum] in decibels, [minimum, maximum] linearly
  /// (NaN ignored).
  double low = 0, high = 0;
};

/// (freq, frames) or (channels, freq, frames), with a trailing 2 when complex_pairs.
Levels levels(const Array& array, const ImageScale& scale, double top_db);

/// The colour of `t` in [0, 1] (clamped; NaN is the lowest colour).
std::array<uint8_t, 3> colour_of(Colormap colormap, double t);

void write_png(std::ostream& out, const Image& image);

/// Whether `path` starts with the PNG signature and ends with the IEND chunk: false for a
/// missing, empty or cut short file.
bool png_is_complete(const std::filesystem::path& path);

}  // namespace nnaudio::cli
