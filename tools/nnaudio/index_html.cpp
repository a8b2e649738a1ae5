#include "index_html.h"

#include <cctype>
#include <cstdio>
#include <ostream>

#include "output_file.h"

namespace nnaudio::cli {
namespace {

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
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

/// Percent-encodes what a relative URL cannot hold as is (spaces, '#', '?', '%', ...).
std::string url(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::string("/._-~").find(static_cast<char>(c)) != std::string::npos) {
      out += static_cast<char>(c);
    } else {
      char code[4];
      std::snprintf(code, sizeof code, "%%%02X", c);
      out += code;
    }
  }
  return out;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    text += (i ? ", " : "") + std::to_string(shape[i]);
  }
  return text + ")";
}

constexpr const char* kStyle =
    "body{font-family:sans-serif;margin:1.5em;background:#fafafa}"
    "section{margin-bottom:2em}figure{display:inline-block;vertical-align:top;margin:0 1em 1em 0;"
    "max-width:46em}img{width:36em;max-width:100%;height:14em;image-rendering:pixelated;display:"
    "block;"
    "border:1px solid #ccc}figcaption pre{white-space:pre-wrap;font-size:0.75em;margin:0.3em 0}"
    "code{background:#eee;padding:0 0.2em}";

}  // namespace

void write_index(const std::filesystem::path& path, const std::string& command,
                 const std::vector<IndexEntry>& entries) {
  write_atomically(path, [&](std::ostream& out) {
    out << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>nnaudio spectrograms"
        << "</title><style>" << kStyle << "</style></head><body>\n<h1>nnaudio spectrograms</h1>\n"
        << "<p><code>" << escape(command) << "</code></p>\n"
        << "<p>Images: decibels (cepstra and phases linearly), low frequencies at the bottom, "
        << "one pixel per frame and bin.</p>\n";
    for (const auto& entry : entries) {
      char summary[128];
      std::snprintf(summary, sizeof summary, "%.3f s, %g Hz, %d channel%s", entry.seconds,
                    entry.sample_rate, entry.channels, entry.channels == 1 ? "" : "s");
      out << "<section><h2>" << escape(entry.input) << "</h2><p>" << summary << "</p>\n";
      for (const auto& output : entry.outputs) {
        out << "<figure>";
        if (!output.image.empty()) {
          out << "<a href=\"" << url(output.image) << "\"><img src=\"" << url(output.image)
              << "\" alt=\"" << escape(output.kind) << "\"></a>";
        }
        out << "<figcaption><b>" << escape(output.kind) << "</b> " << shape_text(output.shape);
        if (!output.array.empty()) {
          out << " <a href=\"" << url(output.array) << "\">" << escape(output.array) << "</a>";
        }
        out << "<pre>" << escape(output.parameters) << "</pre></figcaption></figure>\n";
      }
      out << "</section>\n";
    }
    out << "</body></html>\n";
  });
}

}  // namespace nnaudio::cli
