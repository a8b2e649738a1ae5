#pragma once
// Options of the augmentation modules (SpecAugment's masks, time stretching):
//   nnaudio::TimeMasking masking(nnaudio::MaskingOptions(40).iid_masks(true).seed(0));

#include <torch/torch.h>

#include <cstdint>
#include <optional>

namespace nnaudio {

/// Options of FrequencyMasking and TimeMasking (torchaudio's names and semantics).
struct MaskingOptions {
  /* implicit */ MaskingOptions(int64_t mask_param = 0) : mask_param_(mask_param) {}
  /// Masks are floor(u * mask_param) cells wide, u uniform in [0, 1): at most mask_param - 1.
  TORCH_ARG(int64_t, mask_param);
  /// One mask per item of the leading dims (examples, channels) instead of one for all.
  TORCH_ARG(bool, iid_masks) = false;
  /// What masked cells are set to.
  TORCH_ARG(double, mask_value) = 0.0;
  /// torchaudio's p: a mask covers at most this proportion of the axis (mask_param becomes
  /// min(mask_param, floor(p * axis length)) when p < 1); in [0, 1].
  TORCH_ARG(double, p) = 1.0;
  /// Chance that each mask is applied at all (drawn per mask); in [0, 1].
  TORCH_ARG(double, probability) = 1.0;
  /// Seed of the module's own generator (reset() restarts it); unset: the global CPU generator
  /// (torch::manual_seed).
  TORCH_ARG(std::optional<uint64_t>, seed) = std::nullopt;
};
using FrequencyMaskingOptions = MaskingOptions;
using TimeMaskingOptions = MaskingOptions;

/// Options of TimeStretch (torchaudio's names).
struct TimeStretchOptions {
  /* implicit */ TimeStretchOptions(int64_t n_freq = 201) : n_freq_(n_freq) {}
  /// Bins of the input spectrogram: n_fft / 2 + 1.
  TORCH_ARG(int64_t, n_freq);
  /// Hop of the STFT that made the input; unset: n_fft / 2 = n_freq - 1 (torchaudio's default).
  TORCH_ARG(std::optional<int64_t>, hop_length) = std::nullopt;
  /// Stretch factor (> 1 faster: fewer frames); unset: drawn uniformly from
  /// [min_rate, max_rate] at each training call.
  TORCH_ARG(std::optional<double>, fixed_rate) = std::nullopt;
  TORCH_ARG(double, min_rate) = 0.8;
  TORCH_ARG(double, max_rate) = 1.25;
  /// Seed of the module's own generator for the drawn rates; unset: the global CPU generator.
  TORCH_ARG(std::optional<uint64_t>, seed) = std::nullopt;
};

}  // namespace nnaudio
