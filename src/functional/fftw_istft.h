#pragma once
// The CPU iSTFT's frames through FFTW without autograd: each frame's inverse real FFT is windowed
// and added into the output as it is computed, so that no (frames, n_fft) array is made.

#include <torch/torch.h>

namespace nnaudio::detail {

/// True when the library was built with FFTW and `spectrum` is a complex64/complex128 CPU tensor.
bool fftw_istft_can_run(const torch::Tensor& spectrum);

/// sum_t window * irfft(spectrum[:, :, t], n_fft) placed at t * hop: (batch, n_fft + hop
/// (frames - 1)), real. spectrum: complex (batch, n_fft/2 + 1, frames); window: (n_fft) real in
/// the spectrum's precision. Not differentiable: for calls without autograd.
torch::Tensor fftw_overlap_add_frames(const torch::Tensor& spectrum, const torch::Tensor& window,
                                      int64_t hop);

}  // namespace nnaudio::detail
