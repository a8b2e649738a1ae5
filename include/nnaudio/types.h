#pragma once
// The choices every transform shares, as plain enums (not torch::enumtype, whose variant type
// differs between LibTorch 1.13 and 2.x).

#include <string>

namespace nnaudio {

/// How the signal is extended by n_fft/2 at both ends when `center` is true.
enum class PadMode {
  Constant,  ///< zeros: librosa's default
  Reflect,   ///< mirror without repeating the edge sample: nnAudio's default
};

/// What a spectral transform returns.
enum class OutputFormat {
  Complex,    ///< complex tensor (..., freq, frames)
  RealImag,   ///< real tensor (..., freq, frames, 2): nnAudio's layout, export friendly
  Magnitude,  ///< |X|, with a zero (finite) gradient where |X| = 0
  Power,      ///< |X|^2
  Phase,      ///< angle of X in radians
};

/// Which computation produces the spectrum.
enum class Backend {
  Auto,  ///< Conv when kernels are trainable or the frequency grid is not the FFT's, else FFT
  FFT,   ///< FFTW on CPU (when built with it), torch FFTs otherwise: fastest, not trainable
  Conv,  ///< explicit Fourier kernels through matmul: trainable, export friendly
};

/// Frequency grid of the STFT bins (nnAudio's `freq_scale`).
enum class FreqScale {
  No,      ///< the FFT grid k * sr / n_fft, k = 0 .. n_fft/2
  Linear,  ///< freq_bins bins from fmin, evenly spaced towards fmax
  Log,     ///< freq_bins bins from fmin, geometrically spaced towards fmax
  Log2,    ///< the same grid as Log (nnAudio keeps both names)
};

std::string to_string(PadMode value);
std::string to_string(OutputFormat value);
std::string to_string(Backend value);
std::string to_string(FreqScale value);

/// Parse the lower-case names used by to_string (and the command line). Throws
/// std::invalid_argument naming the parameter and the allowed values.
PadMode parse_pad_mode(const std::string& name);
OutputFormat parse_output_format(const std::string& name);
Backend parse_backend(const std::string& name);
FreqScale parse_freq_scale(const std::string& name);

}  // namespace nnaudio
