#pragma once
// Options of the pseudo and hybrid constant-Q transforms (librosa.pseudo_cqt, librosa.hybrid_cqt).
//   nnaudio::HybridCQT hybrid(nnaudio::HybridCQTOptions(22050).hop_length(512).n_bins(84));

#include <torch/torch.h>

#include <cstdint>

#include "nnaudio/kernels/cqt.h"
#include "nnaudio/kernels/window.h"
#include "nnaudio/memory.h"
#include "nnaudio/options/cqt.h"
#include "nnaudio/types.h"

/// The fields PseudoCQTOptions and HybridCQTOptions share (librosa's names and defaults):
///  - hop_length (512); fmin (C1 = 32.70 Hz); n_bins (84); bins_per_octave (12);
///  - tuning (0): offset in fractions of a bin, fmin becomes fmin * 2^(tuning / bins_per_octave);
///  - filter_scale (1), norm of each wavelet (L1), window of the wavelets (hann), sparsity (0.01):
///    as for CQTOptions (librosa's filter lengths);
///  - center / pad_mode as for the STFT (librosa's constant padding by default);
///  - normalization_type: Librosa (librosa's scale=True), Convolutional (that divided by the
///    square root of each filter's length) or Wrap (twice Convolutional), as for CQT;
///  - trainable: the kernels become parameters;
///  - max_kernel_bytes: building kernels larger than this fails with a message giving their size.
#define NNAUDIO_PSEUDO_CQT_OPTIONS()                                      \
  TORCH_ARG(int64_t, hop_length) = 512;                                   \
  TORCH_ARG(double, fmin) = 32.70319566257483;                            \
  TORCH_ARG(int64_t, n_bins) = 84;                                        \
  TORCH_ARG(int64_t, bins_per_octave) = 12;                               \
  TORCH_ARG(double, tuning) = 0.0;                                        \
  TORCH_ARG(double, filter_scale) = 1.0;                                  \
  TORCH_ARG(::nnaudio::WaveletNorm, norm) = ::nnaudio::WaveletNorm::l1(); \
  TORCH_ARG(::nnaudio::Window, window) = ::nnaudio::Window::hann();       \
  TORCH_ARG(double, sparsity) = 0.01;                                     \
  TORCH_ARG(bool, center) = true;                                         \
  TORCH_ARG(::nnaudio::PadMode, pad_mode) = ::nnaudio::PadMode::Constant; \
  TORCH_ARG(::nnaudio::CQTNormalization, normalization_type) =            \
      ::nnaudio::CQTNormalization::Librosa;                               \
  TORCH_ARG(bool, trainable) = false;                                     \
  TORCH_ARG(int64_t, max_kernel_bytes) = ::nnaudio::kDefaultMaxKernelBytes

namespace nnaudio {

/// Options of PseudoCQT: the magnitude of a Hann-windowed STFT through the magnitudes of the
/// CQT filters' spectra (librosa.pseudo_cqt). The output is a magnitude, as librosa's.
struct PseudoCQTOptions {
  /* implicit */ PseudoCQTOptions(double sr = 22050.0) : sr_(sr) {}
  TORCH_ARG(double, sr);
  NNAUDIO_PSEUDO_CQT_OPTIONS();
};

/// Options of HybridCQT: the pseudo CQT for the bins whose filters (padded to a power of two)
/// are shorter than two hops, the CQT's magnitude for the others (librosa.hybrid_cqt).
struct HybridCQTOptions {
  /* implicit */ HybridCQTOptions(double sr = 22050.0) : sr_(sr) {}
  TORCH_ARG(double, sr);
  NNAUDIO_PSEUDO_CQT_OPTIONS();
  /// Algorithm of the full CQT's bins (Auto: CQT2010, librosa's multirate algorithm).
  TORCH_ARG(CQTAlgorithm, algorithm) = CQTAlgorithm::Auto;
};

}  // namespace nnaudio
