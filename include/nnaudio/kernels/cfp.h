#pragma once
// The fixed parts of the Combined Frequency and Periodicity (CFP) representation (Su & Yang,
// "Combining spectral and temporal representations for multipitch estimation of polyphonic
// music", IEEE/ACM TASLP 2015): its window, its bin layout and the two matrices that map the
// spectrum and the cepstrum onto one log-frequency grid.

#include <torch/torch.h>

#include <vector>

namespace nnaudio::kernels {

/// Sizes and indices that follow from CFP's parameters. Bin k of the spectrum lies at
/// k * fs / n_fft Hz; quefrency bin j at j / fs seconds, i.e. at fs / j Hz.
struct CFPLayout {
  double fs = 0.0;              ///< sample rate, Hz
  int64_t n_fft = 0;            ///< N = floor(fs / fr): the DFT length of every layer
  double bin_hz = 0.0;          ///< fs / N, equal to fr when fs / fr is an integer
  int64_t freq_bins = 0;        ///< spectrum bins kept: round((1 / tc) / bin_hz) + 1
  int64_t quef_bins = 0;        ///< cepstrum bins kept: round(fs / fc) + 1
  int64_t freq_cutoff = 0;      ///< spectrum bins below fc zeroed: round(fc / bin_hz)
  int64_t quef_cutoff = 0;      ///< cepstrum bins below tc zeroed: round(fs * tc)
  std::vector<double> centres;  ///< fc * 2^(i / NumPerOct) below 1 / tc, Hz
  /// Rows of the log-frequency outputs: centres.size() - 1; row i is centred at centres[i].
  int64_t bands() const { return static_cast<int64_t>(centres.size()) - 1; }
};

/// Throws std::invalid_argument (naming the parameter) unless fr, fs, fc, tc are positive and
/// finite, fc < 1 / tc <= fs / 2, N / 2 + 1 covers both freq_bins and quef_bins, NumPerOct > 0
/// and the grid has at least three centre frequencies. Rounding is Python's (half to even), as
/// in nnAudio.
CFPLayout cfp_layout(double fr, double fs, double fc, double tc, int64_t num_per_oct);

/// Throws std::invalid_argument unless g holds at least two exponents (a spectral and a
/// cepstral layer), each finite and >= 0.
void check_cfp_exponents(const std::vector<double>& g);

/// The analysis window: scipy.signal.windows.blackmanharris(window_size) (symmetric), float64.
torch::Tensor cfp_window(int64_t window_size);

/// Triangular filters on the spectrum bins, float64 (bands, freq_bins): row i rises from
/// centres[i-1] to 1 at centres[i] and falls to 0 at centres[i+1]; a row whose whole triangle
/// rounds to one bin puts weight 1 on that bin. Row 0 and the last centre have no band (zero
/// row / no row), as in nnAudio and the authors' code.
torch::Tensor cfp_freq_to_logfreq(const CFPLayout& layout);

/// The same triangles on the cepstrum bins, quefrency bin j read as the frequency fs / j
/// (bin 0, infinite frequency, gets no weight): float64 (bands, quef_bins).
torch::Tensor cfp_quef_to_logfreq(const CFPLayout& layout);

}  // namespace nnaudio::kernels
