#include "image.h"

#include <png.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace nnaudio::cli {
namespace {

/// A colour map as matplotlib's 256-entry table sampled every 16 entries (and the last):
/// {table index, r, g, b}. Linear interpolation between them stays within about 1/255 of the
/// full table, since both maps are smooth in RGB.
struct ControlPoint {
  double index, r, g, b;
};
constexpr std::array<ControlPoint, 17> kMagma{{{0, 0.001462, 0.000466, 0.013866},
                                               {16, 0.039608, 0.031090, 0.133515},
                                               {32, 0.113094, 0.065492, 0.276784},
                                               {48, 0.211718, 0.061992, 0.418647},
                                               {64, 0.316654, 0.071690, 0.485380},
                                               {80, 0.414709, 0.110431, 0.504662},
                                               {96, 0.512831, 0.148179, 0.507648},
                                               {112, 0.613617, 0.181811, 0.498536},
                                               {128, 0.716387, 0.214982, 0.475290},
                                               {144, 0.816914, 0.255895, 0.436461},
                                               {160, 0.904281, 0.319610, 0.388137},
                                               {176, 0.960949, 0.418323, 0.359630},
                                               {192, 0.986700, 0.535582, 0.382210},
                                               {208, 0.996096, 0.653659, 0.446213},
                                               {224, 0.996898, 0.769591, 0.534892},
                                               {240, 0.992440, 0.884330, 0.640099},
                                               {255, 0.987053, 0.991438, 0.749504}}};
constexpr std::array<ControlPoint, 17> kViridis{{{0, 0.267004, 0.004874, 0.329415},
                                                 {16, 0.282327, 0.094955, 0.417331},
                                                 {32, 0.278826, 0.175490, 0.483397},
                                                 {48, 0.258965, 0.251537, 0.524736},
                                                 {64, 0.229739, 0.322361, 0.545706},
                                                 {80, 0.199430, 0.387607, 0.554642},
                                                 {96, 0.172719, 0.448791, 0.557885},
                                                 {112, 0.149039, 0.508051, 0.557250},
                                                 {128, 0.127568, 0.566949, 0.550556},
                                                 {144, 0.120638, 0.625828, 0.533488},
                                                 {160, 0.157851, 0.683765, 0.501686},
                                                 {176, 0.246070, 0.738910, 0.452024},
                                                 {192, 0.369214, 0.788888, 0.382914},
                                                 {208, 0.515992, 0.831158, 0.294279},
                                                 {224, 0.678489, 0.863742, 0.189503},
                                                 {240, 0.845561, 0.887322, 0.099702},
                                                 {255, 0.993248, 0.906157, 0.143936}}};
constexpr std::array<ControlPoint, 2> kGray{{{0, 0, 0, 0}, {255, 1, 1, 1}}};

using Palette = std::array<std::array<uint8_t, 3>, 256>;

template <std::size_t N>
Palette interpolate(const std::array<ControlPoint, N>& points) {
  Palette palette{};
  std::size_t segment = 0;
  for (int i = 0; i < 256; ++i) {
    while (points[segment + 1].index < i) ++segment;
    const auto& a = points[segment];
    const auto& b = points[segment + 1];
    const double t = (i - a.index) / (b.index - a.index);
    const auto channel = [t](double from, double to) {
      return static_cast<uint8_t>(std::lround(255.0 * (from + t * (to - from))));
    };
    palette[i] = {channel(a.r, b.r), channel(a.g, b.g), channel(a.b, b.b)};
  }
  return palette;
}

const Palette& palette_of(Colormap colormap) {
  static const Palette magma = interpolate(kMagma);
  static const Palette viridis = interpolate(kViridis);
  static const Palette gray = interpolate(kGray);
  switch (colormap) {
    case Colormap::Magma:
      return magma;
    case Colormap::Viridis:
      return viridis;
    case Colormap::Gray:
      break;
  }
  return gray;
}

}  // namespace

Colormap parse_colormap(const std::string& name) {
  if (name == "magma") return Colormap::Magma;
  if (name == "viridis") return Colormap::Viridis;
  if (name == "gray") return Colormap::Gray;
  throw std::invalid_argument("colormap='" + name +
                              "' is not supported; allowed: magma, viridis, gray");
}

Levels levels(const Array& array, const ImageScale& scale, double top_db) {
  const std::size_t axes = array.shape.size() - (scale.complex_pairs ? 1 : 0);
  if (axes != 2 && axes != 3) throw std::invalid_argument("levels: expected 2 or 3 axes");
  Levels out;
  out.channels = axes == 3 ? array.shape[0] : 1;
  out.rows = array.shape[axes - 2];
  out.frames = array.shape[axes - 1];
  const std::size_t step = scale.complex_pairs ? 2 : 1;
  out.values.resize(array.values.size() / step);
  double high = -std::numeric_limits<double>::infinity();
  double low = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < out.values.size(); ++i) {
    const float* value = array.values.data() + i * step;
    const double magnitude = scale.complex_pairs ? std::hypot(value[0], value[1]) : value[0];
    const double level = scale.decibel_factor > 0
                             ? scale.decibel_factor * std::log10(std::max(magnitude, 1e-30))
                             : magnitude;
    out.values[i] = static_cast<float>(level);
    if (std::isnan(level)) continue;
    high = std::max(high, static_cast<double>(out.values[i]));
    low = std::min(low, static_cast<double>(out.values[i]));
  }
  if (!(high >= low)) low = high = 0;  // nothing but NaN
  if (scale.decibel_factor > 0) low = std::max(low, high - top_db);
  out.low = low;
  out.high = high;
  return out;
}

std::array<uint8_t, 3> colour_of(Colormap colormap, double t) {
  const double clamped = std::isnan(t) ? 0.0 : std::clamp(t, 0.0, 1.0);
  return palette_of(colormap)[static_cast<std::size_t>(std::lround(clamped * 255.0))];
}

void write_png(std::ostream& out, const Image& image) {
  png_image header{};
  header.version = PNG_IMAGE_VERSION;
  header.width = static_cast<png_uint_32>(image.width);
  header.height = static_cast<png_uint_32>(image.height);
  header.format = PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  // First call: the size of the encoded image; second: the encoding.
  if (!png_image_write_to_memory(&header, nullptr, &size, 0, image.rgb.data(), 0, nullptr)) {
    throw std::runtime_error(std::string("PNG encoding failed: ") + header.message);
  }
  std::vector<char> encoded(size);
  if (!png_image_write_to_memory(&header, encoded.data(), &size, 0, image.rgb.data(), 0, nullptr)) {
    throw std::runtime_error(std::string("PNG encoding failed: ") + header.message);
  }
  out.write(encoded.data(), static_cast<std::streamsize>(size));
}

bool png_is_complete(const std::filesystem::path& path) {
  // The PNG signature at the start and the IEND chunk (length 0, type, CRC) at the end: what
  // write_png writes and what a file cut short or left empty lacks.
  static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  static const unsigned char end[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
  std::ifstream in(path, std::ios::binary);
  unsigned char first[8] = {}, last[12] = {};
  if (!in.read(reinterpret_cast<char*>(first), sizeof first)) return false;
  if (!in.seekg(-static_cast<std::streamoff>(sizeof last), std::ios::end)) return false;
  if (!in.read(reinterpret_cast<char*>(last), sizeof last)) return false;
  return std::memcmp(first, signature, sizeof first) == 0 &&
         std::memcmp(last, end, sizeof last) == 0;
}

}  // namespace nnaudio::cli
