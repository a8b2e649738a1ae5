#include "svg.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace nnaudio::cli {
namespace {

constexpr const char* kFont = "font-family=\"DejaVu Sans Mono,monospace\" font-size=\"13\"";

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string hex(const std::array<uint8_t, 3>& colour) {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", colour[0], colour[1], colour[2]);
  return text;
}

/// The plot's pixels as a PNG data URI.
std::string plot_uri(const Figure& f) {
  const Image image = plot_image(f);
  std::ostringstream png;
  write_png(png, image);
  const std::string bytes = png.str();
  return "data:image/png;base64," +
         base64(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

bool valid_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80       ? 1
                               : lead >> 5 == 6  ? 2
                               : lead >> 4 == 14 ? 3
                               : lead >> 3 == 30 ? 4
                                                 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if (static_cast<unsigned char>(text[i + k]) >> 6 != 2) return false;
    }
    i += length;
  }
  return true;
}

void text(std::ostream& out, double x, double y, const std::string& anchor,
          const std::string& content) {
  out << "<text x=\"" << number(x) << "\" y=\"" << number(y) << "\" text-anchor=\"" << anchor
      << "\" dominant-baseline=\"central\">" << escape_xml(content) << "</text>\n";
}

void line(std::ostream& out, double x1, double y1, double x2, double y2) {
  out << "<line x1=\"" << number(x1) << "\" y1=\"" << number(y1) << "\" x2=\"" << number(x2)
      << "\" y2=\"" << number(y2) << "\"/>\n";
}

}  // namespace

std::string figure_svg(const Figure& f) {
  std::ostringstream out;
  const double tick = kTickLength, gap = kLabelGap, half_text = kTextHeight / 2.0;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" "
      << "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"" << f.width << "\" height=\""
      << f.height << "\" viewBox=\"0 0 " << f.width << " " << f.height << "\">\n"
      << "<title>" << escape_xml(f.title) << "</title>\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
      << "<defs><linearGradient id=\"bar\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">";
  for (int i = 0; i <= 16; ++i) {
    out << "<stop offset=\"" << number(i / 16.0) << "\" stop-color=\""
        << hex(colour_of(f.colormap, i / 16.0)) << "\"/>";
  }
  // xlink:href, which SVG 1.1 viewers (librsvg, older Inkscape) need and SVG 2 ones still read.
  out << "</linearGradient></defs>\n"
      << "<image x=\"" << f.plot_x << "\" y=\"" << f.plot_y << "\" width=\"" << f.plot_width
      << "\" height=\"" << f.plot_height()
      << "\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" xlink:href=\""
      << plot_uri(f) << "\"/>\n"
      << "<rect class=\"colour-bar\" x=\"" << f.bar_x << "\" y=\"" << f.plot_y << "\" width=\""
      << f.bar_width << "\" height=\"" << f.plot_height() << "\" fill=\"url(#bar)\" data-low=\""
      << number(f.levels.low) << "\" data-high=\"" << number(f.levels.high) << "\"/>\n"
      << "<g fill=\"none\" stroke=\"#222222\" stroke-width=\"1\">\n";
  for (int64_t c = 0; c < f.levels.channels; ++c) {
    out << "<rect x=\"" << f.plot_x - 0.5 << "\" y=\"" << f.panel_y(c) - 0.5 << "\" width=\""
        << f.plot_width + 1 << "\" height=\"" << f.panel_height + 1 << "\"/>\n";
  }
  out << "<rect x=\"" << f.bar_x - 0.5 << "\" y=\"" << f.plot_y - 0.5 << "\" width=\""
      << f.bar_width + 1 << "\" height=\"" << f.plot_height() + 1 << "\"/>\n";
  const double bottom = f.plot_y + f.plot_height();
  std::ostringstream labels;
  for (const auto& t : f.time_ticks) {
    const double x = f.plot_x + t.position;
    line(out, x, bottom + 0.5, x, bottom + 0.5 + tick);
    text(labels, x, bottom + tick + gap + half_text, "middle", t.label);
  }
  for (int64_t c = 0; c < f.levels.channels; ++c) {
    for (const auto& t : f.frequency_ticks) {
      const double y = f.panel_y(c) + t.position;
      line(out, f.plot_x - 0.5 - tick, y, f.plot_x - 0.5, y);
      text(labels, f.plot_x - 1 - tick - gap, y, "end", t.label);
    }
  }
  const double bar_right = f.bar_x + f.bar_width + 0.5;
  for (const auto& t : f.value_ticks) {
    const double y = f.plot_y + t.position;
    line(out, bar_right, y, bar_right + tick, y);
    text(labels, bar_right + tick + gap, y, "start", t.label);
  }
  out << "</g>\n<g " << kFont << " fill=\"#222222\">\n";
  text(out, kMargin, kMargin + half_text, "start", f.title);
  const double names_y = f.plot_y - kNameGap - half_text;
  text(out, f.plot_x - tick - gap, names_y, "end", f.frequency_name);
  text(out, f.bar_x, names_y, "start", f.value_name);
  text(out, f.plot_x + f.plot_width / 2.0, bottom + tick + gap + kTextHeight + kMargin + half_text,
       "middle", f.time_name);
  out << labels.str() << "</g>\n</svg>\n";
  return out.str();
}

bool svg_is_complete(const std::filesystem::path& path) {
  static const std::string end = "</svg>\n";
  std::ifstream in(path, std::ios::binary);
  if (!in.seekg(-static_cast<std::streamoff>(end.size()), std::ios::end)) return false;
  std::string last(end.size(), '\0');
  return in.read(last.data(), static_cast<std::streamsize>(last.size())) && last == end;
}

std::string base64(const uint8_t* data, std::size_t size) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  for (std::size_t i = 0; i < size; i += 3) {
    const uint32_t chunk = static_cast<uint32_t>(data[i]) << 16 |
                           (i + 1 < size ? static_cast<uint32_t>(data[i + 1]) << 8 : 0) |
                           (i + 2 < size ? data[i + 2] : 0);
    out += alphabet[chunk >> 18 & 63];
    out += alphabet[chunk >> 12 & 63];
    out += i + 1 < size ? alphabet[chunk >> 6 & 63] : '=';
    out += i + 2 < size ? alphabet[chunk & 63] : '=';
  }
  return out;
}

std::string escape_xml(const std::string& text) {
  // XML allows neither control characters nor malformed UTF-8 (a file name may hold either).
  const bool utf8 = valid_utf8(text);
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\n') || (byte >= 0x80 && !utf8)) {
      out += '?';
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace nnaudio::cli
