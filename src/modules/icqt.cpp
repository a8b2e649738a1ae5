#include "nnaudio/modules/icqt.h"

#include <vector>

#include "functional/spectrum_format.h"
#include "modules/module_support.h"

namespace nnaudio {
namespace {

// Per-example sum over every dim but the first, shaped to broadcast against `like`.
torch::Tensor per_example_dot(const torch::Tensor& a, const torch::Tensor& b) {
  std::vector<int64_t> shape(a.dim(), 1);
  shape[0] = a.size(0);
  return (a * b).reshape({a.size(0), -1}).sum(1).view(shape);
}

}  // namespace

ICQTImpl::ICQTImpl(ICQTOptions options_) : options(std::move(options_)) {
  reset();
}

void ICQTImpl::reset() {
  TORCH_CHECK_VALUE(options.n_iter() >= 1, "iCQT: n_iter=", options.n_iter(),
                    " must be at least 1");
  TORCH_CHECK_VALUE(options.length().value_or(1) >= 1,
                    "iCQT: length=", options.length().value_or(0), " must be at least 1");
  cqt = register_module("cqt", CQT(forward_options(options)));
}

void ICQTImpl::pretty_print(std::ostream& stream) const {
  stream << detail::OptionPrinter("iCQT")
                .always("sr", options.sr())
                .always("n_bins", cqt->n_bins())
                .always("hop_length", options.hop_length())
                .always("algorithm", cqt->algorithm())
                .always("n_iter", options.n_iter())
                .str();
}

torch::Tensor ICQTImpl::forward(const torch::Tensor& spectrum, std::optional<int64_t> length) {
  return detail::in_float32_if_half(
      spectrum, "iCQT", [&](const torch::Tensor& wide) { return reconstruct(wide, length); });
}

torch::Tensor ICQTImpl::reconstruct(const torch::Tensor& spectrum, std::optional<int64_t> length) {
  const auto complex = detail::as_complex_spectrum(spectrum, "iCQT");
  TORCH_CHECK_VALUE(complex.size(-2) == cqt->n_bins(), "iCQT: spectrum has ", complex.size(-2),
                    " bins but this iCQT was built for n_bins=", cqt->n_bins());
  const int64_t frames = complex.size(-1);
  TORCH_CHECK_VALUE(length || options.length() || frames >= 2, "iCQT: the spectrum has ", frames,
                    " frame(s), which without a length means (frames - 1) * hop_length = ",
                    (frames - 1) * options.hop_length(),
                    " samples; give at least 2 frames or the length of the signal");
  const int64_t samples =
      length.value_or(options.length().value_or((frames - 1) * options.hop_length()));
  TORCH_CHECK_VALUE(samples >= 1, "iCQT: length=", samples, " must be at least 1");
  std::vector<int64_t> leading(complex.sizes().begin(), complex.sizes().end() - 2);
  const auto target = torch::view_as_real(complex.reshape({-1, complex.size(-2), frames}));
  const auto real_type = target.scalar_type();
  const auto normalization = options.normalization_type();

  // The forward model on a (batch, samples) signal as real (batch, bins, frames', 2), cut to
  // the frames both sides have.
  const int64_t batch = target.size(0);
  const auto probe = cqt->transform(torch::zeros({1, samples}, target.options()),
                                    OutputFormat::RealImag, normalization);
  const int64_t common = std::min(frames, probe.size(-2));
  const auto c = target.narrow(-2, 0, common);
  auto forward_model = [&](const torch::Tensor& x) {
    return cqt->transform(x, OutputFormat::RealImag, normalization).narrow(-2, 0, common);
  };
  // Conjugate gradients on the normal equations (CGLS). The adjoint comes from autograd;
  // when the result must be differentiable the whole iteration stays on the graph.
  const bool keep_graph =
      torch::GradMode::is_enabled() && (complex.requires_grad() || !cqt->parameters().empty());
  auto adjoint = [&](const torch::Tensor& residual) {
    torch::AutoGradMode enable(true);
    auto x = torch::zeros({batch, samples}, target.options()).requires_grad_();
    const auto y = forward_model(x);
    return torch::autograd::grad({y}, {x}, {residual}, /*retain_graph=*/keep_graph,
                                 /*create_graph=*/keep_graph)[0];
  };
  torch::AutoGradMode graph_mode(keep_graph);
  auto x = torch::zeros({batch, samples}, target.options());
  auto r = c;
  auto s = adjoint(r);
  auto p = s;
  auto gamma = per_example_dot(s, s);
  const double tiny = real_type == torch::kFloat64 ? 1e-300 : 1e-30;
  for (int64_t it = 0; it < options.n_iter(); ++it) {
    const auto q = forward_model(p);
    const auto alpha = gamma / per_example_dot(q, q).view({batch, 1}).clamp_min(tiny);
    x = x + alpha * p;
    r = r - alpha.view({batch, 1, 1, 1}) * q;
    s = adjoint(r);
    const auto gamma_next = per_example_dot(s, s);
    p = s + (gamma_next / gamma.clamp_min(tiny)) * p;
    gamma = gamma_next;
  }
  std::vector<int64_t> shape = leading;
  shape.push_back(samples);
  return x.reshape(shape);
}

}  // namespace nnaudio
