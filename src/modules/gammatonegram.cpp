#include "nnaudio/modules/gammatonegram.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "functional/framing.h"
#include "functional/power_law.h"
#include "modules/module_support.h"
#include "nnaudio/kernels/gammatone.h"
#include "nnaudio/threads.h"

namespace nnaudio {

GammatonegramImpl::GammatonegramImpl(GammatonegramOptions options_) : options(std::move(options_)) {
  reset();
}

void GammatonegramImpl::reset() {
  ensure_default_threads();
  const auto& o = options;
  TORCH_CHECK_VALUE(o.power() > 0.0 && std::isfinite(o.power()), "Gammatonegram: power=", o.power(),
                    " must be positive and finite");
  // The bank is built filter by filter; measured peak 1.1x its float64 size (n_fft = 2^16).
  detail::check_bank_bytes(
      "Gammatonegram: the gammatone filter bank (n_bins=" + std::to_string(o.n_bins()) +
          ", n_fft=" + std::to_string(o.n_fft()) + ")",
      o.n_bins(), o.n_fft() / 2 + 1, 2, o.max_kernel_bytes(), "lower n_fft or n_bins");
  torch::Tensor basis;
  try {
    basis = kernels::gammatone_filterbank(kernels::GammatoneFilterbankOptions(o.sr(), o.n_fft())
                                              .n_bins(o.n_bins())
                                              .fmin(o.fmin())
                                              .fmax(o.fmax()));
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string("Gammatonegram: ") + error.what());
  }
  const auto format = o.power() == 2.0 ? OutputFormat::Power : OutputFormat::Magnitude;
  stft = register_module(
      "stft",
      STFT(framing_to_stft(o).sr(o.sr()).output_format(format).trainable(o.trainable_STFT())));
  gammatone_basis = detail::register_kernel(*this, "gammatone_basis", basis, o.trainable_bins());
}

void GammatonegramImpl::pretty_print(std::ostream& stream) const {
  const GammatonegramOptions d(options.sr());
  stream << detail::OptionPrinter("Gammatonegram")
                .always("sr", options.sr())
                .always("n_fft", options.n_fft())
                .unless_default("win_length", options.win_length(), d.win_length())
                .always("hop_length", stft->hop_length())
                .unless_default("window", options.window(), d.window())
                .unless_default("center", options.center(), d.center())
                .unless_default("pad_mode", options.pad_mode(), d.pad_mode())
                .unless_default("power", options.power(), d.power())
                .always("n_bins", options.n_bins())
                .unless_default("fmin", options.fmin(), d.fmin())
                .unless_default("fmax", options.fmax(), d.fmax())
                .unless_default("trainable_bins", options.trainable_bins(), d.trainable_bins())
                .unless_default("trainable_STFT", options.trainable_STFT(), d.trainable_STFT())
                .always("backend", stft->backend())
                .str();
}

torch::Tensor GammatonegramImpl::forward(const torch::Tensor& input) {
  return detail::in_float32_if_half(input, "Gammatonegram", [&](const torch::Tensor& signal) {
    // Blocks of items hold the spectrogram of a block, not of the batch.
    return detail::in_item_blocks(
        signal, stft->item_spectrum_bytes(signal), detail::records_graph(*this, signal),
        [&](const torch::Tensor& items) {
          auto spectrum = stft(items);
          const double power = options.power();
          if (power != 1.0 && power != 2.0) {
            spectrum = detail::power_law(spectrum, power);
          }
          return detail::bank_product(gammatone_basis.to(spectrum.scalar_type()), spectrum);
        });
  });
}

torch::Tensor GammatonegramImpl::frequencies() const {
  const double fmax = options.fmax().value_or(options.sr() / 2.0);
  return kernels::gammatone_frequencies(options.n_bins(), options.fmin(), fmax);
}

}  // namespace nnaudio
