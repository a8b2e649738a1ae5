#include "module_axes.h"

#include <nnaudio/nnaudio.h>

namespace nnaudio::cli {
namespace {

std::vector<double> hz(const torch::Tensor& frequencies) {
  const auto values = frequencies.to(torch::kCPU, torch::kFloat64).contiguous();
  return {values.data_ptr<double>(), values.data_ptr<double>() + values.numel()};
}

template <typename Impl>
const Impl* as(const torch::nn::Module& module) {
  return dynamic_cast<const Impl*>(&module);
}

/// The hop, rows and scale of `module`; `phase` set when its output is a phase.
FigureAxes layout_of(const torch::nn::Module& module, bool& phase) {
  FigureAxes axes;
  if (const auto* stft = as<STFTImpl>(module)) {
    const FreqScale grid = stft->options.freq_scale();
    axes = {0,
            stft->hop_length(),
            0,
            grid == FreqScale::Log || grid == FreqScale::Log2 ? FrequencyScale::Log
                                                              : FrequencyScale::Linear,
            hz(stft->frequencies()),
            ""};
    phase = stft->options.output_format() == OutputFormat::Phase;
  } else if (const auto* mel = as<MelSpectrogramImpl>(module)) {
    axes = {0, mel->stft->hop_length(), 0, FrequencyScale::Auditory, hz(mel->frequencies()), ""};
  } else if (const auto* mfcc = as<MFCCImpl>(module)) {
    axes.hop_length = mfcc->mel_spectrogram->stft->hop_length();
    axes.scale = FrequencyScale::Index;
  } else if (const auto* gammatone = as<GammatonegramImpl>(module)) {
    axes = {
        0, gammatone->stft->hop_length(), 0, FrequencyScale::Auditory, hz(gammatone->frequencies()),
        ""};
  } else if (const auto* cqt = as<CQTImpl>(module)) {
    axes = {0, cqt->options.hop_length(), 0, FrequencyScale::Note, hz(cqt->frequencies()), ""};
    phase = cqt->options.output_format() == OutputFormat::Phase;
  } else if (const auto* hybrid = as<HybridCQTImpl>(module)) {
    axes = {0, hybrid->options.hop_length(), 0, FrequencyScale::Note, hz(hybrid->frequencies()),
            ""};
  } else if (const auto* pseudo = as<PseudoCQTImpl>(module)) {
    axes = {0, pseudo->options.hop_length(), 0, FrequencyScale::Note, hz(pseudo->frequencies()),
            ""};
  } else if (const auto* cfp = as<CFPImpl>(module)) {
    axes = {0, cfp->options.hop_length(), 0, FrequencyScale::Log, hz(cfp->frequencies()), ""};
    axes.time_offset = static_cast<double>(axes.hop_length) / cfp->options.fs();
  } else if (const auto* chroma = as<ChromaSTFTImpl>(module)) {
    axes.hop_length = chroma->stft->hop_length();
    axes.scale = FrequencyScale::Chroma;
  } else if (const auto* chroma_cqt = as<ChromaCQTImpl>(module)) {
    axes.hop_length = chroma_cqt->options.hop_length();
    axes.scale = FrequencyScale::Chroma;
  } else if (const auto* cens = as<ChromaCENSImpl>(module)) {
    axes.hop_length = cens->options.hop_length();
    axes.scale = FrequencyScale::Chroma;
  } else if (const auto* sequence = as<torch::nn::SequentialImpl>(module)) {
    // A chain (pcen: PCEN of a mel spectrogram) keeps the rows and frames of its first stage.
    axes = layout_of(*sequence->children().front(), phase);
  } else {
    throw std::logic_error("module_axes: no axes for " + module.name());
  }
  return axes;
}

}  // namespace

FigureAxes module_axes(const torch::nn::Module& module, double sample_rate, const ImageScale& scale,
                       bool db_output) {
  bool phase = false;
  FigureAxes axes = layout_of(module, phase);
  axes.sample_rate = sample_rate;
  if (db_output || scale.decibel_factor > 0) {
    axes.value_unit = "dB";
  } else if (phase) {
    axes.value_unit = "rad";
  }
  return axes;
}

}  // namespace nnaudio::cli
