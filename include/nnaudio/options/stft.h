#pragma once
// Options of the STFT family of modules, in LibTorch's Options style:
//   nnaudio::STFT stft(nnaudio::STFTOptions(2048).hop_length(512).center(false));

#include <torch/torch.h>

#include <optional>

#include "nnaudio/functional/griffin_lim.h"
#include "nnaudio/kernels/window.h"
#include "nnaudio/memory.h"
#include "nnaudio/types.h"

namespace nnaudio {

struct STFTOptions {
  /* implicit */ STFTOptions(int64_t n_fft = 2048) : n_fft_(n_fft) {}
  /// FFT length = frame length in samples.
  TORCH_ARG(int64_t, n_fft);
  /// Window length, at most n_fft (the window is centred in the frame); unset: n_fft.
  TORCH_ARG(std::optional<int64_t>, win_length) = std::nullopt;
  /// Samples between frames; unset: win_length / 4.
  TORCH_ARG(std::optional<int64_t>, hop_length) = std::nullopt;
  /// Analysis window (periodic, scipy's definitions) or user values.
  TORCH_ARG(Window, window) = Window::hann();
  /// Pad n_fft/2 samples at both ends so that frame t is centred at t * hop_length.
  TORCH_ARG(bool, center) = true;
  /// How the centring pad is filled: constant (zeros, librosa) or reflect (nnAudio).
  TORCH_ARG(PadMode, pad_mode) = PadMode::Constant;
  /// Frequency grid: the FFT's (no) or nnAudio's linear / log / log2 grids from fmin to fmax.
  TORCH_ARG(FreqScale, freq_scale) = FreqScale::No;
  /// Hz; lowest bin of the linear / log grids (ignored for freq_scale=no).
  TORCH_ARG(double, fmin) = 50.0;
  /// Hz; the linear / log grids approach it (ignored for freq_scale=no).
  TORCH_ARG(double, fmax) = 6000.0;
  /// Number of bins; unset: n_fft/2 + 1. With freq_scale=no, the lowest freq_bins FFT bins.
  TORCH_ARG(std::optional<int64_t>, freq_bins) = std::nullopt;
  /// Sample rate in Hz, used by the linear / log grids and frequencies().
  TORCH_ARG(double, sr) = 22050.0;
  TORCH_ARG(OutputFormat, output_format) = OutputFormat::Complex;
  /// Fourier kernels and window become parameters (the Conv backend learns both).
  TORCH_ARG(bool, trainable) = false;
  TORCH_ARG(Backend, backend) = Backend::Auto;
  /// Building the window and kernels may take at most this many bytes (nnaudio/memory.h).
  TORCH_ARG(int64_t, max_kernel_bytes) = kDefaultMaxKernelBytes;
};

struct ISTFTOptions {
  /* implicit */ ISTFTOptions(int64_t n_fft = 2048) : n_fft_(n_fft) {}
  TORCH_ARG(int64_t, n_fft);
  /// Window length, at most n_fft; unset: n_fft.
  TORCH_ARG(std::optional<int64_t>, win_length) = std::nullopt;
  /// Samples between frames; unset: win_length / 4.
  TORCH_ARG(std::optional<int64_t>, hop_length) = std::nullopt;
  TORCH_ARG(Window, window) = Window::hann();
  /// The forward STFT was centred.
  TORCH_ARG(bool, center) = true;
  /// Output length in samples; unset: what the frames cover. forward() may override it.
  TORCH_ARG(std::optional<int64_t>, length) = std::nullopt;
  /// The input holds n_fft/2 + 1 bins (true) or all n_fft bins (false).
  TORCH_ARG(bool, onesided) = true;
  /// Only freq_scale=no (the FFT grid) can be inverted; other grids are refused.
  TORCH_ARG(FreqScale, freq_scale) = FreqScale::No;
  /// Inverse kernels and window become parameters.
  TORCH_ARG(bool, trainable) = false;
  TORCH_ARG(Backend, backend) = Backend::Auto;
  /// Building the window and kernels may take at most this many bytes (nnaudio/memory.h).
  TORCH_ARG(int64_t, max_kernel_bytes) = kDefaultMaxKernelBytes;
};

struct GriffinLimOptions {
  /* implicit */ GriffinLimOptions(int64_t n_fft = 2048) : n_fft_(n_fft) {}
  TORCH_ARG(int64_t, n_fft);
  TORCH_ARG(std::optional<int64_t>, win_length) = std::nullopt;
  TORCH_ARG(std::optional<int64_t>, hop_length) = std::nullopt;
  TORCH_ARG(Window, window) = Window::hann();
  TORCH_ARG(bool, center) = true;
  TORCH_ARG(PadMode, pad_mode) = PadMode::Constant;
  /// Projection iterations.
  TORCH_ARG(int64_t, n_iter) = 32;
  /// Fast Griffin-Lim momentum in [0, 1); 0 gives the original algorithm.
  TORCH_ARG(double, momentum) = 0.99;
  TORCH_ARG(functional::PhaseInit, init) = functional::PhaseInit::Random;
  /// Seed of the random initial phases.
  TORCH_ARG(uint64_t, seed) = 0;
  /// Output length in samples; unset: what the frames cover. forward() may override it.
  TORCH_ARG(std::optional<int64_t>, length) = std::nullopt;
  /// Building the window and kernels may take at most this many bytes (nnaudio/memory.h).
  TORCH_ARG(int64_t, max_kernel_bytes) = kDefaultMaxKernelBytes;
};

}  // namespace nnaudio
