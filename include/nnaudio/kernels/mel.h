#pragma once
// Mel scale conversions and mel filter banks with librosa's semantics (librosa.filters.mel).

#include <torch/torch.h>

#include <optional>

namespace nnaudio {

/// How each triangular mel filter is scaled.
class MelNorm {
 public:
  /// No scaling: every triangle peaks at 1.
  static MelNorm none() { return MelNorm(Kind::None, 0.0); }
  /// Slaney's area normalisation: 2 / (upper edge - lower edge) in Hz (librosa's default).
  static MelNorm slaney() { return MelNorm(Kind::Slaney, 0.0); }
  /// Each filter divided by its p-norm (p > 0; infinity: the maximum).
  static MelNorm p_norm(double p) { return MelNorm(Kind::PNorm, p); }

  enum class Kind { None, Slaney, PNorm };
  Kind kind() const { return kind_; }
  double p() const { return p_; }
  std::string to_string() const;
  bool operator==(const MelNorm& other) const { return kind_ == other.kind_ && p_ == other.p_; }

 private:
  MelNorm(Kind kind, double p) : kind_(kind), p_(p) {}
  Kind kind_;
  double p_;
};

namespace kernels {

/// Hz to mel: HTK's 2595 log10(1 + f/700), or Slaney's (linear below 1 kHz, logarithmic above).
torch::Tensor hz_to_mel(const torch::Tensor& hz, bool htk = false);
/// The inverse of hz_to_mel.
torch::Tensor mel_to_hz(const torch::Tensor& mel, bool htk = false);
double hz_to_mel(double hz, bool htk = false);
double mel_to_hz(double mel, bool htk = false);

/// `count` frequencies in Hz evenly spaced on the mel scale from fmin to fmax, float64.
torch::Tensor mel_frequencies(int64_t count, double fmin, double fmax, bool htk = false);

struct MelFilterbankOptions {
  MelFilterbankOptions(double sr, int64_t n_fft) : sr_(sr), n_fft_(n_fft) {}
  TORCH_ARG(double, sr);
  TORCH_ARG(int64_t, n_fft);
  TORCH_ARG(int64_t, n_mels) = 128;
  TORCH_ARG(double, fmin) = 0.0;
  /// Unset: sr / 2.
  TORCH_ARG(std::optional<double>, fmax) = std::nullopt;
  TORCH_ARG(bool, htk) = false;
  TORCH_ARG(MelNorm, norm) = MelNorm::slaney();
  /// Precision of the weights, librosa's `dtype`: float32 (librosa's default, which
  /// librosa.feature.melspectrogram and mfcc use) rounds them to float32 at the steps where
  /// librosa stores them, so that float64 transforms reproduce librosa's numbers; float64 keeps
  /// them exact. The tensor returned is float64 either way.
  TORCH_ARG(torch::Dtype, dtype) = torch::kFloat32;
};

/// Triangular mel filters over the FFT bins, float64 (n_mels, n_fft/2 + 1). Warns (does not
/// fail) when a filter is empty because n_mels is too high for n_fft. Throws
/// std::invalid_argument for bad parameters (n_mels <= 0, fmin >= fmax, fmax above Nyquist,
/// dtype other than float32 / float64, ...).
torch::Tensor mel_filterbank(const MelFilterbankOptions& options);

}  // namespace kernels
}  // namespace nnaudio
