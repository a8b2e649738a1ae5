#include "nnaudio/modules/hybrid_cqt.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "modules/banded_cache.h"
#include "modules/module_support.h"
#include "nnaudio/functional/mel.h"
#include "nnaudio/kernels/pseudo_cqt.h"
#include "nnaudio/threads.h"

namespace nnaudio {
namespace {

// Checks the options both transforms share and returns the bins' centre frequencies, tuned.
template <typename Options>
torch::Tensor tuned_frequencies(const Options& o, const std::string& name) {
  TORCH_CHECK_VALUE(o.sr() > 0, name, ": sr=", o.sr(), " must be > 0 Hz");
  TORCH_CHECK_VALUE(o.hop_length() >= 1, name, ": hop_length=", o.hop_length(),
                    " must be at least 1");
  TORCH_CHECK_VALUE(o.fmin() > 0, name, ": fmin=", o.fmin(), " must be > 0 Hz");
  TORCH_CHECK_VALUE(o.n_bins() >= 1, name, ": n_bins=", o.n_bins(), " must be at least 1");
  TORCH_CHECK_VALUE(o.bins_per_octave() >= 1, name, ": bins_per_octave=", o.bins_per_octave(),
                    " must be at least 1");
  TORCH_CHECK_VALUE(std::isfinite(o.tuning()), name, ": tuning=", o.tuning(),
                    " must be finite (fractions of a bin)");
  TORCH_CHECK_VALUE(o.filter_scale() > 0, name, ": filter_scale=", o.filter_scale(),
                    " must be > 0");
  TORCH_CHECK_VALUE(o.sparsity() >= 0 && o.sparsity() < 1, name, ": sparsity=", o.sparsity(),
                    " must be in [0, 1)");
  TORCH_CHECK_VALUE(o.max_kernel_bytes() > 0, name, ": max_kernel_bytes=", o.max_kernel_bytes(),
                    " must be positive");
  const auto per_octave = static_cast<double>(o.bins_per_octave());
  return kernels::cqt_frequencies(o.n_bins(), o.fmin() * std::pow(2.0, o.tuning() / per_octave),
                                  o.bins_per_octave());
}

// librosa's filter lengths (constant Q); a filter reaching past Nyquist is refused as librosa does.
template <typename Options>
torch::Tensor librosa_lengths(const Options& o, const torch::Tensor& frequencies,
                              const std::string& name) {
  try {
    return kernels::wavelet_lengths(frequencies, o.sr(), o.bins_per_octave(), o.window(),
                                    o.filter_scale(), /*gamma=*/0.0)
        .lengths;
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(name + ": " + error.what());
  }
}

template <typename Options>
void print_shared(detail::OptionPrinter& printer, const Options& o, const Options& d) {
  printer.unless_default("hop_length", o.hop_length(), d.hop_length())
      .unless_default("fmin", o.fmin(), d.fmin())
      .always("n_bins", o.n_bins())
      .unless_default("bins_per_octave", o.bins_per_octave(), d.bins_per_octave())
      .unless_default("tuning", o.tuning(), d.tuning())
      .unless_default("filter_scale", o.filter_scale(), d.filter_scale())
      .unless_default("norm", o.norm().to_string(), d.norm().to_string())
      .unless_default("window", o.window(), d.window())
      .unless_default("sparsity", o.sparsity(), d.sparsity())
      .unless_default("center", o.center(), d.center())
      .unless_default("pad_mode", o.pad_mode(), d.pad_mode())
      .unless_default("normalization_type", o.normalization_type(), d.normalization_type())
      .unless_default("trainable", o.trainable(), d.trainable());
}

}  // namespace

PseudoCQTImpl::PseudoCQTImpl(PseudoCQTOptions options_) : options(std::move(options_)) {
  reset();
}

void PseudoCQTImpl::reset() {
  ensure_default_threads();
  const auto& o = options;
  frequencies_ = tuned_frequencies(o, "PseudoCQT");
  lengths_ = librosa_lengths(o, frequencies_, "PseudoCQT");
  n_fft_ = kernels::pseudo_cqt_n_fft(lengths_, o.hop_length());
  // The complex128 wavelets, their spectra and the temporaries of the FFT: 4 arrays counted.
  detail::check_kernel_bytes(
      4.0 * 16.0 * static_cast<double>(o.n_bins()) * static_cast<double>(n_fft_),
      o.max_kernel_bytes(),
      "PseudoCQT kernels (" + std::to_string(o.n_bins()) +
          " bins, n_fft=" + std::to_string(n_fft_) + ")",
      "raise fmin, lower sr or n_bins");
  auto bank = kernels::pseudo_cqt_filterbank(frequencies_, lengths_, o.sr(), n_fft_, o.window(),
                                             o.norm(), o.sparsity()) /
              std::sqrt(static_cast<double>(n_fft_));
  // Librosa is librosa's scale=True; the other two match CQT's normalisations.
  if (o.normalization_type() != CQTNormalization::Librosa) {
    const double factor = o.normalization_type() == CQTNormalization::Wrap ? 2.0 : 1.0;
    bank = bank * factor / torch::sqrt(lengths_).unsqueeze(1);
  }
  stft = register_module("stft", STFT(STFTOptions(n_fft_)
                                          .hop_length(o.hop_length())
                                          .window(Window::hann())
                                          .center(o.center())
                                          .pad_mode(o.pad_mode())
                                          .sr(o.sr())
                                          .output_format(OutputFormat::Magnitude)
                                          .max_kernel_bytes(o.max_kernel_bytes())));
  cqt_basis = detail::register_kernel(*this, "cqt_basis", bank.contiguous(), o.trainable());
  banded_ = std::make_shared<detail::BandedCache>();
}

torch::Tensor PseudoCQTImpl::forward(const torch::Tensor& input) {
  return detail::in_float32_if_half(input, "PseudoCQT", [&](const torch::Tensor& signal) {
    const int64_t item_bytes = stft->item_spectrum_bytes(signal);
    return detail::in_item_blocks(
        signal, item_bytes, detail::records_graph(*this, signal), [&](const torch::Tensor& items) {
          const auto spectrum = stft(items);
          if (options.trainable() || !spectrum.device().is_cpu()) {
            return functional::mel_scale(spectrum, cqt_basis);
          }
          return functional::mel_scale(spectrum, *banded_->get(cqt_basis));
        });
  });
}

void PseudoCQTImpl::pretty_print(std::ostream& stream) const {
  detail::OptionPrinter printer("PseudoCQT");
  printer.always("sr", options.sr());
  print_shared(printer, options, PseudoCQTOptions(options.sr()));
  stream << printer.str();
}

HybridCQTImpl::HybridCQTImpl(HybridCQTOptions options_) : options(std::move(options_)) {
  reset();
}

void HybridCQTImpl::reset() {
  ensure_default_threads();
  const auto& o = options;
  frequencies_ = tuned_frequencies(o, "HybridCQT");
  const auto lengths = librosa_lengths(o, frequencies_, "HybridCQT");
  full_bins_ = o.n_bins() - kernels::hybrid_pseudo_bins(lengths, o.hop_length());
  cqt = nullptr;
  pseudo_cqt = nullptr;
  if (full_bins_ > 0) {
    cqt = register_module("cqt", CQT(CQTOptions(o.sr())
                                         .hop_length(o.hop_length())
                                         .fmin(frequencies_[0].item<double>())
                                         .n_bins(full_bins_)
                                         .bins_per_octave(o.bins_per_octave())
                                         .filter_scale(o.filter_scale())
                                         .norm(o.norm())
                                         .window(o.window())
                                         .sparsity(o.sparsity())
                                         .center(o.center())
                                         .pad_mode(o.pad_mode())
                                         .normalization_type(o.normalization_type())
                                         .algorithm(o.algorithm())
                                         .trainable(o.trainable())
                                         .max_kernel_bytes(o.max_kernel_bytes())
                                         .output_format(OutputFormat::Magnitude)));
  }
  if (full_bins_ < o.n_bins()) {
    pseudo_cqt =
        register_module("pseudo_cqt", PseudoCQT(PseudoCQTOptions(o.sr())
                                                    .hop_length(o.hop_length())
                                                    .fmin(frequencies_[full_bins_].item<double>())
                                                    .n_bins(o.n_bins() - full_bins_)
                                                    .bins_per_octave(o.bins_per_octave())
                                                    .filter_scale(o.filter_scale())
                                                    .norm(o.norm())
                                                    .window(o.window())
                                                    .sparsity(o.sparsity())
                                                    .center(o.center())
                                                    .pad_mode(o.pad_mode())
                                                    .normalization_type(o.normalization_type())
                                                    .trainable(o.trainable())
                                                    .max_kernel_bytes(o.max_kernel_bytes())));
  }
}

torch::Tensor HybridCQTImpl::forward(const torch::Tensor& input) {
  return detail::in_float32_if_half(input, "HybridCQT", [&](const torch::Tensor& signal) {
    std::vector<torch::Tensor> parts;
    if (cqt) parts.push_back(cqt(signal));
    if (pseudo_cqt) parts.push_back(pseudo_cqt(signal));
    int64_t frames = parts.front().size(-1);
    for (const auto& part : parts) frames = std::min(frames, part.size(-1));
    for (auto& part : parts) part = part.narrow(-1, 0, frames);
    return torch::cat(parts, -2);
  });
}

void HybridCQTImpl::pretty_print(std::ostream& stream) const {
  const HybridCQTOptions d(options.sr());
  detail::OptionPrinter printer("HybridCQT");
  printer.always("sr", options.sr());
  print_shared(printer, options, d);
  printer.unless_default("algorithm", options.algorithm(), d.algorithm());
  stream << printer.str();
}

}  // namespace nnaudio
