#pragma once

#include <torch/torch.h>

#include <vector>

#include "nnaudio/options/cqt.h"

namespace nnaudio {
namespace detail {
class FoldedKernelsCache;
class HalvingSpectraCache;
}  // namespace detail

/// Without autograd on the CPU, CQT processes its batch in blocks whose temporaries stay below
/// this many bytes per thread (one item at least); with autograd the graph keeps them anyway.
constexpr int64_t kCQTBlockBytes = int64_t{32} << 20;

/// Constant-Q (or, with gamma > 0, variable-Q) transform of (..., time) signals:
/// (..., n_bins, frames), complex by default (see OutputFormat), bins from fmin upwards.
/// librosa.cqt / librosa.vqt's numbers; nnAudio's options. One implementation for every
/// algorithm (see CQTAlgorithm): the input is processed in stages, each a sample rate (full,
/// or halved per octave for the multirate algorithms) and the kernels of the bins computed at
/// that rate.
class CQTImpl : public torch::nn::Cloneable<CQTImpl> {
 public:
  explicit CQTImpl(CQTOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  /// options.output_format and options.normalization_type.
  torch::Tensor forward(const torch::Tensor& input);
  /// The same transform with another output format and normalisation (nnAudio's forward
  /// arguments).
  torch::Tensor transform(const torch::Tensor& input, OutputFormat format,
                          CQTNormalization normalization);

  /// Centre frequency of each bin in Hz, float64 (n_bins).
  torch::Tensor frequencies() const { return frequencies_; }
  /// Filter length of each bin in samples at sr, float64 (n_bins).
  torch::Tensor lengths() const { return lengths_; }
  /// The algorithm forward() uses (Auto resolved).
  CQTAlgorithm algorithm() const { return algorithm_; }
  int64_t n_bins() const { return n_bins_; }
  /// Shortest input (samples) that reflect padding allows; 1 with constant padding.
  int64_t min_input_length() const;

  /// What a stream (nnaudio/streaming/stream.h) runs stage by stage: the complex response
  /// (batch, bins of the stage, frames) of stages()[index] to its signal (batch, samples at
  /// its rate) framed as it is, without centring.
  torch::Tensor stage_frames(size_t index, const torch::Tensor& signal) const;
  /// The module's output from the joined stage responses, complex (batch, n_bins, frames) with
  /// bins from fmin up: normalised and formatted as options say, batch unpacked to `leading`.
  torch::Tensor output(const torch::Tensor& responses, const std::vector<int64_t>& leading) const;

  CQTOptions options;

  /// One rate of the computation. Registered tensors: kernel_real_<i> and kernel_imag_<i>,
  /// (bins of the stage, kernel_size) time-domain or (bins, kernel_size/2 + 1)
  /// frequency-domain kernels, buffers or (trainable) parameters.
  struct Stage {
    int64_t first_bin = 0;  ///< index of the stage's lowest bin in the output
    int64_t bins = 0;
    int64_t halvings = 0;  ///< how many times the input was halved before this stage
    int64_t hop = 0;       ///< hop at the stage's rate
    int64_t kernel_size = 0;
    bool frequency_domain = false;
    torch::Tensor kernel_real, kernel_imag;
    /// The frozen long kernels' folded spectra, kept between calls.
    std::shared_ptr<detail::FoldedKernelsCache> folded;
  };
  const std::vector<Stage>& stages() const { return stages_; }
  std::vector<Stage>& stages() { return stages_; }
  /// (taps) float64 low-pass filter of the halvings (buffer "lowpass"); defined for the
  /// multirate algorithms only.
  torch::Tensor lowpass;

 private:
  // transform() for float32 and float64 input (half precision reaches it as float32).
  torch::Tensor transform_in_input_precision(const torch::Tensor& input, OutputFormat format,
                                             CQTNormalization normalization);
  torch::Tensor halve(const torch::Tensor& signal) const;
  /// (batch, time) -> complex (batch, n_bins, frames), before the normalisation.
  torch::Tensor responses(const torch::Tensor& batch) const;
  /// responses() on blocks of the batch, spread over the CPU threads.
  torch::Tensor in_blocks(const torch::Tensor& batch) const;
  /// The largest temporary one item of `length` samples needs in responses() (bytes).
  int64_t item_temporary_bytes(int64_t length, int64_t element_size) const;
  torch::Tensor stage_response(const Stage& stage, const torch::Tensor& signal) const;
  /// Normalised, formatted and unpacked responses (batch, n_bins, frames).
  torch::Tensor finish(const torch::Tensor& responses, OutputFormat format,
                       CQTNormalization normalization, const std::vector<int64_t>& leading) const;

  CQTAlgorithm algorithm_ = CQTAlgorithm::CQT2010;
  int64_t n_bins_ = 0;
  int64_t early_halvings_ = 0;
  torch::Tensor frequencies_, lengths_;
  std::vector<Stage> stages_;
  /// The low-pass filter's spectra at the sizes the halvings met, kept between calls.
  std::shared_ptr<detail::HalvingSpectraCache> halving_spectra_;
};
TORCH_MODULE(CQT);

/// Holders of CQTImpl with the algorithm fixed: nnAudio's class names.
#define NNAUDIO_CQT_VARIANT(Name, fixed_algorithm)                                       \
  class Name : public torch::nn::ModuleHolder<CQTImpl> {                                 \
   public:                                                                               \
    using torch::nn::ModuleHolder<CQTImpl>::ModuleHolder;                                \
    explicit Name(CQTOptions options = {})                                               \
        : ModuleHolder(std::make_shared<CQTImpl>(options.algorithm(fixed_algorithm))) {} \
  }

NNAUDIO_CQT_VARIANT(CQT1992, CQTAlgorithm::CQT1992);
NNAUDIO_CQT_VARIANT(CQT1992v2, CQTAlgorithm::CQT1992v2);
NNAUDIO_CQT_VARIANT(CQT2010, CQTAlgorithm::CQT2010);
NNAUDIO_CQT_VARIANT(CQT2010v2, CQTAlgorithm::CQT2010v2);
#undef NNAUDIO_CQT_VARIANT

/// Variable-Q transform: the CQT with its gamma (Hz) option; gamma = 0 is the CQT.
using VQT = CQT;

}  // namespace nnaudio
