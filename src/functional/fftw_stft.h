#pragma once
// The CPU STFT through FFTW: framing, windowing, real FFT and the output format fused in one
// multi-threaded pass, with a hand-written adjoint so that it stays differentiable.

#include <torch/torch.h>

namespace nnaudio::detail {

/// What the fused pass writes.
enum class FusedSpectrum {
  RealImag,   ///< (batch, freq, frames, 2)
  Magnitude,  ///< (batch, freq, frames)
  Power,      ///< (batch, freq, frames)
};

/// True when the library was built with FFTW and `signal` is a float32/float64 CPU tensor.
bool fftw_can_run(const torch::Tensor& signal);

/// STFT of an already padded signal (batch, time) with a window of n_fft samples in the same
/// dtype. Differentiable with respect to both.
torch::Tensor fftw_stft(const torch::Tensor& padded, const torch::Tensor& window, int64_t hop,
                        FusedSpectrum what);

/// scale * |r2c(window * frame)| of the padded (batch, time) signal's frames first_frame ..
/// first_frame + frames - 1, laid out frame by frame: (batch, frames, n_fft / 2 + 1). For
/// transforms that go on along each frame's bins (CFP's layers) without autograd: no
/// transposition either way, and the window's zero ends are not multiplied.
torch::Tensor fftw_frame_magnitudes(const torch::Tensor& padded, const torch::Tensor& window,
                                    int64_t hop, int64_t first_frame, int64_t frames, double scale);

}  // namespace nnaudio::detail
