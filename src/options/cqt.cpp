#include "nnaudio/options/cqt.h"

#include <stdexcept>

namespace nnaudio {

std::string to_string(CQTAlgorithm value) {
  switch (value) {
    case CQTAlgorithm::Auto:
      return "auto";
    case CQTAlgorithm::CQT1992:
      return "1992";
    case CQTAlgorithm::CQT1992v2:
      return "1992v2";
    case CQTAlgorithm::CQT2010:
      return "2010";
    case CQTAlgorithm::CQT2010v2:
      return "2010v2";
  }
  throw std::invalid_argument("unknown CQTAlgorithm");
}

std::string to_string(CQTNormalization value) {
  switch (value) {
    case CQTNormalization::Librosa:
      return "librosa";
    case CQTNormalization::Convolutional:
      return "convolutional";
    case CQTNormalization::Wrap:
      return "wrap";
  }
  throw std::invalid_argument("unknown CQTNormalization");
}

CQTAlgorithm parse_cqt_algorithm(const std::string& name) {
  const std::string bare = name.rfind("cqt", 0) == 0 ? name.substr(3) : name;
  for (auto value : {CQTAlgorithm::Auto, CQTAlgorithm::CQT1992, CQTAlgorithm::CQT1992v2,
                     CQTAlgorithm::CQT2010, CQTAlgorithm::CQT2010v2}) {
    if (bare == to_string(value)) return value;
  }
  throw std::invalid_argument("algorithm='" + name +
                              "' is not supported; allowed: auto, 1992, 1992v2, 2010, 2010v2");
}

CQTNormalization parse_cqt_normalization(const std::string& name) {
  for (auto value :
       {CQTNormalization::Librosa, CQTNormalization::Convolutional, CQTNormalization::Wrap}) {
    if (name == to_string(value)) return value;
  }
  throw std::invalid_argument("normalization_type='" + name +
                              "' is not supported; allowed: librosa, convolutional, wrap");
}

CQTOptions forward_options(const ICQTOptions& o) {
  return CQTOptions(o.sr())
      .hop_length(o.hop_length())
      .fmin(o.fmin())
      .fmax(o.fmax())
      .n_bins(o.n_bins())
      .bins_per_octave(o.bins_per_octave())
      .filter_scale(o.filter_scale())
      .gamma(o.gamma())
      .norm(o.norm())
      .window(o.window())
      .filter_lengths(o.filter_lengths())
      .sparsity(o.sparsity())
      .center(o.center())
      .pad_mode(o.pad_mode())
      .earlydownsample(o.earlydownsample())
      .normalization_type(o.normalization_type())
      .algorithm(o.algorithm())
      .trainable(o.trainable())
      .max_kernel_bytes(o.max_kernel_bytes())
      .allow_above_nyquist(o.allow_above_nyquist())
      .output_format(OutputFormat::Complex);
}

}  // namespace nnaudio
