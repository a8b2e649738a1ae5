#include "nnaudio/modules/mel_spectrogram.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "modules/banded_cache.h"
#include "modules/module_support.h"
#include "nnaudio/functional/mel.h"
#include "nnaudio/kernels/mel.h"
#include "nnaudio/threads.h"

namespace nnaudio {

namespace {

kernels::MelFilterbankOptions filterbank_options(const MelSpectrogramOptions& o) {
  return kernels::MelFilterbankOptions(o.sr(), o.n_fft())
      .n_mels(o.n_mels())
      .fmin(o.fmin())
      .fmax(o.fmax())
      .htk(o.htk())
      .norm(o.norm())
      .dtype(o.mel_dtype());
}

// |X|^power from the STFT's Magnitude (or, for power 2, Power) output.
torch::Tensor raise(const torch::Tensor& spectrum, double power) {
  if (power == 1.0 || power == 2.0) return spectrum;
  if (power > 1.0) return spectrum.pow(power);
  // p |X|^(p-1) is infinite at |X| = 0 for p < 1: keep the gradient there at 0 instead (and
  // let NaN through the pow branch).
  const auto tiny = std::numeric_limits<double>::min();
  return torch::where(spectrum == 0, torch::zeros_like(spectrum),
                      spectrum.clamp_min(tiny).pow(power));
}

}  // namespace

MelSpectrogramImpl::MelSpectrogramImpl(MelSpectrogramOptions options_)
    : options(std::move(options_)) {
  reset();
}

void MelSpectrogramImpl::reset() {
  ensure_default_threads();
  const auto& o = options;
  TORCH_CHECK_VALUE(o.power() > 0.0 && std::isfinite(o.power()),
                    "MelSpectrogram: power=", o.power(), " must be positive and finite");
  // The bank's slopes, their minimum and the weights, in float64: 8 arrays counted (measured
  // peak: 6.4 at n_fft = 2^17).
  detail::check_bank_bytes(
      "MelSpectrogram: the mel filter bank (n_mels=" + std::to_string(o.n_mels()) +
          ", n_fft=" + std::to_string(o.n_fft()) + ")",
      o.n_mels() + 2, o.n_fft() / 2 + 1, 8, o.max_kernel_bytes(), "lower n_fft or n_mels");
  torch::Tensor basis;
  try {
    basis = kernels::mel_filterbank(filterbank_options(o));
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string("MelSpectrogram: ") + error.what());
  }
  const auto format = o.power() == 2.0 ? OutputFormat::Power : OutputFormat::Magnitude;
  stft = register_module(
      "stft",
      STFT(framing_to_stft(o).sr(o.sr()).output_format(format).trainable(o.trainable_STFT())));
  mel_basis = detail::register_kernel(*this, "mel_basis", basis, o.trainable_mel());
  banded_ = std::make_shared<detail::BandedCache>();
}

// The framing settings and the backend are printed by the STFT child.
void MelSpectrogramImpl::pretty_print(std::ostream& stream) const {
  const MelSpectrogramOptions d(options.sr());
  stream << detail::OptionPrinter("MelSpectrogram")
                .always("sr", options.sr())
                .unless_default("power", options.power(), d.power())
                .always("n_mels", options.n_mels())
                .unless_default("fmin", options.fmin(), d.fmin())
                .unless_default("fmax", options.fmax(), d.fmax())
                .unless_default("htk", options.htk(), d.htk())
                .unless_default("norm", options.norm().to_string(), d.norm().to_string())
                .unless_default("mel_dtype", std::string(c10::toString(options.mel_dtype())),
                                std::string(c10::toString(d.mel_dtype())))
                .unless_default("trainable_mel", options.trainable_mel(), d.trainable_mel())
                .unless_default("trainable_STFT", options.trainable_STFT(), d.trainable_STFT())
                .str();
}

torch::Tensor MelSpectrogramImpl::forward(const torch::Tensor& input) {
  return detail::in_float32_if_half(input, "MelSpectrogram", [&](const torch::Tensor& signal) {
    // Blocks of items hold the spectrogram of a block, not of the batch.
    const int64_t item_bytes = stft->item_spectrum_bytes(signal);
    return detail::in_item_blocks(
        signal, item_bytes, detail::records_graph(*this, signal), [&](const torch::Tensor& items) {
          const auto spectrum = raise(stft(items), options.power());
          if (options.trainable_mel() || !spectrum.device().is_cpu()) {
            return functional::mel_scale(spectrum, mel_basis);
          }
          return functional::mel_scale(spectrum, *banded_->get(mel_basis));
        });
  });
}

torch::Tensor MelSpectrogramImpl::frequencies() const {
  const double fmax = options.fmax().value_or(options.sr() / 2.0);
  return kernels::mel_frequencies(options.n_mels() + 2, options.fmin(), fmax, options.htk())
      .narrow(0, 1, options.n_mels());
}

}  // namespace nnaudio
