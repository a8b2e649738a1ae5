#include "axes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

namespace nnaudio::cli {
namespace {

constexpr std::array<const char*, 12> kPitchClasses = {"C",  "C#", "D",  "D#", "E",  "F",
                                                       "F#", "G",  "G#", "A",  "A#", "B"};

/// Evenly stepped ticks (Hz on a linear grid, row numbers) sit this many times the minimum
/// spacing apart at least, so that a tall axis does not become a ladder of labels.
constexpr double kStepSpacing = 2.5;

/// The smallest of 1, 2, 5 x 10^k that is at least `least` (> 0).
double nice_step(double least) {
  const double decade = std::pow(10.0, std::floor(std::log10(least)));
  for (double digit : {1.0, 2.0, 5.0, 10.0}) {
    if (digit * decade >= least * (1 - 1e-9)) return digit * decade;
  }
  return 10 * decade;
}

/// printf with the decimals a step of `step` needs ("0.5" for 0.5, "20" for 20).
std::string format_at_step(double value, double step) {
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, std::abs(value) < step * 1e-6 ? 0.0 : value);
  return text;
}

std::string hz_text(double hz) {
  char text[32];
  if (hz >= 1000) {
    std::snprintf(text, sizeof text, "%gk", hz / 1000);
  } else {
    std::snprintf(text, sizeof text, "%g", hz);
  }
  return text;
}

/// The fractional row (0: the lowest) of `hz` between the rows' centres, interpolated linearly
/// in Hz or in log Hz; NaN outside them.
double row_of(const std::vector<double>& frequencies, double hz, bool logarithmic) {
  const auto upper = std::lower_bound(frequencies.begin(), frequencies.end(), hz);
  if (upper == frequencies.end()) return std::numeric_limits<double>::quiet_NaN();
  const auto index = upper - frequencies.begin();
  if (*upper == hz) return static_cast<double>(index);
  if (index == 0) return std::numeric_limits<double>::quiet_NaN();
  const double low = frequencies[index - 1], high = *upper;
  if (logarithmic && low <= 0) return std::numeric_limits<double>::quiet_NaN();
  const double t =
      logarithmic ? std::log(hz / low) / std::log(high / low) : (hz - low) / (high - low);
  return static_cast<double>(index - 1) + t;
}

/// A tick that may be drawn; lower priorities are placed first.
struct Candidate {
  int priority;
  double position;
  std::string label;
};

/// Places the candidates by priority, each at least `min_spacing` from those placed, and
/// returns them top to bottom (left to right).
std::vector<Tick> place(std::vector<Candidate> candidates, double min_spacing) {
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.priority < b.priority; });
  std::vector<Tick> ticks;
  for (auto& candidate : candidates) {
    if (!std::isfinite(candidate.position)) continue;
    const bool room = std::all_of(ticks.begin(), ticks.end(), [&](const Tick& tick) {
      return std::abs(tick.position - candidate.position) >= min_spacing - 1e-6;
    });
    if (room) ticks.push_back({candidate.position, std::move(candidate.label)});
  }
  std::sort(ticks.begin(), ticks.end(),
            [](const Tick& a, const Tick& b) { return a.position < b.position; });
  return ticks;
}

int midi_of(double hz) {
  return static_cast<int>(std::lround(69 + 12 * std::log2(hz / 440.0)));
}

/// Candidate ticks in Hz, at rows found by interpolation: every 1, 2, 5 x 10^k from 10 Hz (and
/// 0 on an auditory axis that starts there), the powers of ten first.
template <typename RowToY>
std::vector<Candidate> decade_candidates(const FigureAxes& axes, const RowToY& y_of_row) {
  const bool logarithmic = axes.scale == FrequencyScale::Log;
  std::vector<Candidate> candidates;
  // The lowest band of an auditory scale from 0 Hz is centred within a Hz of 0.
  if (axes.scale == FrequencyScale::Auditory && axes.frequencies.front() < 1.0) {
    candidates.push_back({0, y_of_row(0.0), "0"});
  }
  // From 10 Hz: lower round numbers would crowd the bottom of an auditory axis.
  for (int exponent = 1; exponent <= 6; ++exponent) {
    for (int digit : {1, 2, 5}) {
      const double hz = digit * std::pow(10.0, exponent);
      const int priority = digit == 1 ? 0 : 1;
      candidates.push_back(
          {priority, y_of_row(row_of(axes.frequencies, hz, logarithmic)), hz_text(hz)});
    }
  }
  return candidates;
}

}  // namespace

double frame_time(const FigureAxes& axes, double frame) {
  return axes.time_offset + frame * static_cast<double>(axes.hop_length) / axes.sample_rate;
}

std::vector<Tick> time_ticks(const FigureAxes& axes, int64_t frames, int64_t width,
                             double min_spacing) {
  const double frame_seconds = static_cast<double>(axes.hop_length) / axes.sample_rate;
  const double pixels_per_second = static_cast<double>(width) / frames / frame_seconds;
  const double step = nice_step(min_spacing / pixels_per_second);
  const double first = frame_time(axes, -0.5), last = frame_time(axes, frames - 0.5);
  std::vector<Tick> ticks;
  for (double k = std::ceil(first / step); k * step <= last; ++k) {
    const double frame = (k * step - axes.time_offset) / frame_seconds;
    ticks.push_back({(frame + 0.5) * width / frames, format_at_step(k * step, step)});
  }
  return ticks;
}

std::vector<Tick> frequency_ticks(const FigureAxes& axes, int64_t rows, int64_t height,
                                  double min_spacing) {
  const double row_height = static_cast<double>(height) / rows;
  const auto y_of_row = [&](double row) { return height - (row + 0.5) * row_height; };
  std::vector<Candidate> candidates;
  switch (axes.scale) {
    case FrequencyScale::Linear: {
      const double low = axes.frequencies.front(), high = axes.frequencies.back();
      if (!(high > low)) {  // a single bin: no spacing to step by
        candidates.push_back({0, y_of_row(0), hz_text(low)});
        break;
      }
      const double pixels_per_hz = (rows - 1) * row_height / (high - low);
      const double step = nice_step(kStepSpacing * min_spacing / pixels_per_hz);
      for (double k = std::ceil(low / step); k * step <= high; ++k) {
        candidates.push_back(
            {0, y_of_row(row_of(axes.frequencies, k * step, false)), hz_text(k * step)});
      }
      break;
    }
    case FrequencyScale::Log:
    case FrequencyScale::Auditory:
      candidates = decade_candidates(axes, y_of_row);
      break;
    case FrequencyScale::Note: {
      const int first = midi_of(axes.frequencies.front()), last = midi_of(axes.frequencies.back());
      for (int midi = first; midi <= last; ++midi) {
        if (midi % 12 != 0 && midi % 12 != 9) continue;  // the Cs, then the As
        const double hz = 440.0 * std::pow(2.0, (midi - 69) / 12.0);
        candidates.push_back(
            {midi % 12 == 0 ? 0 : 1, y_of_row(row_of(axes.frequencies, hz, true)), note_name(hz)});
      }
      break;
    }
    case FrequencyScale::Chroma:
      for (int64_t row = 0; row < rows; ++row) {
        if (row * 12 % rows != 0) continue;
        const auto pitch = static_cast<std::size_t>(row * 12 / rows);
        const int priority = std::string(kPitchClasses[pitch]).size() == 1 ? 0 : 1;
        candidates.push_back({priority, y_of_row(static_cast<double>(row)), kPitchClasses[pitch]});
      }
      break;
    case FrequencyScale::Index: {
      const double step = std::max(1.0, nice_step(kStepSpacing * min_spacing / row_height));
      for (double row = 0; row < rows; row += step) {
        candidates.push_back({0, y_of_row(row), format_at_step(row, 1)});
      }
      break;
    }
  }
  return place(std::move(candidates), min_spacing);
}

std::vector<Tick> value_ticks(double low, double high, int64_t height, double min_spacing) {
  if (!(high > low)) return {{height / 2.0, format_at_step(high, 0.01)}};
  const double step = nice_step(min_spacing * (high - low) / height);
  std::vector<Tick> ticks;  // top (the highest value) first
  for (double k = std::floor(high / step); k * step >= low; --k) {
    ticks.push_back({(high - k * step) / (high - low) * height, format_at_step(k * step, step)});
  }
  return ticks;
}

std::string row_label(const FigureAxes& axes, int64_t rows, int64_t row) {
  char text[64];
  switch (axes.scale) {
    case FrequencyScale::Linear:
    case FrequencyScale::Log:
    case FrequencyScale::Auditory:
      std::snprintf(text, sizeof text, "%.1f Hz", axes.frequencies[row]);
      return text;
    case FrequencyScale::Note:
      std::snprintf(text, sizeof text, "%.1f Hz (%s)", axes.frequencies[row],
                    note_name(axes.frequencies[row]).c_str());
      return text;
    case FrequencyScale::Chroma: {
      const double pitch = static_cast<double>(row) * 12 / rows;
      const double whole = std::floor(pitch);
      if (pitch == whole) return kPitchClasses[static_cast<std::size_t>(whole)];
      std::snprintf(text, sizeof text, "%s +%.0f cents",
                    kPitchClasses[static_cast<std::size_t>(whole)], (pitch - whole) * 100);
      return text;
    }
    case FrequencyScale::Index:
      break;
  }
  return std::to_string(row);
}

std::string frequency_axis_name(const FigureAxes& axes) {
  switch (axes.scale) {
    case FrequencyScale::Linear:
    case FrequencyScale::Log:
    case FrequencyScale::Auditory:
      return "Hz";
    case FrequencyScale::Note:
      return "note";
    case FrequencyScale::Chroma:
      return "pitch class";
    case FrequencyScale::Index:
      break;
  }
  return "coefficient";
}

std::string note_name(double hz) {
  const int midi = midi_of(hz);
  const int pitch = ((midi % 12) + 12) % 12;
  // Octave -1 starts at MIDI 0; floor division keeps notes below it in octave -2.
  const int octave = (midi - pitch) / 12 - 1;
  return std::string(kPitchClasses[pitch]) + std::to_string(octave);
}

}  // namespace nnaudio::cli
