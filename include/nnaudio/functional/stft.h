#pragma once
// Short-time Fourier transform and its inverse on tensors of shape (..., time).

#include <torch/torch.h>

#include <optional>

#include "nnaudio/types.h"

namespace nnaudio::functional {

struct STFTFuncOptions {
  /* implicit */ STFTFuncOptions(int64_t n_fft) : n_fft_(n_fft) {}
  /// FFT length = frame length in samples.
  TORCH_ARG(int64_t, n_fft);
  /// Samples between frames; unset: win_length / 4 (win_length = the window's length).
  TORCH_ARG(std::optional<int64_t>, hop_length) = std::nullopt;
  /// Pad n_fft/2 samples at both ends so that frame t is centred at t * hop_length.
  TORCH_ARG(bool, center) = true;
  /// How the centring pad is filled.
  TORCH_ARG(PadMode, pad_mode) = PadMode::Constant;
  /// What to return.
  TORCH_ARG(OutputFormat, output_format) = OutputFormat::Complex;
};

/// STFT through FFTs (FFTW on CPU when built with it, torch FFTs otherwise), differentiable with
/// respect to `input` and `window`.
/// input: real (..., time); window: real (win_length <= n_fft), centred in n_fft.
/// Returns (..., n_fft/2 + 1, frames), or (..., n_fft/2 + 1, frames, 2) for RealImag.
torch::Tensor stft(const torch::Tensor& input, const torch::Tensor& window,
                   const STFTFuncOptions& options);

/// STFT through explicit Fourier kernels (kernels::fourier_kernels, shape (freq_bins, n_fft)),
/// differentiable with respect to input, window and both kernels. Any frequency grid.
torch::Tensor stft(const torch::Tensor& input, const torch::Tensor& window,
                   const torch::Tensor& kernel_cos, const torch::Tensor& kernel_sin,
                   const STFTFuncOptions& options);

struct ISTFTFuncOptions {
  /* implicit */ ISTFTFuncOptions(int64_t n_fft) : n_fft_(n_fft) {}
  /// FFT length of the forward transform.
  TORCH_ARG(int64_t, n_fft);
  /// Samples between frames; unset: win_length / 4.
  TORCH_ARG(std::optional<int64_t>, hop_length) = std::nullopt;
  /// The forward transform was centred: drop n_fft/2 samples at both ends.
  TORCH_ARG(bool, center) = true;
  /// Output length in samples (cut or zero-padded); unset: everything the frames cover.
  TORCH_ARG(std::optional<int64_t>, length) = std::nullopt;
  /// The spectrum holds n_fft/2 + 1 bins (true) or all n_fft bins of a real signal (false).
  TORCH_ARG(bool, onesided) = true;
};

/// Inverse STFT by overlap-add with window-sum-square normalisation (librosa.istft).
/// spectrum: complex (..., freq, frames) or real (..., freq, frames, 2). Returns (..., time).
torch::Tensor istft(const torch::Tensor& spectrum, const torch::Tensor& window,
                    const ISTFTFuncOptions& options);

/// The same through explicit kernels (the forward transform's, shape (n_fft/2 + 1, n_fft)),
/// differentiable with respect to them.
torch::Tensor istft(const torch::Tensor& spectrum, const torch::Tensor& window,
                    const torch::Tensor& kernel_cos, const torch::Tensor& kernel_sin,
                    const ISTFTFuncOptions& options);

}  // namespace nnaudio::functional
