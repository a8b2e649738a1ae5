#pragma once
// Options of the mel-scale transforms and of decibel conversion.

#include <torch/torch.h>

#include <optional>

#include "nnaudio/kernels/mel.h"
#include "nnaudio/options/framing.h"

namespace nnaudio {

/// ref of power_to_db / amplitude_to_db: a fixed value, or the maximum of each example.
class DbReference {
 public:
  /* implicit */ DbReference(double value = 1.0) : value_(value) {}
  static DbReference max() {
    DbReference r;
    r.use_max_ = true;
    return r;
  }
  bool use_max() const { return use_max_; }
  double value() const { return value_; }

 private:
  double value_ = 1.0;
  bool use_max_ = false;
};

struct AmplitudeToDBOptions {
  /// What the input holds: power (|X|^2, 10 log10) or amplitude (|X|, 20 log10).
  enum class Stype { Power, Magnitude };
  /* implicit */ AmplitudeToDBOptions(Stype stype = Stype::Power) : stype_(stype) {}
  TORCH_ARG(Stype, stype);
  /// 0 dB level: a value, or DbReference::max() of each example.
  TORCH_ARG(DbReference, ref) = 1.0;
  /// Floor of the input (in its own units: power or amplitude), > 0.
  TORCH_ARG(double, amin) = 1e-10;
  /// Clip each example to (its maximum - top_db); unset: no clipping. >= 0.
  TORCH_ARG(std::optional<double>, top_db) = 80.0;
};

struct MelSpectrogramOptions {
  /* implicit */ MelSpectrogramOptions(double sr = 22050.0) : sr_(sr) {}
  /// Sample rate in Hz.
  TORCH_ARG(double, sr);
  NNAUDIO_FRAMING_OPTIONS(2048, PadMode::Constant);
  /// Exponent of the magnitude before the filter bank: 2 power, 1 magnitude; any value > 0.
  TORCH_ARG(double, power) = 2.0;
  TORCH_ARG(int64_t, n_mels) = 128;
  TORCH_ARG(double, fmin) = 0.0;
  /// Unset: sr / 2.
  TORCH_ARG(std::optional<double>, fmax) = std::nullopt;
  /// HTK's mel formula instead of Slaney's.
  TORCH_ARG(bool, htk) = false;
  TORCH_ARG(MelNorm, norm) = MelNorm::slaney();
  /// The mel filter bank becomes a parameter (dense product).
  TORCH_ARG(bool, trainable_mel) = false;
  /// The STFT's Fourier kernels and window become parameters (Conv backend).
  TORCH_ARG(bool, trainable_STFT) = false;
};

struct MFCCOptions {
  /* implicit */ MFCCOptions(double sr = 22050.0) : sr_(sr) {}
  TORCH_ARG(double, sr);
  NNAUDIO_FRAMING_OPTIONS(2048, PadMode::Constant);
  /// Number of coefficients kept, at most n_mels.
  TORCH_ARG(int64_t, n_mfcc) = 20;
  /// DCT type: 2 or 3.
  TORCH_ARG(int64_t, dct_type) = 2;
  /// Orthonormal DCT (true, librosa's "ortho") or scipy's unnormalised one.
  TORCH_ARG(bool, ortho) = true;
  /// Cepstral liftering 1 + (lifter/2) sin(pi (k+1) / lifter); 0: none.
  TORCH_ARG(double, lifter) = 0.0;
  /// true: power_to_db of the mel power (librosa); false: log(mel + log_offset).
  TORCH_ARG(bool, log_mels_db) = true;
  TORCH_ARG(double, log_offset) = 1e-6;
  /// Decibel settings when log_mels_db (librosa's defaults: ref 1, amin 1e-10, top_db 80).
  TORCH_ARG(double, ref) = 1.0;
  TORCH_ARG(double, amin) = 1e-10;
  TORCH_ARG(std::optional<double>, top_db) = 80.0;
  TORCH_ARG(int64_t, n_mels) = 128;
  TORCH_ARG(double, fmin) = 0.0;
  TORCH_ARG(std::optional<double>, fmax) = std::nullopt;
  TORCH_ARG(bool, htk) = false;
  TORCH_ARG(MelNorm, norm) = MelNorm::slaney();
  TORCH_ARG(bool, trainable_mel) = false;
  TORCH_ARG(bool, trainable_STFT) = false;
};

}  // namespace nnaudio
