#pragma once
// Options of the gammatone spectrogram:
//   nnaudio::Gammatonegram gt(nnaudio::GammatonegramOptions(44100).n_bins(64).fmin(20));

#include <torch/torch.h>

#include <optional>

#include "nnaudio/options/framing.h"

namespace nnaudio {

/// nnAudio's Gammatonegram parameters and defaults (its reflect padding included); hop_length
/// defaults to win_length / 4, which is nnAudio's 512 for the default n_fft of 2048.
struct GammatonegramOptions {
  /* implicit */ GammatonegramOptions(double sr = 22050.0) : sr_(sr) {}
  /// Sample rate in Hz.
  TORCH_ARG(double, sr);
  NNAUDIO_FRAMING_OPTIONS(2048, PadMode::Reflect);
  /// Number of gammatone bands.
  TORCH_ARG(int64_t, n_bins) = 64;
  /// Exponent of the magnitude before the filter bank: 2 power, 1 magnitude; any value > 0.
  TORCH_ARG(double, power) = 2.0;
  /// Hz, centre of the lowest band.
  TORCH_ARG(double, fmin) = 0.0;
  /// Hz; unset: sr / 2.
  TORCH_ARG(std::optional<double>, fmax) = std::nullopt;
  /// The gammatone bank becomes a parameter.
  TORCH_ARG(bool, trainable_bins) = false;
  /// The STFT's Fourier kernels and window become parameters (Conv backend).
  TORCH_ARG(bool, trainable_STFT) = false;
};

}  // namespace nnaudio
