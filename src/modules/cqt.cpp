#include "nnaudio/modules/cqt.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "detail/blas_threads.h"
#include "functional/folded_correlation.h"
#include "functional/framing.h"
#include "functional/spectrum_format.h"
#include "modules/banded_cache.h"
#include "modules/module_support.h"
#include "modules/uncentered_scope.h"
#include "nnaudio/functional/cqt.h"
#include "nnaudio/threads.h"

namespace nnaudio {
namespace {

int64_t next_power_of_two(double value) {
  return int64_t{1} << static_cast<int>(std::ceil(std::log2(value)));
}

int64_t resolve_bins(const CQTOptions& o) {
  TORCH_CHECK_VALUE(o.fmin() > 0, "CQT: fmin=", o.fmin(), " must be > 0 Hz");
  TORCH_CHECK_VALUE(o.bins_per_octave() >= 1, "CQT: bins_per_octave=", o.bins_per_octave(),
                    " must be at least 1");
  if (!o.fmax()) {
    TORCH_CHECK_VALUE(o.n_bins() >= 1, "CQT: n_bins=", o.n_bins(), " must be at least 1");
    return o.n_bins();
  }
  TORCH_CHECK_VALUE(*o.fmax() > o.fmin(), "CQT: fmax=", *o.fmax(),
                    " must be above fmin=", o.fmin());
  // nnAudio's rule: enough bins to reach fmax.
  return static_cast<int64_t>(
      std::ceil(static_cast<double>(o.bins_per_octave()) * std::log2(*o.fmax() / o.fmin())));
}

void check_options(const CQTOptions& o) {
  TORCH_CHECK_VALUE(o.sr() > 0, "CQT: sr=", o.sr(), " must be > 0 Hz");
  TORCH_CHECK_VALUE(o.hop_length() >= 1, "CQT: hop_length=", o.hop_length(), " must be at least 1");
  TORCH_CHECK_VALUE(o.sparsity() >= 0 && o.sparsity() < 1, "CQT: sparsity=", o.sparsity(),
                    " must be in [0, 1)");
  TORCH_CHECK_VALUE(o.max_kernel_bytes() > 0, "CQT: max_kernel_bytes=", o.max_kernel_bytes(),
                    " must be positive");
}

CQTImpl::Stage make_stage(int64_t first_bin, int64_t bins, int64_t halvings, int64_t hop) {
  CQTImpl::Stage stage;
  stage.first_bin = first_bin;
  stage.bins = bins;
  stage.halvings = halvings;
  stage.hop = hop;
  return stage;
}

bool is_multirate(CQTAlgorithm a) {
  return a == CQTAlgorithm::CQT2010 || a == CQTAlgorithm::CQT2010v2;
}

bool is_frequency_domain(CQTAlgorithm a) {
  return a == CQTAlgorithm::CQT1992 || a == CQTAlgorithm::CQT2010;
}

// Long kernels go through the folded spectrum (functional::time_domain_response's rule), whose
// kernel spectra a frozen stage keeps.
bool folds(const CQTImpl::Stage& stage) {
  return detail::folding_pays(stage.kernel_size, stage.hop, functional::kConv1dMaxTaps);
}

}  // namespace

CQTImpl::CQTImpl(CQTOptions options_) : options(std::move(options_)) {
  reset();
}

void CQTImpl::reset() {
  ensure_default_threads();
  check_options(options);
  n_bins_ = resolve_bins(options);
  algorithm_ =
      options.algorithm() == CQTAlgorithm::Auto ? CQTAlgorithm::CQT2010 : options.algorithm();
  const int64_t per_octave = options.bins_per_octave();
  frequencies_ = kernels::cqt_frequencies(n_bins_, options.fmin(), per_octave);
  const auto full_rate = kernels::wavelet_lengths(
      frequencies_, options.sr(), per_octave, options.window(), options.filter_scale(),
      options.gamma(), options.filter_lengths(), options.allow_above_nyquist());
  lengths_ = full_rate.lengths;
  if (full_rate.cutoff_hz > options.sr() / 2.0) {
    TORCH_WARN("CQT: the top filter's band reaches ", full_rate.cutoff_hz,
               " Hz, above the Nyquist frequency ", options.sr() / 2.0,
               " Hz: the filters whose band passes it are cut there and alias, so the top bins "
               "are inaccurate (librosa refuses these options; nnAudio computes them like this)");
  }

  // The stages: librosa's octave loop for the multirate algorithms (halve after each octave
  // while the hop stays whole), one full-rate stage otherwise.
  stages_.clear();
  const bool multirate = is_multirate(algorithm_);
  const int64_t octaves = (n_bins_ + per_octave - 1) / per_octave;
  early_halvings_ = multirate && options.earlydownsample()
                        ? kernels::early_downsample_count(options.sr(), full_rate.cutoff_hz,
                                                          options.hop_length(), octaves)
                        : 0;
  if (multirate) {
    int64_t halvings = early_halvings_;
    int64_t hop = options.hop_length() >> early_halvings_;
    for (int64_t octave = 0; octave < octaves; ++octave) {
      const int64_t top = n_bins_ - octave * per_octave;
      const int64_t bottom = std::max<int64_t>(0, top - per_octave);
      stages_.push_back(make_stage(bottom, top - bottom, halvings, hop));
      if (hop % 2 == 0) {
        hop /= 2;
        ++halvings;
      }
    }
  } else {
    stages_.push_back(make_stage(0, n_bins_, 0, options.hop_length()));
  }

  // Filter lengths at each stage's rate, then the memory check before anything large is built.
  const bool frequency_domain = is_frequency_domain(algorithm_);
  std::vector<torch::Tensor> stage_lengths;
  double bytes = 0;
  for (auto& stage : stages_) {
    const double rate = options.sr() / static_cast<double>(int64_t{1} << stage.halvings);
    const auto freqs = frequencies_.narrow(0, stage.first_bin, stage.bins);
    stage_lengths.push_back(kernels::wavelet_lengths(freqs, rate, per_octave, options.window(),
                                                     options.filter_scale(), options.gamma(),
                                                     options.filter_lengths(),
                                                     options.allow_above_nyquist())
                                .lengths);
    stage.kernel_size = next_power_of_two(stage_lengths.back().max().item<double>());
    stage.frequency_domain = frequency_domain;
    // The complex128 wavelets and up to three temporaries of their size while they become the
    // kept kernels (measured peaks: 3.1x the wavelets for CQT1992v2, 3.4x for CQT1992), and the
    // folded spectra a long stage keeps once called without a graph (float64 at most), with,
    // when trainable, a copy of its kernels to compare with.
    bytes += 4.0 * 16.0 * static_cast<double>(stage.bins) * static_cast<double>(stage.kernel_size);
    if (folds(stage)) {
      bytes += 16.0 * static_cast<double>(stage.bins) *
               static_cast<double>(detail::fold_plan(stage.kernel_size, stage.hop).length);
      if (options.trainable()) {
        bytes += 16.0 * static_cast<double>(stage.bins) * static_cast<double>(stage.kernel_size);
      }
    }
  }
  detail::check_kernel_bytes(bytes, options.max_kernel_bytes(),
                             "CQT kernels (" + std::to_string(n_bins_) + " bins, longest " +
                                 std::to_string(stages_.back().kernel_size) + " samples)",
                             "raise fmin, lower sr or n_bins");

  for (size_t i = 0; i < stages_.size(); ++i) {
    auto& stage = stages_[i];
    const double rate = options.sr() / static_cast<double>(int64_t{1} << stage.halvings);
    const auto basis =
        kernels::wavelet_basis(frequencies_.narrow(0, stage.first_bin, stage.bins),
                               stage_lengths[i], rate, options.window(), options.norm());
    // Time domain: frame . kernel equals librosa's product of spectra, whose kernel is the
    // wavelet reversed about sample 0 (circularly).
    const auto kernel = frequency_domain
                            ? kernels::frequency_domain_kernels(basis, options.sparsity())
                            : basis.flip(1).roll(1, 1);
    const auto suffix = std::to_string(i);
    stage.kernel_real = detail::register_kernel(
        *this, "kernel_real_" + suffix, torch::real(kernel).contiguous(), options.trainable());
    stage.kernel_imag = detail::register_kernel(
        *this, "kernel_imag_" + suffix, torch::imag(kernel).contiguous(), options.trainable());
    stage.folded = std::make_shared<detail::FoldedKernelsCache>();
  }
  lowpass = multirate ? register_buffer("lowpass", kernels::halving_lowpass()) : torch::Tensor();
  halving_spectra_ = std::make_shared<detail::HalvingSpectraCache>();
}

int64_t CQTImpl::min_input_length() const {
  int64_t minimum = 1;
  for (const auto& stage : stages_) {
    // Samples the stage needs at its rate: a whole frame without centring, more than the
    // centring pad to reflect.
    int64_t needed = 1;
    if (!options.center()) {
      needed = stage.kernel_size;
    } else if (options.pad_mode() == PadMode::Reflect) {
      needed = stage.kernel_size / 2 + 1;
    }
    minimum = std::max(minimum, (needed - 1) * (int64_t{1} << stage.halvings) + 1);
  }
  return minimum;
}

torch::Tensor CQTImpl::halve(const torch::Tensor& signal) const {
  if (!functional::all_finite(signal)) return functional::halve_rate(signal, lowpass);
  const int64_t n = detail::halving_size(signal.size(-1), lowpass.numel());
  return detail::halve_finite(signal, halving_spectra_->get(lowpass, n, signal), n);
}

torch::Tensor CQTImpl::stage_response(const Stage& stage, const torch::Tensor& signal) const {
  const auto options_at_rate = functional::FilterResponseOptions(stage.hop)
                                   .center(options.center() && !detail::UncenteredScope::active())
                                   .pad_mode(options.pad_mode());
  const bool frozen = !stage.kernel_real.requires_grad() && !stage.kernel_imag.requires_grad();
  // Without a graph to record (frozen kernels, or trainable ones under no_grad, as in evaluation)
  // the kernels' folded spectra are kept between calls.
  const bool graph = !frozen && torch::GradMode::is_enabled();
  if (!graph && folds(stage) && functional::all_finite(signal)) {
    const auto kernels =
        stage.folded->get(stage.kernel_real, stage.kernel_imag, signal, !frozen, [&] {
          const auto real = stage.kernel_real.to(signal.options());
          const auto imag = stage.kernel_imag.to(signal.options());
          const auto plan = detail::fold_plan(stage.kernel_size, stage.hop);
          return detail::FoldedKernels{
              plan, detail::folded_kernel_spectra(real, imag, plan, stage.frequency_domain)};
        });
    return functional::time_domain_response(signal, *kernels, options_at_rate);
  }
  const auto real = stage.kernel_real.to(signal.scalar_type());
  const auto imag = stage.kernel_imag.to(signal.scalar_type());
  return stage.frequency_domain
             ? functional::frequency_domain_response(signal, real, imag, options_at_rate)
             : functional::time_domain_response(signal, real, imag, options_at_rate);
}

torch::Tensor CQTImpl::responses(const torch::Tensor& batch) const {
  auto signal = batch;
  int64_t halvings = 0;
  std::vector<torch::Tensor> per_stage(stages_.size());
  int64_t frames = -1;
  for (size_t i = 0; i < stages_.size(); ++i) {
    for (; halvings < stages_[i].halvings; ++halvings) signal = halve(signal);
    per_stage[i] = stage_response(stages_[i], signal);
    frames = frames < 0 ? per_stage[i].size(-1) : std::min(frames, per_stage[i].size(-1));
  }
  // Stages run from the top octave down; the output lists bins from fmin up.
  std::vector<torch::Tensor> ordered;
  for (auto it = per_stage.rbegin(); it != per_stage.rend(); ++it) {
    ordered.push_back(it->narrow(-1, 0, frames));
  }
  return torch::cat(ordered, 1);
}

int64_t CQTImpl::item_temporary_bytes(int64_t length, int64_t element_size) const {
  int64_t bytes = 0;
  for (const auto& stage : stages_) {
    const int64_t padded = (length >> stage.halvings) + stage.kernel_size;  // at most, centred
    const int64_t frames = (padded - stage.kernel_size) / stage.hop + 1;
    if (folds(stage)) {
      // The segments' folded spectra, twice (folded_correlation's product reads both forms).
      const auto plan = detail::fold_plan(stage.kernel_size, stage.hop);
      const int64_t segments = (frames + plan.frames - 1) / plan.frames;
      bytes = std::max(bytes, 4 * segments * plan.length * element_size);
    } else {
      // conv1d's copy of every frame.
      bytes = std::max(bytes, frames * stage.kernel_size * element_size);
    }
  }
  return bytes;
}

torch::Tensor CQTImpl::in_blocks(const torch::Tensor& batch) const {
  // Blocks of items keep the temporaries below kCQTBlockBytes per thread, whatever the batch
  // (fresh large buffers are slow to touch, see DESIGN). The multirate stages are many small
  // operations whose own parallel regions cost more in synchronisation than they gain, so each
  // thread runs whole blocks (operations inside a parallel region run single-threaded). A
  // full-rate stage is a few large operations (a GEMM, FFTW over the frames) that use every
  // thread themselves, so its blocks run one after the other (a multi-threaded BLAS called from
  // several threads at once would fight over the cores).
  const bool thread_per_block = stages_.size() > 1;
  const int64_t items = batch.size(0);
  const int64_t threads = thread_per_block ? at::get_num_threads() : 1;
  const int64_t per_item = std::max<int64_t>(
      1, item_temporary_bytes(batch.size(1), static_cast<int64_t>(batch.element_size())));
  const int64_t share = (items + threads - 1) / threads;
  const int64_t block = std::clamp<int64_t>(kCQTBlockBytes / per_item, 1, share);
  const int64_t blocks = (items + block - 1) / block;
  if (blocks == 1 && !thread_per_block) return responses(batch);
  std::vector<torch::Tensor> parts(blocks);
  const auto run = [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < std::min(end, blocks); ++i) {
      parts[i] = responses(batch.narrow(0, i * block, std::min(block, items - i * block)));
    }
  };
  if (thread_per_block) {
    // A parallel region even for a single block (a batch of one clip): its operations then run
    // on one thread instead of each splitting itself over the cores (measured on 2 cores, CQT2010
    // at batch 1: 5.4 -> 4.7 ms per clip; the kept filter spectra and FFTW halvings did the rest).
    // Their GEMMs too: OpenBLAS does not know the region is there (detail/blas_threads.h).
    const detail::SingleThreadedBlas single_threaded_blas;
    at::parallel_for(0, std::max<int64_t>(blocks, 2), 1, run);
  } else {
    run(0, blocks);
  }
  return blocks == 1 ? parts[0] : torch::cat(parts, 0);
}

torch::Tensor CQTImpl::forward(const torch::Tensor& input) {
  return transform(input, options.output_format(), options.normalization_type());
}

torch::Tensor CQTImpl::transform(const torch::Tensor& input, OutputFormat format,
                                 CQTNormalization normalization) {
  return detail::in_float32_if_half(input, "CQT", [&](const torch::Tensor& signal) {
    return transform_in_input_precision(signal, format, normalization);
  });
}

torch::Tensor CQTImpl::transform_in_input_precision(const torch::Tensor& input, OutputFormat format,
                                                    CQTNormalization normalization) {
  const auto packed = detail::pack_signal(input, "CQT");
  const int64_t length = packed.batch.size(-1);
  const int64_t minimum = min_input_length();
  TORCH_CHECK_VALUE(length >= minimum, "CQT: input has ", length, " samples but needs at least ",
                    minimum, " with center=", options.center() ? "true" : "false",
                    " and pad_mode=", to_string(options.pad_mode()), " (its lowest filters span ",
                    stages_.back().kernel_size,
                    " samples at their rate); use longer input or center=true with "
                    "pad_mode=constant");

  // The padded signal and the output, complex and then formatted (4 values per bin and frame).
  detail::check_call_memory(input, length + stages_.front().kernel_size,
                            length / options.hop_length() + 1, 4.0 * static_cast<double>(n_bins_),
                            "CQT");

  const auto& batch = packed.batch;
  bool needs_grad = torch::GradMode::is_enabled() && batch.requires_grad();
  for (const auto& parameter : parameters()) needs_grad = needs_grad || parameter.requires_grad();
  auto out = batch.is_cpu() && !needs_grad ? in_blocks(batch) : responses(batch);

  return finish(out, format, normalization, packed.leading);
}

torch::Tensor CQTImpl::finish(const torch::Tensor& responses, OutputFormat format,
                              CQTNormalization normalization,
                              const std::vector<int64_t>& leading) const {
  auto out = responses;
  if (normalization == CQTNormalization::Librosa) {
    out =
        out * torch::sqrt(lengths_).to(out.device(), torch::real(out).scalar_type()).unsqueeze(-1);
  } else if (normalization == CQTNormalization::Wrap) {
    out = out * 2.0;
  }
  return detail::unpack(detail::format_spectrum(torch::real(out), torch::imag(out), format),
                        leading);
}

torch::Tensor CQTImpl::stage_frames(size_t index, const torch::Tensor& signal) const {
  const detail::UncenteredScope uncentered;
  return stage_response(stages_.at(index), signal);
}

torch::Tensor CQTImpl::output(const torch::Tensor& responses,
                              const std::vector<int64_t>& leading) const {
  return finish(responses, options.output_format(), options.normalization_type(), leading);
}

void CQTImpl::pretty_print(std::ostream& stream) const {
  const CQTOptions d(options.sr());
  stream << detail::OptionPrinter("CQT")
                .always("sr", options.sr())
                .always("n_bins", n_bins_)
                .always("algorithm", algorithm_)
                .unless_default("hop_length", options.hop_length(), d.hop_length())
                .unless_default("fmin", options.fmin(), d.fmin())
                .unless_default("bins_per_octave", options.bins_per_octave(), d.bins_per_octave())
                .unless_default("filter_scale", options.filter_scale(), d.filter_scale())
                .unless_default("gamma", options.gamma(), d.gamma())
                .unless_default("norm", options.norm().to_string(), d.norm().to_string())
                .unless_default("window", options.window(), d.window())
                .unless_default("filter_lengths", options.filter_lengths(), d.filter_lengths())
                .unless_default("allow_above_nyquist", options.allow_above_nyquist(),
                                d.allow_above_nyquist())
                .unless_default("sparsity", options.sparsity(), d.sparsity())
                .unless_default("center", options.center(), d.center())
                .unless_default("pad_mode", options.pad_mode(), d.pad_mode())
                .unless_default("earlydownsample", options.earlydownsample(), d.earlydownsample())
                .unless_default("normalization_type", options.normalization_type(),
                                d.normalization_type())
                .unless_default("output_format", options.output_format(), d.output_format())
                .unless_default("trainable", options.trainable(), d.trainable())
                .str();
}

}  // namespace nnaudio
