#include "nnaudio/modules/cfp.h"

#include <sstream>
#include <stdexcept>
#include <string>

#include "modules/module_support.h"
#include "nnaudio/threads.h"

namespace nnaudio {
namespace {

std::string list(const std::vector<double>& values) {
  std::ostringstream text;
  text << '[';
  for (size_t i = 0; i < values.size(); ++i) text << (i ? ", " : "") << values[i];
  text << ']';
  return text.str();
}

}  // namespace

CFPImpl::CFPImpl(CFPOptions options_) : options(std::move(options_)) {
  reset();
}

void CFPImpl::reset() {
  ensure_default_threads();
  const auto& o = options;
  TORCH_CHECK_VALUE(o.hop_length() > 0, "CFP: hop_length=", o.hop_length(), " must be positive");
  try {
    layout_ = kernels::cfp_layout(o.fr(), o.fs(), o.fc(), o.tc(), o.NumPerOct());
    kernels::check_cfp_exponents(o.g());
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string("CFP: ") + error.what());
  }
  TORCH_CHECK_VALUE(o.window_size() > 0 && o.window_size() <= layout_.n_fft,
                    "CFP: window_size=", o.window_size(), " must be in [1, N=", layout_.n_fft,
                    "] (N = floor(fs/fr) with fs=", o.fs(), ", fr=", o.fr(), ")");
  // The two float64 log-frequency matrices, each built in place, and the window, with one
  // copy each while they are cast (measured peak: 0.8 of this at fr = 0.5).
  const double matrices = static_cast<double>(layout_.bands()) *
                          static_cast<double>(layout_.freq_bins + layout_.quef_bins);
  detail::check_kernel_bytes(2.0 * 8.0 * (matrices + static_cast<double>(o.window_size())),
                             o.max_kernel_bytes(),
                             "CFP: the log-frequency matrices (" + std::to_string(layout_.bands()) +
                                 " bands of " + std::to_string(layout_.freq_bins) + " and " +
                                 std::to_string(layout_.quef_bins) + " bins)",
                             "raise fr, fc or tc, or lower NumPerOct");
  window = register_buffer("window", kernels::cfp_window(o.window_size()));
  freq2logfreq_matrix =
      register_buffer("freq2logfreq_matrix", kernels::cfp_freq_to_logfreq(layout_));
  quef2logfreq_matrix =
      register_buffer("quef2logfreq_matrix", kernels::cfp_quef_to_logfreq(layout_));
}

void CFPImpl::pretty_print(std::ostream& stream) const {
  const CFPOptions d;
  stream << detail::OptionPrinter("CFP")
                .always("fr", options.fr())
                .always("fs", options.fs())
                .always("hop_length", options.hop_length())
                .unless_default("window_size", options.window_size(), d.window_size())
                .unless_default("fc", options.fc(), d.fc())
                .unless_default("tc", options.tc(), d.tc())
                .unless_default("g", list(options.g()), list(d.g()))
                .unless_default("NumPerOct", options.NumPerOct(), d.NumPerOct())
                .always("bands", layout_.bands())
                .str();
}

torch::Tensor CFPImpl::forward(const torch::Tensor& input) {
  return features(input).Z;
}

functional::CFPFeatures CFPImpl::features(const torch::Tensor& input) {
  const auto compute = [&](const torch::Tensor& signal) {
    return functional::cfp(signal, window, freq2logfreq_matrix, quef2logfreq_matrix,
                           functional::CFPFuncOptions(layout_.n_fft, options.hop_length())
                               .g(options.g())
                               .freq_cutoff(layout_.freq_cutoff)
                               .quef_cutoff(layout_.quef_cutoff));
  };
  if (!input.defined() || !detail::is_half_precision(input.scalar_type())) return compute(input);
  // As in_float32_if_half, for each of the four representations.
  auto f = compute(input.to(torch::kFloat32));
  for (auto* part : {&f.Z, &f.tfrL0, &f.tfrLF, &f.tfrLQ}) {
    *part = detail::to_half_precision(*part, input.scalar_type(), "CFP");
  }
  return f;
}

torch::Tensor CFPImpl::frequencies() const {
  return torch::tensor(std::vector<double>(layout_.centres.begin(), layout_.centres.end() - 1),
                       torch::kFloat64);
}

}  // namespace nnaudio
