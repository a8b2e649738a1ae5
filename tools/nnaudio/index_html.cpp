#include "index_html.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "output_file.h"
#include "svg.h"

namespace nnaudio::cli {
namespace {

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

/// A JSON string; '<' escaped too, so that no "</script>" can end the block early.
std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == '<') {
      char code[8];
      std::snprintf(code, sizeof code, "\\u%04x", c);
      out += code;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string json_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", std::isfinite(value) ? value : 0.0);
  return text;
}

std::string readout_json(const Readout& r) {
  std::string labels;
  for (const auto& label : r.row_labels) labels += (labels.empty() ? "" : ",") + json_string(label);
  std::string json = "{";
  const auto field = [&json](const char* name, const std::string& value) {
    json += (json.size() > 1 ? ",\"" : "\"") + std::string(name) + "\":" + value;
  };
  for (const auto& [name, value] : {std::pair<const char*, double>{"width", r.width},
                                    {"height", r.height},
                                    {"plotX", r.plot_x},
                                    {"plotY", r.plot_y},
                                    {"plotWidth", r.plot_width},
                                    {"panelHeight", r.panel_height},
                                    {"gap", kPanelGap},
                                    {"channels", r.channels},
                                    {"columns", r.columns},
                                    {"rows", r.rows},
                                    {"t0", r.time_start},
                                    {"dt", r.time_step},
                                    {"low", r.low},
                                    {"high", r.high}}) {
    field(name, json_number(value));
  }
  field("unit", json_string(r.unit));
  field("labels", "[" + labels + "]");
  field("values", json_string(r.values));
  return json + "}";
}

constexpr const char* kStyle =
    "body{font-family:sans-serif;margin:1.5em;background:#fafafa}"
    "section{margin-bottom:2em}figure{display:inline-block;vertical-align:top;margin:0 1em 1em 0;"
    "max-width:100%}figure img{max-width:100%;display:block;cursor:crosshair}"
    "output{display:block;font-family:monospace;min-height:1.3em;margin:0.2em 0}"
    "figcaption pre{white-space:pre-wrap;font-size:0.75em;margin:0.3em 0;max-width:60em}"
    "code{background:#eee;padding:0 0.2em}audio{display:block;margin-bottom:1em}";

// The pointer read-out: pixel -> (channel, column, row) of the embedded grid -> its time, row
// label and value. `?probe=FIGURE:COLUMN:ROW[:CHANNEL]` shows one cell without a pointer.
constexpr const char* kScript = R"(
window.addEventListener('error', e => { document.body.dataset.error = e.message; });
function decode(text) {
  const bytes = atob(text), codes = new Uint16Array(bytes.length / 2);
  for (let i = 0; i < codes.length; i++)
    codes[i] = bytes.charCodeAt(2 * i) | bytes.charCodeAt(2 * i + 1) << 8;
  return codes;
}
function describe(r, channel, column, row) {
  const code = r.codes[(channel * r.rows + row) * r.columns + column];
  const digits = r.high - r.low >= 10 ? 2 : 4;
  const value = code === 0 ? 'NaN'
      : (r.low + (code - 1) / 65534 * (r.high - r.low)).toFixed(digits);
  const parts = ['t = ' + (r.t0 + column * r.dt).toFixed(3) + ' s', r.labels[row],
                 value + (r.unit ? ' ' + r.unit : '')];
  if (r.channels > 1) parts.push('channel ' + channel);
  return {text: parts.join(' | '), value: value};
}
function show(output, result) {
  output.textContent = result.text;
  output.dataset.value = result.value;
}
for (const figure of document.querySelectorAll('figure[data-name]')) {
  const data = figure.querySelector('script.readout');
  if (!data) continue;
  const r = JSON.parse(data.textContent);
  r.codes = decode(r.values);
  const image = figure.querySelector('img'), output = figure.querySelector('output');
  image.addEventListener('mousemove', event => {
    const x = event.offsetX * r.width / image.clientWidth - r.plotX;
    const y = event.offsetY * r.height / image.clientHeight - r.plotY;
    const channel = Math.floor(y / (r.panelHeight + r.gap));
    const inside = y - channel * (r.panelHeight + r.gap);
    if (x < 0 || x >= r.plotWidth || channel < 0 || channel >= r.channels ||
        inside >= r.panelHeight) { output.textContent = ''; return; }
    show(output, describe(r, channel, Math.floor(x * r.columns / r.plotWidth),
                          r.rows - 1 - Math.floor(inside * r.rows / r.panelHeight)));
  });
  const probe = new URLSearchParams(location.search).get('probe');
  if (probe && probe.startsWith(figure.dataset.name + ':')) {
    const [column, row, channel] = probe.slice(figure.dataset.name.length + 1).split(':').map(Number);
    show(output, describe(r, channel || 0, column, row));
  }
}
)";

}  // namespace

Readout make_readout(const Figure& figure) {
  const Grid grid = readout_grid(figure);
  Readout r{figure.width,
            figure.height,
            figure.plot_x,
            figure.plot_y,
            figure.plot_width,
            figure.panel_height,
            grid.channels,
            grid.columns,
            grid.rows,
            0,
            0,
            figure.levels.low,
            figure.levels.high,
            figure.axes.value_unit,
            {},
            {}};
  const double frames_per_column = static_cast<double>(figure.levels.frames) / grid.columns;
  r.time_start = frame_time(figure.axes, 0.5 * frames_per_column - 0.5);
  r.time_step = frame_time(figure.axes, frames_per_column) - frame_time(figure.axes, 0);
  const double rows_per_row = static_cast<double>(figure.levels.rows) / grid.rows;
  for (int64_t row = 0; row < grid.rows; ++row) {
    const auto centre = static_cast<int64_t>(std::lround((row + 0.5) * rows_per_row - 0.5));
    r.row_labels.push_back(row_label(figure.axes, figure.levels.rows, centre));
  }
  const double range = r.high > r.low ? r.high - r.low : 1.0;
  std::vector<uint8_t> bytes;
  bytes.reserve(grid.values.size() * 2);
  for (float value : grid.values) {
    const auto code = static_cast<uint16_t>(
        std::isnan(value) ? 0
                          : 1 + std::lround(std::clamp((value - r.low) / range, 0.0, 1.0) * 65534));
    bytes.push_back(static_cast<uint8_t>(code & 0xff));
    bytes.push_back(static_cast<uint8_t>(code >> 8));
  }
  r.values = base64(bytes.data(), bytes.size());
  return r;
}

void write_index(const std::filesystem::path& path, const std::string& command,
                 const std::vector<IndexEntry>& entries) {
  write_atomically(path, [&](std::ostream& out) {
    out << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>nnaudio spectrograms"
        << "</title><style>" << kStyle << "</style></head><body>\n<h1>nnaudio spectrograms</h1>\n"
        << "<p><code>" << escape_xml(command) << "</code></p>\n"
        << "<p>Decibels (cepstra, chroma, PCEN and phases linearly), low frequencies at the "
        << "bottom. Point at a figure for the time, frequency (or note) and value there.</p>\n";
    for (const auto& entry : entries) {
      char summary[128];
      std::snprintf(summary, sizeof summary, "%.3f s, %g Hz, %d channel%s", entry.seconds,
                    entry.sample_rate, entry.channels, entry.channels == 1 ? "" : "s");
      out << "<section><h2>" << escape_xml(entry.input) << "</h2><p>" << summary << "</p>\n"
          << "<audio controls preload=\"none\" src=\"" << url(entry.audio) << "\"></audio>\n";
      for (const auto& output : entry.outputs) {
        const std::string name = std::filesystem::path(output.figure).filename().string();
        out << "<figure data-name=\"" << escape_xml(name) << "\">";
        if (!output.figure.empty()) {
          out << "<img src=\"" << url(output.figure) << "\" alt=\"" << escape_xml(output.kind)
              << "\"><output id=\"readout-" << escape_xml(name) << "\"></output>";
        }
        if (output.readout && !output.figure.empty()) {
          out << "<script type=\"application/json\" class=\"readout\">"
              << readout_json(*output.readout) << "</script>";
        }
        out << "<figcaption><b>" << escape_xml(output.kind) << "</b> " << shape_text(output.shape);
        if (!output.array.empty()) {
          out << " <a href=\"" << url(output.array) << "\">" << escape_xml(output.array) << "</a>";
        }
        out << "<pre>" << escape_xml(output.parameters) << "</pre></figcaption></figure>\n";
      }
      out << "</section>\n";
    }
    out << "<script>" << kScript << "</script>\n</body></html>\n";
  });
}

}  // namespace nnaudio::cli
