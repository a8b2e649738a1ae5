#pragma once
// The framing fields that every STFT-based transform (MelSpectrogram, MFCC, Gammatonegram, ...)
// shares with STFTOptions, declared once so that each options struct stays flat
// (`MelSpectrogramOptions(16000).n_fft(512).hop_length(160).n_mels(40)`).

#include <torch/torch.h>

#include <optional>

#include "nnaudio/kernels/window.h"
#include "nnaudio/options/stft.h"
#include "nnaudio/types.h"

/// Declares n_fft, win_length, hop_length, window, center, pad_mode, backend and
/// max_kernel_bytes fields with the given n_fft default; see STFTOptions for their meaning
/// (max_kernel_bytes bounds the module's banks as well as its STFT's kernels).
#define NNAUDIO_FRAMING_OPTIONS(default_n_fft, default_pad_mode)     \
  TORCH_ARG(int64_t, n_fft) = default_n_fft;                         \
  TORCH_ARG(std::optional<int64_t>, win_length) = std::nullopt;      \
  TORCH_ARG(std::optional<int64_t>, hop_length) = std::nullopt;      \
  TORCH_ARG(::nnaudio::Window, window) = ::nnaudio::Window::hann();  \
  TORCH_ARG(bool, center) = true;                                    \
  TORCH_ARG(::nnaudio::PadMode, pad_mode) = default_pad_mode;        \
  TORCH_ARG(::nnaudio::Backend, backend) = ::nnaudio::Backend::Auto; \
  TORCH_ARG(int64_t, max_kernel_bytes) = ::nnaudio::kDefaultMaxKernelBytes

namespace nnaudio {

/// The STFTOptions of a struct declared with NNAUDIO_FRAMING_OPTIONS (FFT grid).
template <typename Options>
STFTOptions framing_to_stft(const Options& o) {
  return STFTOptions(o.n_fft())
      .win_length(o.win_length())
      .hop_length(o.hop_length())
      .window(o.window())
      .center(o.center())
      .pad_mode(o.pad_mode())
      .backend(o.backend())
      .max_kernel_bytes(o.max_kernel_bytes());
}

}  // namespace nnaudio
