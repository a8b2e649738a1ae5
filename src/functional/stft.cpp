#include "nnaudio/functional/stft.h"

#include "functional/fftw_stft.h"
#include "functional/framing.h"
#include "functional/spectrum_format.h"
#include "nnaudio/detail/compat.h"
#include "nnaudio/threads.h"

namespace nnaudio::functional {
namespace {

struct Framed {
  detail::PackedSignal packed;
  torch::Tensor padded;  ///< (batch, padded time)
  torch::Tensor window;  ///< (n_fft), the input's dtype and device
  int64_t hop;
};

/// `bins`: the output's frequency bins, for the memory check.
Framed prepare(const torch::Tensor& input, const torch::Tensor& window,
               const STFTFuncOptions& options, int64_t bins) {
  ensure_default_threads();
  TORCH_CHECK_VALUE(window.defined() && window.dim() == 1, "STFT: window must be a 1-D tensor");
  const int64_t n_fft = options.n_fft();
  const int64_t hop = detail::resolve_hop(n_fft, window.numel(), options.hop_length());
  auto packed = detail::pack_signal(input, "STFT");
  const int64_t padded_length = input.size(-1) + (options.center() ? 2 * (n_fft / 2) : 0);
  if (padded_length >= n_fft) {  // else pad_for_frames says what is missing
    const bool complex = options.output_format() == OutputFormat::Complex ||
                         options.output_format() == OutputFormat::Phase;
    detail::check_call_memory(input, padded_length, detail::frame_count(padded_length, n_fft, hop),
                              static_cast<double>(bins) * (complex ? 2 : 1), "STFT");
  }
  auto padded = detail::pad_for_frames(packed.batch, options.n_fft(), options.center(),
                                       options.pad_mode(), "STFT");
  auto full = detail::full_window(window, options.n_fft(), padded);
  return {std::move(packed), std::move(padded), std::move(full), hop};
}

detail::FusedSpectrum fused_for(OutputFormat format) {
  switch (format) {
    case OutputFormat::Magnitude:
      return detail::FusedSpectrum::Magnitude;
    case OutputFormat::Power:
      return detail::FusedSpectrum::Power;
    default:
      return detail::FusedSpectrum::RealImag;
  }
}

}  // namespace

torch::Tensor stft(const torch::Tensor& input, const torch::Tensor& window,
                   const STFTFuncOptions& options) {
  const auto framed = prepare(input, window, options, options.n_fft() / 2 + 1);
  const auto format = options.output_format();
  torch::Tensor out;
  if (detail::fftw_can_run(framed.padded)) {
    const auto fused = fused_for(format);
    out = detail::fftw_stft(framed.padded, framed.window, framed.hop, fused);
    if (fused == detail::FusedSpectrum::RealImag) out = detail::format_spectrum(out, format);
  } else {
    const auto spectrum =
        detail::complex_stft(framed.padded, options.n_fft(), framed.hop, framed.window);
    // torch::stft hands back (freq, frames) as a transposed view; make it contiguous like the
    // FFTW path's output, so that both paths give the same layout.
    out = detail::format_spectrum(torch::view_as_real(spectrum.contiguous()), format);
  }
  return detail::unpack(out, framed.packed.leading);
}

torch::Tensor stft(const torch::Tensor& input, const torch::Tensor& window,
                   const torch::Tensor& kernel_cos, const torch::Tensor& kernel_sin,
                   const STFTFuncOptions& options) {
  TORCH_CHECK_VALUE(kernel_cos.dim() == 2 && kernel_cos.size(1) == options.n_fft() &&
                        kernel_sin.sizes() == kernel_cos.sizes(),
                    "STFT: kernels must both have shape (freq_bins, n_fft=", options.n_fft(),
                    "), got ", kernel_cos.sizes(), " and ", kernel_sin.sizes());
  const auto framed = prepare(input, window, options, kernel_cos.size(0));
  const auto& like = framed.padded;
  const int64_t bins = kernel_cos.size(0);
  // Window the kernels, not the frames: the product is (2F, n_fft), far smaller than the frames.
  const auto kernels =
      torch::cat({kernel_cos.to(like.device(), like.scalar_type()) * framed.window,
                  kernel_sin.to(like.device(), like.scalar_type()) * framed.window})
          .unsqueeze(1);
  const auto stacked = torch::conv1d(like.unsqueeze(1), kernels, {}, framed.hop);
  const auto out = detail::format_spectrum(stacked.narrow(1, 0, bins),
                                           stacked.narrow(1, bins, bins), options.output_format());
  return detail::unpack(out, framed.packed.leading);
}

}  // namespace nnaudio::functional
