#pragma once
// Options of the constant-Q and variable-Q transforms (CQT, VQT) and of their inverse.
//   nnaudio::CQT cqt(nnaudio::CQTOptions(44100).hop_length(512).n_bins(84));

#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <string>

#include "nnaudio/kernels/cqt.h"
#include "nnaudio/kernels/window.h"
#include "nnaudio/types.h"

namespace nnaudio {

/// Which algorithm computes the transform; all give librosa's numbers up to the stated errors
/// (README), they differ in speed and in what can be trained.
enum class CQTAlgorithm {
  Auto,       ///< CQT2010 (multirate, librosa's algorithm): fastest on CPU and CUDA
  CQT1992,    ///< frequency-domain kernels applied to one full-rate STFT (nnAudio's CQT1992)
  CQT1992v2,  ///< time-domain kernels at the full rate, by conv1d or by FFT (nnAudio's CQT)
  CQT2010,    ///< octave by octave, halving the rate, frequency-domain kernels (librosa.vqt)
  CQT2010v2,  ///< octave by octave, halving the rate, time-domain kernels
};

/// How the response is scaled (nnAudio's `normalization_type`).
enum class CQTNormalization {
  Librosa,        ///< librosa.cqt's numbers: the filter response times sqrt(filter length)
  Convolutional,  ///< the response of the norm-normalised filters (librosa / sqrt(length))
  Wrap,           ///< twice Convolutional: a real tone of amplitude A gives |C| ~ A (norm 1)
};

std::string to_string(CQTAlgorithm value);
std::string to_string(CQTNormalization value);
/// "auto", "1992", "1992v2", "2010", "2010v2" (also with a "cqt" prefix).
CQTAlgorithm parse_cqt_algorithm(const std::string& name);
/// "librosa", "convolutional", "wrap".
CQTNormalization parse_cqt_normalization(const std::string& name);

}  // namespace nnaudio

/// The fields CQTOptions and ICQTOptions share (declared once, see CQTOptions).
#define NNAUDIO_CQT_OPTIONS()                                                              \
  TORCH_ARG(int64_t, hop_length) = 512;                                                    \
  TORCH_ARG(double, fmin) = 32.70319566257483;                                             \
  TORCH_ARG(std::optional<double>, fmax) = std::nullopt;                                   \
  TORCH_ARG(int64_t, n_bins) = 84;                                                         \
  TORCH_ARG(int64_t, bins_per_octave) = 12;                                                \
  TORCH_ARG(double, filter_scale) = 1.0;                                                   \
  TORCH_ARG(double, gamma) = 0.0;                                                          \
  TORCH_ARG(::nnaudio::WaveletNorm, norm) = ::nnaudio::WaveletNorm::l1();                  \
  TORCH_ARG(::nnaudio::Window, window) = ::nnaudio::Window::hann();                        \
  TORCH_ARG(::nnaudio::FilterLengths, filter_lengths) = ::nnaudio::FilterLengths::Librosa; \
  TORCH_ARG(double, sparsity) = 0.01;                                                      \
  TORCH_ARG(bool, center) = true;                                                          \
  TORCH_ARG(::nnaudio::PadMode, pad_mode) = ::nnaudio::PadMode::Constant;                  \
  TORCH_ARG(bool, earlydownsample) = true;                                                 \
  TORCH_ARG(::nnaudio::CQTNormalization, normalization_type) =                             \
      ::nnaudio::CQTNormalization::Librosa;                                                \
  TORCH_ARG(::nnaudio::CQTAlgorithm, algorithm) = ::nnaudio::CQTAlgorithm::Auto;           \
  TORCH_ARG(bool, trainable) = false;                                                      \
  TORCH_ARG(int64_t, max_kernel_bytes) = ::nnaudio::kDefaultMaxKernelBytes;                \
  TORCH_ARG(bool, allow_above_nyquist) = false

namespace nnaudio {

/// Options of CQT, CQT1992, CQT1992v2, CQT2010, CQT2010v2 and VQT:
///  - sr (22050 Hz); hop_length (512 samples, any value >= 1);
///  - fmin (C1 = 32.70 Hz); n_bins (84) or fmax (when set, n_bins = ceil(bins_per_octave *
///    log2(fmax / fmin)), nnAudio's rule); bins_per_octave (12);
///  - filter_scale (1: longer filters > 1 > shorter filters); gamma (0 Hz: constant Q; > 0:
///    librosa.vqt's bandwidth offset, filters shorter at low frequencies);
///  - norm of each wavelet (L1 as librosa, L2, or none); window of the wavelets (hann);
///  - filter_lengths: librosa's Q = filter_scale / alpha with fractional lengths, or nnAudio's
///    Q = filter_scale / (2^(1/B) - 1) with lengths rounded up;
///  - sparsity (0.01): the frequency-domain algorithms drop each kernel's smallest coefficients
///    holding this fraction of its L1 mass, as librosa does; 0 keeps all;
///  - center / pad_mode as for the STFT (librosa's constant padding by default);
///  - earlydownsample: the multirate algorithms first halve the rate while the top filter
///    allows it (librosa's rule);
///  - normalization_type, algorithm, trainable (kernels become parameters);
///  - max_kernel_bytes: building kernels larger than this fails with a message giving their
///    size (1 GiB by default);
///  - allow_above_nyquist: a top filter whose band reaches past sr/2 (its centre below it) is
///    refused, as librosa does, unless this is set: then it is computed as nnAudio does, with
///    a warning (that filter's band is cut at sr/2 and aliases).
struct CQTOptions {
  /* implicit */ CQTOptions(double sr = 22050.0) : sr_(sr) {}
  TORCH_ARG(double, sr);
  NNAUDIO_CQT_OPTIONS();
  TORCH_ARG(OutputFormat, output_format) = OutputFormat::Complex;
};

/// VQT takes the CQT's options; its gamma is what makes it variable-Q.
using VQTOptions = CQTOptions;

/// Options of iCQT: the forward transform's options (its algorithm is the forward model that
/// is inverted) and the iteration.
struct ICQTOptions {
  /* implicit */ ICQTOptions(double sr = 22050.0) : sr_(sr) {}
  TORCH_ARG(double, sr);
  NNAUDIO_CQT_OPTIONS();
  /// Conjugate-gradient iterations on the normal equations (each costs one forward and one
  /// adjoint transform).
  TORCH_ARG(int64_t, n_iter) = 32;
  /// Output length in samples; unset: frames * hop_length. forward() may override it.
  TORCH_ARG(std::optional<int64_t>, length) = std::nullopt;
};

/// The forward transform's options of an ICQTOptions.
CQTOptions forward_options(const ICQTOptions& options);

}  // namespace nnaudio
