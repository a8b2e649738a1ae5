#pragma once
// Constant-Q / variable-Q kernels: centre frequencies, filter lengths, the time-domain wavelet
// basis (librosa.filters.wavelet), its frequency-domain form (librosa's __vqt_filter_fft) and
// the low-pass filter of the multirate algorithms. Everything is built in float64.

#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nnaudio/kernels/window.h"
#include "nnaudio/memory.h"

namespace nnaudio {

/// How each wavelet is normalised: by its L1 norm (librosa's default), its L2 norm, its
/// maximum (infinity norm), or not at all.
class WaveletNorm {
 public:
  static WaveletNorm none() { return WaveletNorm(0.0); }
  static WaveletNorm l1() { return WaveletNorm(1.0); }
  static WaveletNorm l2() { return WaveletNorm(2.0); }
  static WaveletNorm max() { return WaveletNorm(-1.0); }
  /// "1", "2", "inf" or "none".
  static WaveletNorm parse(const std::string& name);

  bool is_none() const { return p_ == 0.0; }
  bool is_max() const { return p_ < 0.0; }
  /// The p of the p-norm (1 or 2); meaningless for none() and max().
  double p() const { return p_; }
  std::string to_string() const;
  bool operator==(const WaveletNorm& other) const { return p_ == other.p_; }

 private:
  explicit WaveletNorm(double p) : p_(p) {}
  double p_;
};

/// Filter length convention.
enum class FilterLengths {
  Librosa,  ///< Q = filter_scale / alpha, alpha = (2^(2/B) - 1) / (2^(2/B) + 1); fractional
  NNAudio,  ///< Q = filter_scale / (2^(1/B) - 1), lengths rounded up (nnAudio 0.3)
};

std::string to_string(FilterLengths value);
FilterLengths parse_filter_lengths(const std::string& name);

namespace kernels {

/// fmin * 2^(k / bins_per_octave), k = 0 .. n_bins-1 (float64).
torch::Tensor cqt_frequencies(int64_t n_bins, double fmin, int64_t bins_per_octave);

/// librosa's window_bandwidth: its table for the named windows, else n * sum(w^2) / sum(w)^2
/// of a 1000-point window.
double window_bandwidth(const Window& window);

/// What the filter lengths of a set of centre frequencies are, and how far up the highest
/// filter reaches.
struct WaveletLengths {
  torch::Tensor lengths;  ///< (n_bins) float64, in samples at `sr`
  double cutoff_hz = 0;   ///< max f (1 + window_bandwidth / (2 Q)) + gamma / 2
};

/// Filter lengths of wavelets at `frequencies` (ascending, float64): librosa's
/// Q sr / (f + gamma / alpha), or nnAudio's ceil(Q sr / f). `alpha` is librosa's relative
/// bandwidth from bins_per_octave (equal temperament). Throws std::invalid_argument for
/// non-positive frequencies / filter_scale, negative gamma, a top filter centred at or above
/// Nyquist, or (unless allow_above_nyquist) one whose band reaches past it; cutoff_hz then
/// tells how far.
WaveletLengths wavelet_lengths(const torch::Tensor& frequencies, double sr, int64_t bins_per_octave,
                               const Window& window, double filter_scale, double gamma,
                               FilterLengths convention = FilterLengths::Librosa,
                               bool allow_above_nyquist = false);

/// The time-domain wavelets (librosa.filters.wavelet): row k is window * exp(i 2 pi f_k n / sr)
/// over ceil(length_k) samples, normalised by `norm`, centred in `size` samples (complex128).
/// `size` unset: the next power of two of the longest filter.
torch::Tensor wavelet_basis(const torch::Tensor& frequencies, const torch::Tensor& lengths,
                            double sr, const Window& window, WaveletNorm norm,
                            std::optional<int64_t> size = std::nullopt);

/// Keeps, in each row, the largest-magnitude entries that hold all but `sparsity` of the
/// row's L1 mass (librosa.util.sparsify_rows); sparsity in [0, 1).
torch::Tensor sparsify_rows(const torch::Tensor& rows, double sparsity);

/// The frequency-domain kernels of `basis` (n, n_fft) as librosa's multirate CQT uses them:
/// fft(basis) / n_fft over the n_fft/2 + 1 non-negative frequencies, sparsified (librosa also
/// multiplies by the filter lengths, a factor the modules' normalisation accounts for).
/// Applied to an STFT with a boxcar window, kernels @ STFT is the filter response.
torch::Tensor frequency_domain_kernels(const torch::Tensor& basis, double sparsity);

/// Zero-phase low-pass FIR for halving the sample rate: the filter of libsoxr's high-quality
/// (SOXR_HQ) 2:1 stage, which librosa's multirate CQT resamples with, designed as libsoxr 0.1.3
/// designs it (a Kaiser-windowed sinc with soxr's fitted beta and length: 389 taps, passband to
/// 0.9137 and stopband from 1.0 of the new Nyquist, 126.4 dB). float64; its taps sum to
/// 1 + 4.6e-8 and are not renormalised, as in soxr.
torch::Tensor halving_lowpass();

/// librosa's early downsampling rule: how many times the rate can be halved before the
/// octave loop, given the top filter's cutoff, the hop and the number of octaves.
int64_t early_downsample_count(double sr, double cutoff_hz, int64_t hop_length, int64_t n_octaves);

}  // namespace kernels
}  // namespace nnaudio
