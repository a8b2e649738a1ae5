// Which modules stream, and how: the frame geometry each implies and a way to run it on
// complete frames (modules/uncentered_scope.h), stage by stage for the CQTs.

#include <string>

#include "functional/folded_correlation.h"
#include "functional/framing.h"
#include "functional/istft_synthesis.h"
#include "modules/uncentered_scope.h"
#include "nnaudio/functional/cqt.h"
#include "nnaudio/kernels/cqt.h"
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
#include "streaming/direct_response.h"

namespace nnaudio::detail {
namespace {

using Forward = std::function<torch::Tensor(const torch::Tensor&)>;

// The geometry of the STFT a module frames its signal with: one stage at the signal's rate.
StreamFraming stft_geometry(const STFTImpl& stft) {
  StreamFraming framing;
  StreamStage stage;
  stage.frame_length = stft.options.n_fft();
  stage.hop = stft.hop_length();
  framing.stages = {stage};
  framing.center = stft.options.center();
  framing.pad_mode = stft.options.pad_mode();
  framing.device_probe = stft.window;
  return framing;
}

// A single-stage module whose frames are its output: `whole` run without centring.
StreamFraming with_forward(StreamFraming framing, Forward whole) {
  framing.stages.front().frames = [whole](const torch::Tensor& signal) {
    const UncenteredScope uncentered;
    return whole(signal);
  };
  framing.stage_frames_dim = framing.frames_dim;
  framing.join = [](const std::vector<torch::Tensor>& frames, const std::vector<int64_t>&) {
    return frames.front();
  };
  framing.whole = std::move(whole);
  return framing;
}

// A chunk's few frames of long frozen time-domain kernels (CQT1992v2's) cost less multiplied
// directly than through the module's folded segment (BENCHMARKS.md, "Streaming").
bool direct_pays(const CQTImpl::Stage& stage, const torch::Tensor& batch) {
  const int64_t frames = (batch.size(1) - stage.kernel_size) / stage.hop + 1;
  return !stage.frequency_domain && !stage.kernel_real.requires_grad() &&
         !stage.kernel_imag.requires_grad() && frames <= kDirectMaxFrames &&
         folding_pays(stage.kernel_size, stage.hop, functional::kConv1dMaxTaps);
}

// Every CQT streams stage by stage: the full-rate ones frame the signal like an STFT whose
// frame is their longest kernel; the multirate ones frame each octave's halved signal with
// its own kernels and hop, and their output joins the octaves' frames of the same time.
StreamFraming cqt_framing(const std::shared_ptr<CQTImpl>& cqt) {
  StreamFraming framing;
  const auto& stages = cqt->stages();
  for (size_t i = 0; i < stages.size(); ++i) {
    StreamStage stage;
    stage.frame_length = stages[i].kernel_size;
    stage.hop = stages[i].hop;
    stage.halvings = stages[i].halvings;
    stage.frames = [cqt, i,
                    direct = std::make_shared<DirectResponse>()](const torch::Tensor& signal) {
      const auto batch = signal.reshape({-1, signal.size(-1)});
      const auto& stage = cqt->stages()[i];
      if (direct_pays(stage, batch) && functional::all_finite(batch)) {
        return (*direct)(batch, stage.kernel_real, stage.kernel_imag, stage.hop);
      }
      return cqt->stage_frames(i, batch);
    };
    framing.stages.push_back(stage);
  }
  framing.center = cqt->options.center();
  framing.pad_mode = cqt->options.pad_mode();
  framing.frames_dim = cqt->options.output_format() == OutputFormat::RealImag ? -2 : -1;
  framing.stage_frames_dim = -1;
  framing.join = [cqt](const std::vector<torch::Tensor>& frames,
                       const std::vector<int64_t>& leading) {
    // Stages run from the top octave down; the output lists bins from fmin up.
    return cqt->output(torch::cat(std::vector<torch::Tensor>(frames.rbegin(), frames.rend()), 1),
                       leading);
  };
  framing.whole = [cqt](const torch::Tensor& x) { return cqt->forward(x); };
  framing.lowpass = [cqt] { return cqt->lowpass; };
  // Its length from the builder: a module bound to its tensors only during calls (the Python
  // layers') holds none now.
  framing.lowpass_taps = kernels::halving_lowpass().numel();
  framing.device_probe = stages.front().kernel_real;
  framing.min_length = cqt->min_input_length();
  framing.name = "CQT";
  return framing;
}

// The inverse STFT streams frames in, samples out: its frames' overlap-add (functional::istft's
// frames, through the module's kernels with the Conv backend).
StreamFraming istft_framing(const std::shared_ptr<ISTFTImpl>& istft) {
  const auto& o = istft->options;
  StreamFraming framing;
  StreamStage frame;
  frame.frame_length = o.n_fft();
  frame.hop = detail::resolve_hop(o.n_fft(), o.win_length().value_or(o.n_fft()), o.hop_length());
  framing.stages = {frame};
  framing.center = o.center();
  framing.length = o.length();
  framing.device_probe = istft->window;
  framing.name = "iSTFT";
  framing.synthesis = [istft, hop = frame.hop](const torch::Tensor& spectrum) {
    const auto& o = istft->options;
    const auto func =
        functional::ISTFTFuncOptions(o.n_fft()).hop_length(hop).center(false).onesided(
            o.onesided());
    const bool conv = istft->backend() == Backend::Conv;
    auto synthesis = detail::synthesis_frames(spectrum, istft->window,
                                              conv ? istft->kernel_cos : torch::Tensor(),
                                              conv ? istft->kernel_sin : torch::Tensor(), func);
    return std::make_pair(synthesis.frames, synthesis.window);
  };
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
  std::vector<std::shared_ptr<AmplitudeToDBImpl>> to_db;
  for (size_t i = 1; i < children.size(); ++i) {
    to_db.push_back(std::dynamic_pointer_cast<AmplitudeToDBImpl>(children[i]));
    TORCH_CHECK_VALUE(to_db.back() != nullptr, "Stream: element ", i, " of the Sequential is a ",
                      children[i]->name(),
                      "; only AmplitudeToDB (frame by frame) may follow the transform");
    refuse_signal_maximum("AmplitudeToDB", to_db.back()->options.ref(),
                          to_db.back()->options.top_db());
  }
  framing.join = [join = framing.join, to_db](const std::vector<torch::Tensor>& frames,
                                              const std::vector<int64_t>& leading) {
    auto out = join(frames, leading);
    for (const auto& step : to_db) out = step->forward(out);
    return out;
  };
  framing.whole = [sequence](const torch::Tensor& x) { return sequence->forward(x); };
  return framing;
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
  if (const auto cqt = std::dynamic_pointer_cast<CQTImpl>(module)) return cqt_framing(cqt);
  if (const auto istft = std::dynamic_pointer_cast<ISTFTImpl>(module)) return istft_framing(istft);
  if (const auto sequence = std::dynamic_pointer_cast<torch::nn::SequentialImpl>(module)) {
    return sequential_framing(sequence);
  }
  TORCH_CHECK_VALUE(!std::dynamic_pointer_cast<AmplitudeToDBImpl>(module),
                    "Stream: AmplitudeToDB works on spectrograms frame by frame; stream "
                    "torch::nn::Sequential(transform, AmplitudeToDB) or apply it to each output");
  const bool analysis = is_any_of<ICQTImpl, GriffinLimImpl, CFPImpl>(module);
  C10_THROW_ERROR(
      ValueError,
      c10::str("Stream: ", module->name(),
               analysis ? " does not stream yet" : " is not a streamable module",
               "; streamable modules: STFT, MelSpectrogram, MFCC, Gammatonegram, CQT (every "
               "algorithm), a Sequential of one of them followed by AmplitudeToDB, and ISTFT"));
}

}  // namespace nnaudio::detail
