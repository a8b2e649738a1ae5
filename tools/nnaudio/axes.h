#pragma once
// The axes of a spectrogram figure: what each row and column of an array stands for (seconds,
// Hz, notes, pitch classes, coefficients) and where the labelled ticks go. No LibTorch: the
// transforms describe themselves with a FigureAxes (module_axes.h).

#include <cstdint>
#include <string>
#include <vector>

namespace nnaudio::cli {

/// How the rows of a transform are labelled.
enum class FrequencyScale {
  Linear,  ///< Hz on an evenly spaced grid (the FFT's): ticks at round multiples
  Log,     ///< Hz on a logarithmic grid (log STFT, CFP): ticks at 1, 2, 5 x 10^k from 10 Hz
  /// Hz on an auditory scale (mel, gammatone's ERB), linear at low frequencies and logarithmic
  /// at high ones: ticks at 1, 2, 5 x 10^k from 10 Hz and at 0 when the lowest row is there,
  /// interpolated linearly between the rows
  Auditory,
  Note,    ///< Hz on a constant-Q grid: note names at every C (and A where there is room)
  Chroma,  ///< pitch classes, the first row C
  Index    ///< row numbers from 0 (MFCC coefficients)
};

struct FigureAxes {
  double sample_rate = 0;  ///< Hz
  int64_t hop_length = 1;  ///< samples between frames
  double time_offset = 0;  ///< seconds at which frame 0 is centred
  FrequencyScale scale = FrequencyScale::Index;
  std::vector<double> frequencies;  ///< Hz of each row, ascending (Linear, Log, Auditory, Note)
  std::string value_unit;           ///< "dB", "rad", or empty for a plain number
};

/// A labelled tick: `position` in pixels from the plot's left edge (time) or top edge
/// (frequency, colour bar), at the centre of the column / row it names. Lists of ticks run
/// left to right, top to bottom.
struct Tick {
  double position = 0;
  std::string label;
};

/// Seconds at the centre of frame `frame` (fractional frames interpolate).
double frame_time(const FigureAxes& axes, double frame);

/// Ticks at round numbers of seconds, at least `min_spacing` pixels apart, for `frames` frames
/// drawn `width` pixels wide.
std::vector<Tick> time_ticks(const FigureAxes& axes, int64_t frames, int64_t width,
                             double min_spacing);

/// Ticks of the frequency axis for `rows` rows drawn `height` pixels high, lowest row at the
/// bottom, at least `min_spacing` pixels apart.
std::vector<Tick> frequency_ticks(const FigureAxes& axes, int64_t rows, int64_t height,
                                  double min_spacing);

/// Ticks at round values between `low` (bottom) and `high` (top) of a bar `height` pixels high.
std::vector<Tick> value_ticks(double low, double high, int64_t height, double min_spacing);

/// What row `row` of `rows` stands for, as the pointer read-out shows it: "440.0 Hz (A4)",
/// "C#", "12".
std::string row_label(const FigureAxes& axes, int64_t rows, int64_t row);

/// The name of the row axis: "Hz", "note", "pitch class", "coefficient".
std::string frequency_axis_name(const FigureAxes& axes);

/// The equal-tempered note nearest to `hz` (A4 = 440 Hz): "A4", "C#3", "F#-1".
std::string note_name(double hz);

}  // namespace nnaudio::cli
