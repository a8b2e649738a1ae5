#pragma once
// Chroma filter banks with librosa's semantics: librosa.filters.chroma (FFT bins to pitch
// classes) and librosa.filters.cq_to_chroma (CQT bins to pitch classes).

#include <torch/torch.h>

#include <optional>
#include <vector>

namespace nnaudio::kernels {

struct ChromaFilterbankOptions {
  ChromaFilterbankOptions(double sr, int64_t n_fft) : sr_(sr), n_fft_(n_fft) {}
  /// Sample rate in Hz, > 0.
  TORCH_ARG(double, sr);
  /// FFT length, > 0.
  TORCH_ARG(int64_t, n_fft);
  /// Number of pitch classes (bins per octave of the chroma), > 0.
  TORCH_ARG(int64_t, n_chroma) = 12;
  /// Offset from A440 in fractions of a chroma bin, finite.
  TORCH_ARG(double, tuning) = 0.0;
  /// Centre (in octaves above A0 = 27.5 Hz) of the Gaussian octave weighting.
  TORCH_ARG(double, ctroct) = 5.0;
  /// Width (octaves) of the Gaussian octave weighting, > 0; unset: flat (librosa's None).
  TORCH_ARG(std::optional<double>, octwidth) = 2.0;
  /// Each FFT bin's column of weights is divided by its p-norm (librosa.util.normalize over
  /// the chroma axis): p > 0, +-infinity (max / min), 0 (count of nonzeros); unset: none.
  TORCH_ARG(std::optional<double>, norm) = 2.0;
  /// The first row is C (true) or A (false).
  TORCH_ARG(bool, base_c) = true;
  /// Precision of the weights, librosa's `dtype`: float32 (librosa's default, the one
  /// librosa.feature.chroma_stft uses) rounds the final weights to float32; float64 keeps them.
  /// The tensor returned is float64 either way.
  TORCH_ARG(torch::Dtype, dtype) = torch::kFloat32;
};

/// Gaussian pitch-class weights of the FFT bins, float64 (n_chroma, n_fft/2 + 1). Throws
/// std::invalid_argument for bad parameters, naming the value.
torch::Tensor chroma_filterbank(const ChromaFilterbankOptions& options);

struct CQToChromaOptions {
  explicit CQToChromaOptions(int64_t n_input) : n_input_(n_input) {}
  /// Number of CQT bins, > 0.
  TORCH_ARG(int64_t, n_input);
  /// CQT bins per octave, a multiple of n_chroma.
  TORCH_ARG(int64_t, bins_per_octave) = 12;
  TORCH_ARG(int64_t, n_chroma) = 12;
  /// Frequency of the first CQT bin in Hz, > 0 (C1 = 32.70 Hz by default).
  TORCH_ARG(double, fmin) = 32.70319566257483;
  /// Values convolved with each row along the CQT axis ('same' size); empty: none.
  TORCH_ARG(std::vector<double>, window) = {};
  /// The first row is C (true) or A (false).
  TORCH_ARG(bool, base_c) = true;
};

/// The matrix folding CQT bins onto pitch classes, float64 (n_chroma, n_input): each chroma
/// sums the bins_per_octave / n_chroma CQT bins centred on it in every octave. Throws
/// std::invalid_argument for bad parameters.
torch::Tensor cq_to_chroma(const CQToChromaOptions& options);

}  // namespace nnaudio::kernels
