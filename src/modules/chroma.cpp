#include "nnaudio/modules/chroma.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "detail/librosa_normalize.h"
#include "functional/framing.h"
#include "functional/power_law.h"
#include "modules/banded_cache.h"
#include "modules/module_support.h"
#include "nnaudio/functional/chroma.h"
#include "nnaudio/kernels/chroma.h"
#include "nnaudio/threads.h"

namespace nnaudio {
namespace {

constexpr double kC1 = 32.70319566257483;

void check_norm(const char* module, std::optional<double> norm) {
  TORCH_CHECK_VALUE(detail::valid_librosa_norm(norm), module, ": norm=", norm.value_or(0.0),
                    " must be > 0, 0, +-inf or unset (none)");
}

// Runs a builder (of a kernel or a child module), naming the module in its
// std::invalid_argument.
template <typename Build>
auto build_named(const char* module, const Build& build) -> decltype(build()) {
  try {
    return build();
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string(module) + ": " + error.what());
  }
}

// The ChromaCQTOptions of a ChromaCENSOptions: the shared fields, no normalisation.
ChromaCQTOptions unnormalised_chroma_cqt(const ChromaCENSOptions& o) {
  return ChromaCQTOptions(o.sr())
      .hop_length(o.hop_length())
      .fmin(o.fmin())
      .tuning(o.tuning())
      .n_chroma(o.n_chroma())
      .n_octaves(o.n_octaves())
      .bins_per_octave(o.bins_per_octave())
      .window(o.window())
      .cqt_mode(o.cqt_mode())
      .algorithm(o.algorithm())
      .trainable_CQT(o.trainable_CQT())
      .norm(std::nullopt)
      .threshold(0.0);
}

// A window symmetric over `length` points (scipy's get_window(..., fftbins=False)): the periodic
// window of length - 1 points closed by its first value; custom values as they are.
torch::Tensor symmetric_window(const Window& window, int64_t length) {
  if (window.type() == Window::Type::Custom || length == 1) {
    return kernels::get_window(window, length);
  }
  const auto periodic = kernels::get_window(window, length - 1);
  return torch::cat({periodic, periodic.narrow(0, 0, 1)});
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// ChromaSTFT

ChromaSTFTImpl::ChromaSTFTImpl(ChromaSTFTOptions options_) : options(std::move(options_)) {
  reset();
}

void ChromaSTFTImpl::reset() {
  ensure_default_threads();
  const auto& o = options;
  TORCH_CHECK_VALUE(o.power() > 0.0 && std::isfinite(o.power()), "ChromaSTFT: power=", o.power(),
                    " must be positive and finite");
  check_norm("ChromaSTFT", o.norm());
  TORCH_CHECK_VALUE(!o.threshold() || (*o.threshold() > 0.0 && std::isfinite(*o.threshold())),
                    "ChromaSTFT: threshold=", o.threshold().value_or(0.0),
                    " must be positive and finite (or unset: the dtype's smallest normal number)");
  // Positions, widths and the Gaussian weights in float64, with their normalised copies.
  detail::check_bank_bytes(
      "ChromaSTFT: the chroma filter bank (n_chroma=" + std::to_string(o.n_chroma()) +
          ", n_fft=" + std::to_string(o.n_fft()) + ")",
      std::max<int64_t>(o.n_chroma(), 1), o.n_fft(), 6, o.max_kernel_bytes(),
      "lower n_fft or n_chroma");
  const auto basis = build_named("ChromaSTFT", [&] {
    return kernels::chroma_filterbank(kernels::ChromaFilterbankOptions(o.sr(), o.n_fft())
                                          .n_chroma(o.n_chroma())
                                          .tuning(o.tuning())
                                          .ctroct(o.ctroct())
                                          .octwidth(o.octwidth())
                                          .base_c(o.base_c())
                                          .dtype(o.chroma_dtype()));
  });
  const auto format = o.power() == 2.0 ? OutputFormat::Power : OutputFormat::Magnitude;
  stft = register_module(
      "stft",
      STFT(framing_to_stft(o).sr(o.sr()).output_format(format).trainable(o.trainable_STFT())));
  chroma_basis = detail::register_kernel(*this, "chroma_basis", basis, o.trainable_chroma());
  banded_ = std::make_shared<detail::BandedCache>();
}

void ChromaSTFTImpl::pretty_print(std::ostream& stream) const {
  const ChromaSTFTOptions d(options.sr());
  stream << detail::OptionPrinter("ChromaSTFT")
                .always("sr", options.sr())
                .always("n_fft", options.n_fft())
                .always("hop_length", stft->hop_length())
                .unless_default("power", options.power(), d.power())
                .always("n_chroma", options.n_chroma())
                .unless_default("tuning", options.tuning(), d.tuning())
                .unless_default("ctroct", options.ctroct(), d.ctroct())
                .unless_default("octwidth", options.octwidth(), d.octwidth())
                .unless_default("base_c", options.base_c(), d.base_c())
                .unless_default("norm", options.norm(), d.norm())
                .unless_default("threshold", options.threshold(), d.threshold())
                .unless_default("trainable_chroma", options.trainable_chroma(),
                                d.trainable_chroma())
                .unless_default("trainable_STFT", options.trainable_STFT(), d.trainable_STFT())
                .str();
}

torch::Tensor ChromaSTFTImpl::forward(const torch::Tensor& input) {
  return detail::in_float32_if_half(input, "ChromaSTFT", [&](const torch::Tensor& signal) {
    return detail::in_item_blocks(
        signal, stft->item_spectrum_bytes(signal), detail::records_graph(*this, signal),
        [&](const torch::Tensor& items) {
          auto spectrum = stft(items);
          const double power = options.power();
          if (power != 1.0 && power != 2.0) spectrum = detail::power_law(spectrum, power);
          const auto raw =
              options.trainable_chroma() || !spectrum.device().is_cpu()
                  ? detail::bank_product(chroma_basis.to(spectrum.scalar_type()), spectrum)
                  : functional::mel_scale(spectrum, *banded_->get(chroma_basis));
          return functional::normalize(raw, options.norm(), -2, options.threshold());
        });
  });
}

// ---------------------------------------------------------------------------------------------
// ChromaCQT

ChromaCQTImpl::ChromaCQTImpl(ChromaCQTOptions options_) : options(std::move(options_)) {
  reset();
}

void ChromaCQTImpl::reset() {
  const auto& o = options;
  TORCH_CHECK_VALUE(o.n_chroma() > 0, "ChromaCQT: n_chroma=", o.n_chroma(), " must be positive");
  TORCH_CHECK_VALUE(o.n_octaves() > 0, "ChromaCQT: n_octaves=", o.n_octaves(), " must be positive");
  TORCH_CHECK_VALUE(o.bins_per_octave() > 0 && o.bins_per_octave() % o.n_chroma() == 0,
                    "ChromaCQT: bins_per_octave=", o.bins_per_octave(),
                    " must be a positive multiple of n_chroma=", o.n_chroma());
  TORCH_CHECK_VALUE(std::isfinite(o.tuning()), "ChromaCQT: tuning=", o.tuning(), " must be finite");
  TORCH_CHECK_VALUE(!o.fmin() || (*o.fmin() > 0.0 && std::isfinite(*o.fmin())),
                    "ChromaCQT: fmin=", o.fmin().value_or(0.0), " must be positive and finite");
  TORCH_CHECK_VALUE(!o.threshold() || std::isfinite(*o.threshold()),
                    "ChromaCQT: threshold=", o.threshold().value_or(0.0), " must be finite");
  check_norm("ChromaCQT", o.norm());
  const double fmin = o.fmin().value_or(kC1);
  const int64_t n_bins = o.n_octaves() * o.bins_per_octave();
  const auto basis = build_named("ChromaCQT", [&] {
    return kernels::cq_to_chroma(kernels::CQToChromaOptions(n_bins)
                                     .bins_per_octave(o.bins_per_octave())
                                     .n_chroma(o.n_chroma())
                                     .fmin(fmin)
                                     .window(o.window()));
  });
  cqt = nullptr;
  hybrid_cqt = nullptr;
  if (o.cqt_mode() == ChromaCQTMode::Hybrid) {
    // HybridCQT refuses filters that reach past Nyquist (as librosa does).
    hybrid_cqt = register_module("hybrid_cqt", build_named("ChromaCQT", [&] {
                                   return HybridCQT(HybridCQTOptions(o.sr())
                                                        .hop_length(o.hop_length())
                                                        .fmin(fmin)
                                                        .tuning(o.tuning())
                                                        .n_bins(n_bins)
                                                        .bins_per_octave(o.bins_per_octave())
                                                        .algorithm(o.algorithm())
                                                        .trainable(o.trainable_CQT()));
                                 }));
  } else {
    const double tuned_fmin =
        fmin * std::pow(2.0, o.tuning() / static_cast<double>(o.bins_per_octave()));
    cqt = register_module("cqt", CQT(CQTOptions(o.sr())
                                         .hop_length(o.hop_length())
                                         .fmin(tuned_fmin)
                                         .n_bins(n_bins)
                                         .bins_per_octave(o.bins_per_octave())
                                         .algorithm(o.algorithm())
                                         .trainable(o.trainable_CQT())
                                         .output_format(OutputFormat::Magnitude)));
  }
  chroma_basis = register_buffer("chroma_basis", basis);
  banded_ = std::make_shared<detail::BandedCache>();
}

void ChromaCQTImpl::pretty_print(std::ostream& stream) const {
  const ChromaCQTOptions d(options.sr());
  stream << detail::OptionPrinter("ChromaCQT")
                .always("sr", options.sr())
                .always("hop_length", options.hop_length())
                .unless_default("fmin", options.fmin(), d.fmin())
                .unless_default("tuning", options.tuning(), d.tuning())
                .always("n_chroma", options.n_chroma())
                .always("n_octaves", options.n_octaves())
                .always("bins_per_octave", options.bins_per_octave())
                .unless_default("norm", options.norm(), d.norm())
                .unless_default("threshold", options.threshold(), d.threshold())
                .unless_default("cqt_mode", options.cqt_mode(), d.cqt_mode())
                .unless_default("algorithm", options.algorithm(), d.algorithm())
                .unless_default("trainable_CQT", options.trainable_CQT(), d.trainable_CQT())
                .str();
}

torch::Tensor ChromaCQTImpl::forward(const torch::Tensor& input) {
  return detail::in_float32_if_half(input, "ChromaCQT", [&](const torch::Tensor& signal) {
    const auto magnitude = cqt ? cqt(signal) : hybrid_cqt(signal);
    auto chroma = magnitude.device().is_cpu()
                      ? functional::mel_scale(magnitude, *banded_->get(chroma_basis))
                      : detail::bank_product(chroma_basis.to(magnitude.scalar_type()), magnitude);
    if (options.threshold()) {
      chroma = torch::where(chroma.lt(*options.threshold()), torch::zeros_like(chroma), chroma);
    }
    return functional::normalize(chroma, options.norm(), -2);
  });
}

// ---------------------------------------------------------------------------------------------
// ChromaCENS

ChromaCENSImpl::ChromaCENSImpl(ChromaCENSOptions options_) : options(std::move(options_)) {
  reset();
}

void ChromaCENSImpl::reset() {
  const auto& o = options;
  TORCH_CHECK_VALUE(!o.win_len_smooth() || *o.win_len_smooth() > 0,
                    "ChromaCENS: win_len_smooth=", o.win_len_smooth().value_or(0),
                    " must be positive (or unset: no smoothing)");
  check_norm("ChromaCENS", o.norm());
  chroma_cqt = register_module("chroma_cqt", ChromaCQT(unnormalised_chroma_cqt(o)));
  smoothing = torch::Tensor();
  if (o.win_len_smooth()) {
    auto window = build_named("ChromaCENS", [&] {
      return symmetric_window(o.smoothing_window(), *o.win_len_smooth() + 2);
    });
    const double sum = window.sum().item<double>();
    TORCH_CHECK_VALUE(sum != 0.0 && std::isfinite(sum), "ChromaCENS: the smoothing window ",
                      o.smoothing_window().to_string(), " sums to ", sum,
                      "; it must have a finite nonzero sum");
    smoothing = register_buffer("smoothing", window / sum);
  }
}

void ChromaCENSImpl::pretty_print(std::ostream& stream) const {
  const ChromaCENSOptions d(options.sr());
  stream << detail::OptionPrinter("ChromaCENS")
                .always("sr", options.sr())
                .always("hop_length", options.hop_length())
                .unless_default("fmin", options.fmin(), d.fmin())
                .unless_default("tuning", options.tuning(), d.tuning())
                .always("n_chroma", options.n_chroma())
                .always("n_octaves", options.n_octaves())
                .always("bins_per_octave", options.bins_per_octave())
                .unless_default("norm", options.norm(), d.norm())
                .unless_default("win_len_smooth", options.win_len_smooth(), d.win_len_smooth())
                .unless_default("smoothing_window", options.smoothing_window(),
                                d.smoothing_window())
                .unless_default("cqt_mode", options.cqt_mode(), d.cqt_mode())
                .unless_default("algorithm", options.algorithm(), d.algorithm())
                .str();
}

torch::Tensor ChromaCENSImpl::forward(const torch::Tensor& input) {
  return detail::in_float32_if_half(input, "ChromaCENS", [&](const torch::Tensor& signal) {
    return functional::chroma_cens(chroma_cqt(signal), smoothing, options.norm());
  });
}

}  // namespace nnaudio
