#include "nnaudio/modules/mfcc.h"

#include <cmath>

#include "functional/db_options.h"
#include "functional/framing.h"
#include "modules/module_support.h"
#include "nnaudio/functional/amplitude.h"
#include "nnaudio/kernels/dct.h"
#include "nnaudio/threads.h"

namespace nnaudio {
namespace {

MelSpectrogramOptions mel_options(const MFCCOptions& o) {
  return MelSpectrogramOptions(o.sr())
      .n_fft(o.n_fft())
      .win_length(o.win_length())
      .hop_length(o.hop_length())
      .window(o.window())
      .center(o.center())
      .pad_mode(o.pad_mode())
      .backend(o.backend())
      .max_kernel_bytes(o.max_kernel_bytes())
      .power(2.0)
      .n_mels(o.n_mels())
      .fmin(o.fmin())
      .fmax(o.fmax())
      .htk(o.htk())
      .norm(o.norm())
      .mel_dtype(o.mel_dtype())
      .trainable_mel(o.trainable_mel())
      .trainable_STFT(o.trainable_STFT());
}

// librosa.feature.mfcc's lifter: 1 + (L/2) sin(pi (k + 1) / L), as a (n_mfcc, 1) column.
torch::Tensor lifter_column(int64_t n_mfcc, double lifter) {
  const auto k = torch::arange(1, n_mfcc + 1, torch::kFloat64);
  return (1.0 + (lifter / 2.0) * torch::sin(M_PI * k / lifter)).unsqueeze(1);
}

}  // namespace

MFCCImpl::MFCCImpl(MFCCOptions options_) : options(std::move(options_)) {
  reset();
}

void MFCCImpl::reset() {
  ensure_default_threads();
  const auto& o = options;
  TORCH_CHECK_VALUE(o.n_mels() > 0, "MFCC: n_mels=", o.n_mels(), " must be positive");
  TORCH_CHECK_VALUE(o.n_mfcc() > 0 && o.n_mfcc() <= o.n_mels(), "MFCC: n_mfcc=", o.n_mfcc(),
                    " must be in [1, n_mels=", o.n_mels(), "]");
  TORCH_CHECK_VALUE(o.dct_type() == 2 || o.dct_type() == 3, "MFCC: dct_type=", o.dct_type(),
                    " must be 2 or 3");
  TORCH_CHECK_VALUE(o.lifter() >= 0.0 && std::isfinite(o.lifter()), "MFCC: lifter=", o.lifter(),
                    " must be >= 0 and finite (0: no liftering)");
  if (o.log_mels_db()) {
    detail::check_db_options(o.ref(), o.amin(), o.top_db(), "MFCC");
  } else {
    TORCH_CHECK_VALUE(o.log_offset() > 0.0 && std::isfinite(o.log_offset()),
                      "MFCC: log_offset=", o.log_offset(),
                      " must be positive and finite (log_mels_db=false)");
  }
  mel_spectrogram = register_module("mel_spectrogram", MelSpectrogram(mel_options(o)));
  dct_matrix = register_buffer(
      "dct_matrix", kernels::dct_matrix(o.n_mels(), o.n_mfcc(), o.dct_type(), o.ortho()));
  lifter_weights = o.lifter() > 0.0
                       ? register_buffer("lifter_weights", lifter_column(o.n_mfcc(), o.lifter()))
                       : torch::Tensor();
}

// The framing and mel settings are printed by the MelSpectrogram child.
void MFCCImpl::pretty_print(std::ostream& stream) const {
  const MFCCOptions d(options.sr());
  stream << detail::OptionPrinter("MFCC")
                .always("n_mfcc", options.n_mfcc())
                .unless_default("dct_type", options.dct_type(), d.dct_type())
                .unless_default("ortho", options.ortho(), d.ortho())
                .unless_default("lifter", options.lifter(), d.lifter())
                .unless_default("log_mels_db", options.log_mels_db(), d.log_mels_db())
                .unless_default("log_offset", options.log_offset(), d.log_offset())
                .unless_default("ref", options.ref().to_string(), d.ref().to_string())
                .unless_default("amin", options.amin(), d.amin())
                .unless_default("top_db", options.top_db(), d.top_db())
                .str();
}

torch::Tensor MFCCImpl::forward(const torch::Tensor& input) {
  return detail::in_float32_if_half(input, "MFCC", [&](const torch::Tensor& signal) {
    return from_mel(mel_spectrogram(signal));
  });
}

torch::Tensor MFCCImpl::from_mel(const torch::Tensor& mel_power) {
  TORCH_CHECK_VALUE(
      mel_power.defined() && mel_power.dim() >= 2 && mel_power.size(-2) == options.n_mels(),
      "MFCC: the mel spectrogram must have shape (..., n_mels=", options.n_mels(),
      ", frames), got ", mel_power.defined() ? mel_power.sizes() : torch::IntArrayRef{});
  const auto& o = options;
  const auto log_mel = o.log_mels_db()
                           ? functional::power_to_db(mel_power, o.ref(), o.amin(), o.top_db())
                           : torch::log(mel_power + o.log_offset());
  auto out = detail::bank_product(dct_matrix.to(log_mel.scalar_type()), log_mel);
  if (lifter_weights.defined()) out = out * lifter_weights.to(out.scalar_type());
  return out;
}

}  // namespace nnaudio
