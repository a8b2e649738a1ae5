// Which modules stream, and how: the frame geometry each implies and a way to run it on
// complete frames (modules/uncentered_scope.h).

#include <string>

#include "modules/uncentered_scope.h"
#include "nnaudio/modules/amplitude_to_db.h"
#include "nnaudio/modules/cfp.h"
#include "nnaudio/modules/cqt.h"
#include "nnaudio/modules/gammatonegram.h"
#include "nnaudio/modules/griffin_lim.h"
#include "nnaudio/modules/icqt.h"
#include "nnaudio/modules/istft.h"
#include "nnaudio/modules/mel_spectrogram.h"
#include "nnaudio/modules/mfcc.h"
#include "nnaudio/modules/stft.h"
#include "nnaudio/streaming/stream.h"

namespace nnaudio::detail {
namespace {

using Forward = std::function<torch::Tensor(const torch::Tensor&)>;

// The geometry of the STFT a module frames its signal with.
StreamFraming stft_geometry(const STFTImpl& stft) {
  StreamFraming framing;
  framing.frame_length = stft.options.n_fft();
  framing.hop = stft.hop_length();
  framing.center = stft.options.center();
  framing.pad_mode = stft.options.pad_mode();
  framing.device_probe = stft.window;
  return framing;
}

// A full-rate CQT frames its signal like an STFT whose frame is its longest kernel; the
// multirate ones halve the signal between octaves, a state of every octave's filter that the
// stream does not carry yet.
StreamFraming cqt_geometry(const CQTImpl& cqt) {
  const auto& stages = cqt.stages();
  TORCH_CHECK_VALUE(
      stages.size() == 1 && stages.front().halvings == 0,
      "Stream: CQT with algorithm=", to_string(cqt.algorithm()),
      " (multirate) does not stream yet; the full-rate algorithms 1992 and 1992v2 do");
  StreamFraming framing;
  framing.frame_length = stages.front().kernel_size;
  framing.hop = stages.front().hop;
  framing.center = cqt.options.center();
  framing.pad_mode = cqt.options.pad_mode();
  framing.frames_dim = cqt.options.output_format() == OutputFormat::RealImag ? -2 : -1;
  framing.device_probe = stages.front().kernel_real;
  return framing;
}

StreamFraming with_forward(StreamFraming framing, Forward whole) {
  framing.frames = [whole](const torch::Tensor& signal) {
    const UncenteredScope uncentered;
    return whole(signal);
  };
  framing.whole = std::move(whole);
  return framing;
}

// A decibel conversion whose maximum is taken over the whole signal: not the offline result
// when computed from the frames seen so far.
void refuse_signal_maximum(const char* module, const DbReference& ref,
                           const std::optional<double>& top_db) {
  TORCH_CHECK_VALUE(!ref.use_max(), "Stream: ", module,
                    " with ref=max divides by the maximum over all frames, which a stream does "
                    "not know until the end; use a fixed ref (e.g. 1.0) to stream it");
  TORCH_CHECK_VALUE(!top_db.has_value(), "Stream: ", module, " with top_db=", top_db.value_or(0),
                    " clips to the maximum over all frames, which a stream does not know until "
                    "the end; unset top_db (std::nullopt) to stream it");
}

// True when module is one of Impl (for the refusal's wording).
template <typename... Impl>
bool is_any_of(const std::shared_ptr<torch::nn::Module>& module) {
  return ((std::dynamic_pointer_cast<Impl>(module) != nullptr) || ...);
}

StreamFraming sequential_framing(const std::shared_ptr<torch::nn::SequentialImpl>& sequence) {
  TORCH_CHECK_VALUE(sequence->size() > 0, "Stream: the Sequential is empty");
  const auto& children = sequence->children();
  auto framing = stream_framing(children.front());
  for (size_t i = 1; i < children.size(); ++i) {
    const auto to_db = std::dynamic_pointer_cast<AmplitudeToDBImpl>(children[i]);
    TORCH_CHECK_VALUE(to_db != nullptr, "Stream: element ", i, " of the Sequential is a ",
                      children[i]->name(),
                      "; only AmplitudeToDB (frame by frame) may follow the transform");
    refuse_signal_maximum("AmplitudeToDB", to_db->options.ref(), to_db->options.top_db());
  }
  return with_forward(framing, [sequence](const torch::Tensor& x) { return sequence->forward(x); });
}

}  // namespace

StreamFraming stream_framing(const std::shared_ptr<torch::nn::Module>& module) {
  TORCH_CHECK_VALUE(module != nullptr, "Stream: the module is empty (nullptr)");
  if (const auto stft = std::dynamic_pointer_cast<STFTImpl>(module)) {
    auto framing = stft_geometry(*stft);
    framing.frames_dim = stft->options.output_format() == OutputFormat::RealImag ? -2 : -1;
    return with_forward(framing, [stft](const torch::Tensor& x) { return stft->forward(x); });
  }
  if (const auto mel = std::dynamic_pointer_cast<MelSpectrogramImpl>(module)) {
    return with_forward(stft_geometry(*mel->stft),
                        [mel](const torch::Tensor& x) { return mel->forward(x); });
  }
  if (const auto mfcc = std::dynamic_pointer_cast<MFCCImpl>(module)) {
    if (mfcc->options.log_mels_db()) {
      refuse_signal_maximum("MFCC", mfcc->options.ref(), mfcc->options.top_db());
    }
    return with_forward(stft_geometry(*mfcc->mel_spectrogram->stft),
                        [mfcc](const torch::Tensor& x) { return mfcc->forward(x); });
  }
  if (const auto gammatone = std::dynamic_pointer_cast<GammatonegramImpl>(module)) {
    return with_forward(stft_geometry(*gammatone->stft),
                        [gammatone](const torch::Tensor& x) { return gammatone->forward(x); });
  }
  if (const auto cqt = std::dynamic_pointer_cast<CQTImpl>(module)) {
    return with_forward(cqt_geometry(*cqt),
                        [cqt](const torch::Tensor& x) { return cqt->forward(x); });
  }
  if (const auto sequence = std::dynamic_pointer_cast<torch::nn::SequentialImpl>(module)) {
    return sequential_framing(sequence);
  }
  TORCH_CHECK_VALUE(!std::dynamic_pointer_cast<AmplitudeToDBImpl>(module),
                    "Stream: AmplitudeToDB works on spectrograms frame by frame; stream "
                    "torch::nn::Sequential(transform, AmplitudeToDB) or apply it to each output");
  const bool analysis = is_any_of<ISTFTImpl, ICQTImpl, GriffinLimImpl, CFPImpl>(module);
  C10_THROW_ERROR(
      ValueError,
      c10::str("Stream: ", module->name(),
               analysis ? " does not stream yet" : " is not a streamable module",
               "; streamable modules: STFT, MelSpectrogram, MFCC, Gammatonegram, CQT (1992, "
               "1992v2), and a Sequential of one of them followed by AmplitudeToDB"));
}

}  // namespace nnaudio::detail
