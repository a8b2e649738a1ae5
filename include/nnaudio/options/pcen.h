#pragma once
// Options of PCEN (librosa.pcen; LEAF's trainable sPCEN).
//   nnaudio::PCEN pcen(nnaudio::PCENOptions(16000).hop_length(160));

#include <torch/torch.h>

#include <cstdint>
#include <optional>

namespace nnaudio {

struct PCENOptions {
  /* implicit */ PCENOptions(double sr = 22050.0) : sr_(sr) {}
  /// Sample rate and hop of the spectrogram, which turn time_constant into b.
  TORCH_ARG(double, sr);
  TORCH_ARG(int64_t, hop_length) = 512;
  /// Exponent of the automatic gain control, >= 0.
  TORCH_ARG(double, gain) = 0.98;
  /// Offset of the dynamic range compression, >= 0 (> 0 when trainable).
  TORCH_ARG(double, bias) = 2.0;
  /// Exponent of the compression, >= 0 (> 0 when trainable; 0: log1p).
  TORCH_ARG(double, power) = 0.5;
  /// Time constant of the smoother in seconds, > 0 (used when b is unset).
  TORCH_ARG(double, time_constant) = 0.4;
  /// Smoothing coefficient in [0, 1]; unset: derived from time_constant, sr and hop_length.
  TORCH_ARG(std::optional<double>, b) = std::nullopt;
  /// Floor of the smoothed energy, > 0.
  TORCH_ARG(double, eps) = 1e-6;
  /// Width of a maximum filter applied along max_axis before smoothing (1: none).
  TORCH_ARG(int64_t, max_size) = 1;
  /// Axis of the maximum filter in the input (-2: frequency, librosa's choice for 2-D input).
  TORCH_ARG(int64_t, max_axis) = -2;
  /// gain, bias, power and b become parameters (LEAF's sPCEN); they are clamped to their valid
  /// ranges in forward: b to [0, 1], gain to >= 0, bias and power to >= 1e-6.
  TORCH_ARG(bool, trainable) = false;
  /// With trainable: one value of each parameter per frequency channel (this many); unset:
  /// one value shared by all channels.
  TORCH_ARG(std::optional<int64_t>, channels) = std::nullopt;
};

}  // namespace nnaudio
