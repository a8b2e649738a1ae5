#pragma once
// Spectrogram augmentation on tensors of shape (..., freq, frames): SpecAugment's masks and time
// stretching by phase vocoding.

#include <torch/torch.h>

namespace nnaudio::functional {

/// The axis of a (..., freq, frames) spectrogram a mask runs along.
enum class MaskAxis {
  Frequency,  ///< dim -2
  Time,       ///< dim -1
};

/// Sets the cells [start, start + width) along `axis` of `specgram` (..., freq, frames) to
/// `mask_value`. `starts` and `widths` are int64 tensors with one element (the same mask for
/// every item) or one per item of the leading dims (in their row-major order). Differentiable
/// with respect to specgram: the gradient passes through the unmasked cells and is zero on the
/// masked ones. Real or complex input.
torch::Tensor mask_along_axis(const torch::Tensor& specgram, const torch::Tensor& starts,
                              const torch::Tensor& widths, MaskAxis axis, double mask_value);

/// torchaudio / librosa's phase advance of each bin over one hop: linspace(0, pi hop_length,
/// n_freq), as an (n_freq, 1) float64 column.
torch::Tensor phase_advance(int64_t n_freq, int64_t hop_length);

/// Time stretch of a complex spectrogram (..., n_freq, frames) by `rate` (> 1 faster, fewer
/// frames: ceil(frames / rate)) with a phase vocoder: librosa.phase_vocoder's and
/// torchaudio.functional.phase_vocoder's numbers. Output frame t reads the input at
/// t * rate: magnitudes interpolated linearly between the two frames around it, phase
/// accumulated from the first frame's by the wrapped phase differences. `advance` is
/// phase_advance(n_freq, hop_length) (any real dtype). Differentiable with respect to the input.
/// rate = 1 returns the input.
torch::Tensor phase_vocoder(const torch::Tensor& complex_specgrams, double rate,
                            const torch::Tensor& advance);

}  // namespace nnaudio::functional
