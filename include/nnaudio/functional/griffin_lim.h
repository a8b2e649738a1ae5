#pragma once
// Phase reconstruction from a magnitude spectrogram.

#include <torch/torch.h>

#include <optional>

#include "nnaudio/types.h"

namespace nnaudio::functional {

/// How the phase estimate starts.
enum class PhaseInit {
  Random,  ///< uniform random phases from `seed` (librosa's default)
  Zeros,   ///< zero phase everywhere
};

struct GriffinLimFuncOptions {
  /* implicit */ GriffinLimFuncOptions(int64_t n_fft) : n_fft_(n_fft) {}
  TORCH_ARG(int64_t, n_fft);
  /// Samples between frames; unset: win_length / 4.
  TORCH_ARG(std::optional<int64_t>, hop_length) = std::nullopt;
  TORCH_ARG(bool, center) = true;
  TORCH_ARG(PadMode, pad_mode) = PadMode::Constant;
  /// Number of projection iterations.
  TORCH_ARG(int64_t, n_iter) = 32;
  /// Momentum of the fast Griffin-Lim update (0: the original algorithm); in [0, 1).
  TORCH_ARG(double, momentum) = 0.99;
  TORCH_ARG(PhaseInit, init) = PhaseInit::Random;
  /// Seed of the random initial phases.
  TORCH_ARG(uint64_t, seed) = 0;
  /// Output length in samples; unset: what the frames cover.
  TORCH_ARG(std::optional<int64_t>, length) = std::nullopt;
};

/// Fast Griffin-Lim (Perraudin, Balazs & Sondergaard 2013, in librosa's form): a waveform
/// (..., time) whose STFT magnitude approaches `magnitude` (..., n_fft/2 + 1, frames).
/// Differentiable with respect to `magnitude`.
torch::Tensor griffin_lim(const torch::Tensor& magnitude, const torch::Tensor& window,
                          const GriffinLimFuncOptions& options);

}  // namespace nnaudio::functional
