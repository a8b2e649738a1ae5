#pragma once
// Options of the chroma transforms (librosa.feature.chroma_stft, chroma_cqt, chroma_cens).
//   nnaudio::ChromaSTFT chroma(nnaudio::ChromaSTFTOptions(44100).hop_length(512));

#include <torch/torch.h>

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "nnaudio/kernels/window.h"
#include "nnaudio/options/cqt.h"
#include "nnaudio/options/framing.h"

namespace nnaudio {

/// Which CQT chroma_cqt folds: librosa.cqt ("full") or librosa.hybrid_cqt ("hybrid").
enum class ChromaCQTMode { Full, Hybrid };
std::string to_string(ChromaCQTMode value);
/// "full" or "hybrid".
ChromaCQTMode parse_chroma_cqt_mode(const std::string& name);

struct ChromaSTFTOptions {
  /* implicit */ ChromaSTFTOptions(double sr = 22050.0) : sr_(sr) {}
  /// Sample rate in Hz.
  TORCH_ARG(double, sr);
  NNAUDIO_FRAMING_OPTIONS(2048, PadMode::Constant);
  /// Exponent of the magnitude before the filter bank: 2 (librosa's power spectrogram), > 0.
  TORCH_ARG(double, power) = 2.0;
  /// Number of pitch classes.
  TORCH_ARG(int64_t, n_chroma) = 12;
  /// Deviation from A440 in fractions of a chroma bin (librosa estimates it when given None;
  /// here it is always given).
  TORCH_ARG(double, tuning) = 0.0;
  /// Centre (octaves above A0) and width of the filter bank's Gaussian octave weighting;
  /// octwidth unset: flat.
  TORCH_ARG(double, ctroct) = 5.0;
  TORCH_ARG(std::optional<double>, octwidth) = 2.0;
  /// The first chroma is C (true) or A (false).
  TORCH_ARG(bool, base_c) = true;
  /// Normalisation of each frame over the chroma axis (librosa.util.normalize): +infinity
  /// (maximum, librosa's default), -infinity, 0, p > 0; unset: none.
  TORCH_ARG(std::optional<double>, norm) = std::numeric_limits<double>::infinity();
  /// Frames whose norm is below this stay unnormalised; unset: the dtype's smallest normal
  /// number (librosa's default).
  TORCH_ARG(std::optional<double>, threshold) = std::nullopt;
  /// Precision of the filter bank (librosa.filters.chroma's dtype; float32 gives librosa's
  /// numbers, float64 the exact weights).
  TORCH_ARG(torch::Dtype, chroma_dtype) = torch::kFloat32;
  /// The chroma filter bank becomes a parameter.
  TORCH_ARG(bool, trainable_chroma) = false;
  /// The STFT's Fourier kernels and window become parameters (Conv).
  TORCH_ARG(bool, trainable_STFT) = false;
};

}  // namespace nnaudio

/// The fields ChromaCQTOptions and ChromaCENSOptions share, librosa.feature.chroma_cqt's:
///  - hop_length (512); fmin (unset: C1 = 32.70 Hz) of the CQT before tuning; tuning (0, in
///    fractions of a CQT bin); n_chroma (12); n_octaves (7); bins_per_octave (36, a multiple of
///    n_chroma);
///  - window: values convolved with the CQT-to-chroma matrix along the CQT axis (empty: none);
///  - cqt_mode: full (librosa.cqt, CQT) or hybrid (librosa.hybrid_cqt, HybridCQT);
///  - algorithm, trainable_CQT: the CQT child's algorithm and whether its kernels learn.
#define NNAUDIO_CHROMA_CQT_OPTIONS()                                              \
  TORCH_ARG(int64_t, hop_length) = 512;                                           \
  TORCH_ARG(std::optional<double>, fmin) = std::nullopt;                          \
  TORCH_ARG(double, tuning) = 0.0;                                                \
  TORCH_ARG(int64_t, n_chroma) = 12;                                              \
  TORCH_ARG(int64_t, n_octaves) = 7;                                              \
  TORCH_ARG(int64_t, bins_per_octave) = 36;                                       \
  TORCH_ARG(std::vector<double>, window) = {};                                    \
  TORCH_ARG(::nnaudio::ChromaCQTMode, cqt_mode) = ::nnaudio::ChromaCQTMode::Full; \
  TORCH_ARG(::nnaudio::CQTAlgorithm, algorithm) = ::nnaudio::CQTAlgorithm::Auto;  \
  TORCH_ARG(bool, trainable_CQT) = false

namespace nnaudio {

struct ChromaCQTOptions {
  /* implicit */ ChromaCQTOptions(double sr = 22050.0) : sr_(sr) {}
  TORCH_ARG(double, sr);
  NNAUDIO_CHROMA_CQT_OPTIONS();
  /// Normalisation of each frame over the chroma axis, as ChromaSTFTOptions::norm.
  TORCH_ARG(std::optional<double>, norm) = std::numeric_limits<double>::infinity();
  /// Chroma values below this are set to 0 before the normalisation; unset: none.
  TORCH_ARG(std::optional<double>, threshold) = 0.0;
};

struct ChromaCENSOptions {
  /* implicit */ ChromaCENSOptions(double sr = 22050.0) : sr_(sr) {}
  TORCH_ARG(double, sr);
  NNAUDIO_CHROMA_CQT_OPTIONS();
  /// Final normalisation over the chroma axis (librosa's default: 2).
  TORCH_ARG(std::optional<double>, norm) = 2.0;
  /// Length of the temporal smoothing window in frames (> 0; unset: no smoothing).
  TORCH_ARG(std::optional<int64_t>, win_len_smooth) = 41;
  /// The smoothing window: a named window is taken symmetric over win_len_smooth + 2 points
  /// (librosa: get_window(..., fftbins=False)); custom values must have that length.
  TORCH_ARG(Window, smoothing_window) = Window::hann();
};

}  // namespace nnaudio
