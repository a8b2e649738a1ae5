#pragma once
// Options of the mel-scale transforms and of decibel conversion.

#include <torch/torch.h>

#include <optional>

#include "nnaudio/functional/amplitude.h"
#include "nnaudio/kernels/mel.h"
#include "nnaudio/options/framing.h"

/// Declares the mel filter bank fields that MelSpectrogramOptions and MFCCOptions share:
///  - n_mels (128), fmin (0 Hz), fmax (unset: sr / 2), htk (false: Slaney's mel formula),
///    norm (MelNorm::slaney());
///  - mel_dtype (torch::kFloat32): precision of the filter weights, librosa.filters.mel's
///    `dtype`, which melspectrogram passes on: float32, librosa's default, gives librosa's
///    numbers, float64 the exact triangles; the bank is stored as float64 and cast to the
///    input's dtype either way;
///  - trainable_mel (false): the bank becomes a parameter (dense product);
///  - trainable_STFT (false): the STFT's Fourier kernels and window become parameters (Conv).
#define NNAUDIO_MEL_BANK_OPTIONS()                                    \
  TORCH_ARG(int64_t, n_mels) = 128;                                   \
  TORCH_ARG(double, fmin) = 0.0;                                      \
  TORCH_ARG(std::optional<double>, fmax) = std::nullopt;              \
  TORCH_ARG(bool, htk) = false;                                       \
  TORCH_ARG(::nnaudio::MelNorm, norm) = ::nnaudio::MelNorm::slaney(); \
  TORCH_ARG(torch::Dtype, mel_dtype) = torch::kFloat32;               \
  TORCH_ARG(bool, trainable_mel) = false;                             \
  TORCH_ARG(bool, trainable_STFT) = false

namespace nnaudio {

struct AmplitudeToDBOptions {
  /// What the input holds: power (|X|^2, 10 log10) or amplitude (|X|, 20 log10).
  enum class Stype { Power, Magnitude };
  /* implicit */ AmplitudeToDBOptions(Stype stype = Stype::Power) : stype_(stype) {}
  TORCH_ARG(Stype, stype);
  /// 0 dB level: a value, or DbReference::max() of each example.
  TORCH_ARG(DbReference, ref) = 1.0;
  /// Floor of the input in its own units (power or amplitude), > 0; unset: librosa's default
  /// for stype, 1e-10 for power and 1e-5 for magnitude.
  TORCH_ARG(std::optional<double>, amin) = std::nullopt;
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
  NNAUDIO_MEL_BANK_OPTIONS();
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
  /// Decibel settings when log_mels_db (librosa's defaults: ref 1, amin 1e-10, top_db 80);
  /// ref=max and top_db apply to each (n_mels, frames) example, see functional::power_to_db.
  TORCH_ARG(DbReference, ref) = 1.0;
  TORCH_ARG(double, amin) = 1e-10;
  TORCH_ARG(std::optional<double>, top_db) = 80.0;
  NNAUDIO_MEL_BANK_OPTIONS();
};

}  // namespace nnaudio
