#include <limits>
#include <sstream>

#include "functional/fftw_istft.h"
#include "functional/framing.h"
#include "functional/istft_synthesis.h"
#include "functional/spectrum_format.h"
#include "nnaudio/functional/stft.h"
#include "nnaudio/memory.h"
#include "nnaudio/threads.h"

namespace nnaudio::functional {
namespace {

struct InverseInput {
  torch::Tensor spectrum;        ///< complex (batch, n_fft/2 + 1, frames)
  std::vector<int64_t> leading;  ///< the (...) dims
  torch::Tensor window;          ///< (n_fft), real, the spectrum's precision and device
  int64_t hop;
};

// The nonzero-overlap-add (NOLA) condition, as scipy.signal.check_NOLA states it: every offset
// within a hop must be covered by some frame with a nonzero squared window, or the samples there
// cannot be recovered (they would come back as zeros). torch.istft checks it too.
void check_overlap(const torch::Tensor& window, int64_t hop) {
  const int64_t n_fft = window.size(0);
  const auto squared = window.detach().to(torch::kCPU, torch::kFloat64).pow(2);
  const int64_t padded = (n_fft + hop - 1) / hop * hop;
  const auto per_offset =
      torch::constant_pad_nd(squared, {0, padded - n_fft}).view({-1, hop}).sum(0);
  const auto uncovered = per_offset.le(1e-10);
  const int64_t count = uncovered.sum().item<int64_t>();
  if (count == 0) return;
  const int64_t first = uncovered.to(torch::kByte).argmax().item<int64_t>();
  TORCH_CHECK_VALUE(false, "iSTFT: hop_length=", hop, " with this window (n_fft=", n_fft,
                    ") leaves ", count, " of every ", hop, " samples (the first at offset ", first,
                    ") covered by no frame with a nonzero window: they cannot be reconstructed "
                    "(the NOLA condition fails); use a smaller hop_length or a window that is "
                    "nonzero there");
}

InverseInput prepare(const torch::Tensor& spectrum, const torch::Tensor& window,
                     const ISTFTFuncOptions& options) {
  ensure_default_threads();
  const int64_t n_fft = options.n_fft();
  TORCH_CHECK_VALUE(window.defined() && window.dim() == 1, "iSTFT: window must be a 1-D tensor");
  const int64_t hop = detail::resolve_hop(n_fft, window.numel(), options.hop_length());
  if (options.length()) {
    TORCH_CHECK_VALUE(*options.length() >= 0, "iSTFT: length=", *options.length(), " must be >= 0");
  }
  auto complex = detail::as_complex_spectrum(spectrum, "iSTFT");
  const int64_t bins = n_fft / 2 + 1;
  const int64_t expected = options.onesided() ? bins : n_fft;
  TORCH_CHECK_VALUE(complex.size(-2) == expected, "iSTFT: spectrum has ", complex.size(-2),
                    " frequency bins but n_fft=", n_fft,
                    " with onesided=", options.onesided() ? "true" : "false", " needs ", expected);
  TORCH_CHECK_VALUE(complex.size(-1) > 0, "iSTFT: spectrum has 0 frames");
  std::vector<int64_t> leading(complex.sizes().begin(), complex.sizes().end() - 2);
  complex = complex.reshape({-1, complex.size(-2), complex.size(-1)}).narrow(1, 0, bins);
  // The frames (n_fft samples each) and the output signal, before either is made.
  const auto frames = static_cast<double>(complex.size(2));
  const double length =
      options.length() ? static_cast<double>(*options.length()) : n_fft + hop * (frames - 1);
  std::ostringstream shape;
  shape << spectrum.sizes();
  nnaudio::detail::check_call_bytes(static_cast<double>(complex.size(0)) *
                                        (frames * n_fft + length) * (complex.element_size() / 2.0),
                                    "iSTFT", shape.str());
  const auto real_like = torch::view_as_real(complex);
  auto full = detail::full_window(window, n_fft, real_like);
  check_overlap(full, hop);
  return {complex, std::move(leading), std::move(full), hop};
}

// Divides the overlap-added signal (batch, n_fft + hop (frames - 1)) by the summed squared
// window where it is not negligible, and trims as librosa.istft does.
torch::Tensor normalise(torch::Tensor signal, int64_t frames, const InverseInput& in,
                        const ISTFTFuncOptions& options) {
  const int64_t n_fft = options.n_fft();
  const auto squared = (in.window * in.window).expand({1, frames, n_fft});
  const auto envelope = detail::overlap_add(squared, in.hop);
  const double tiny = in.window.scalar_type() == torch::kFloat64
                          ? std::numeric_limits<double>::min()
                          : std::numeric_limits<float>::min();
  signal = signal / torch::where(envelope > tiny, envelope, torch::ones_like(envelope));
  const int64_t start = options.center() ? n_fft / 2 : 0;
  const int64_t available = signal.size(1) - start;
  int64_t length = options.length().value_or(available - (options.center() ? n_fft / 2 : 0));
  signal = signal.narrow(1, start, std::min(length, std::max<int64_t>(available, 0)));
  if (signal.size(1) < length)
    signal = torch::constant_pad_nd(signal, {0, length - signal.size(1)});
  return detail::unpack(signal, in.leading);
}

// Overlap-adds windowed frames (batch, frames, n_fft), then normalise().
torch::Tensor finish(const torch::Tensor& frames, const InverseInput& in,
                     const ISTFTFuncOptions& options) {
  return normalise(detail::overlap_add(frames * in.window, in.hop), frames.size(1), in, options);
}

// The frames (batch, frames, n_fft) of the spectrum, before the window: an inverse FFT, or the
// explicit kernels' product when they are defined.
torch::Tensor frames_of(const InverseInput& in, const torch::Tensor& kernel_cos,
                        const torch::Tensor& kernel_sin, int64_t n_fft) {
  const auto by_frame = in.spectrum.transpose(1, 2);  // (batch, frames, bins)
  if (!kernel_cos.defined()) return torch::fft::irfft(by_frame, n_fft, -1);
  const int64_t bins = n_fft / 2 + 1;
  TORCH_CHECK_VALUE(kernel_cos.dim() == 2 && kernel_cos.size(0) == bins &&
                        kernel_cos.size(1) == n_fft && kernel_sin.sizes() == kernel_cos.sizes(),
                    "iSTFT: kernels must both have shape (n_fft/2 + 1=", bins, ", n_fft=", n_fft,
                    "), got ", kernel_cos.sizes(), " and ", kernel_sin.sizes());
  // x[n] = (1/N) sum_k c_k (Re X_k cos_k[n] + Im X_k sin_k[n]) with c_k = 2 for the bins that
  // stand for a conjugate pair, 1 for DC and Nyquist.
  const auto& like = in.window;
  auto weights = torch::full({bins, 1}, 2.0 / n_fft, like.options());
  weights[0] = 1.0 / n_fft;
  if (n_fft % 2 == 0) weights[bins - 1] = 1.0 / n_fft;
  const auto cos = kernel_cos.to(like.device(), like.scalar_type()) * weights;
  const auto sin = kernel_sin.to(like.device(), like.scalar_type()) * weights;
  return torch::matmul(torch::real(by_frame), cos) + torch::matmul(torch::imag(by_frame), sin);
}

}  // namespace

torch::Tensor istft(const torch::Tensor& spectrum, const torch::Tensor& window,
                    const ISTFTFuncOptions& options) {
  const auto in = prepare(spectrum, window, options);
  const bool needs_grad =
      torch::GradMode::is_enabled() && (in.spectrum.requires_grad() || in.window.requires_grad());
  if (!needs_grad && detail::fftw_istft_can_run(in.spectrum)) {
    // Without autograd on the CPU the frames are never stored.
    return normalise(detail::fftw_overlap_add_frames(in.spectrum, in.window, in.hop),
                     in.spectrum.size(2), in, options);
  }
  return finish(frames_of(in, {}, {}, options.n_fft()), in, options);
}

torch::Tensor istft(const torch::Tensor& spectrum, const torch::Tensor& window,
                    const torch::Tensor& kernel_cos, const torch::Tensor& kernel_sin,
                    const ISTFTFuncOptions& options) {
  const auto in = prepare(spectrum, window, options);
  return finish(frames_of(in, kernel_cos, kernel_sin, options.n_fft()), in, options);
}

}  // namespace nnaudio::functional

namespace nnaudio::detail {

SynthesisFrames synthesis_frames(const torch::Tensor& spectrum, const torch::Tensor& window,
                                 const torch::Tensor& kernel_cos, const torch::Tensor& kernel_sin,
                                 const functional::ISTFTFuncOptions& options) {
  auto in = functional::prepare(spectrum, window, options);
  auto frames = functional::frames_of(in, kernel_cos, kernel_sin, options.n_fft()) * in.window;
  return {std::move(frames), std::move(in.leading), std::move(in.window), in.hop};
}

}  // namespace nnaudio::detail
