#include "nnaudio/functional/cfp.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "functional/fftw_dct.h"
#include "functional/fftw_stft.h"
#include "functional/framing.h"
#include "functional/power_law.h"
#include "nnaudio/functional/mel.h"
#include "nnaudio/functional/stft.h"
#include "nnaudio/kernels/cfp.h"

namespace nnaudio::functional {
namespace {

// nnAudio's floor inside the logarithm of a g = 0 layer.
constexpr double kLogFloor = 1e-8;

// The most the magnitude spectra of one block of items may take without autograd.
constexpr int64_t kCfpBlockBytes = int64_t{32} << 20;

// Every layer of a real signal's magnitude spectrum is real and even (x[k] = x[N - k]), so it
// is carried as its first N/2 + 1 values. Re DFT(x) / sqrt(N) of such a sequence is again real
// and even; it is the orthonormal inverse real FFT of those values, and for even N the type-I
// DCT of them (half the work; FFTW on the CPU).
torch::Tensor even_dft(const torch::Tensor& half, int64_t n) {
  if (n % 2 == 0 && detail::fftw_dct1_can_run(half)) {
    return detail::fftw_dct1(half, 1.0 / std::sqrt(static_cast<double>(n)));
  }
  return torch::fft::irfft(half, n, -1, "ortho").narrow(-1, 0, n / 2 + 1);
}

// x^g (log for g = 0) with the `cutoff` lowest bins, and so their mirror images, set to 0.
torch::Tensor compress(const torch::Tensor& x, double g, int64_t cutoff) {
  if (!(torch::GradMode::is_enabled() && x.requires_grad())) {
    // The same values without the copies that keep the gradient finite and zero.
    auto out = g == 0.0 ? torch::relu(x).add_(kLogFloor).log_() : detail::power_law(x, g);
    out.narrow(-1, 0, cutoff).zero_();
    return out;
  }
  const auto kept = x.narrow(-1, cutoff, x.size(-1) - cutoff);
  const auto out =
      g == 0.0 ? torch::log(torch::relu(kept) + kLogFloor) : detail::power_law(kept, g);
  return cutoff == 0 ? out : torch::constant_pad_nd(out, {cutoff, 0});
}

// (frames, bins) -> (bands, frames) through a (bands, <= bins) matrix: its banded form when it
// is given (a frozen matrix on the CPU: each band interpolates a few bins, and the loop rounds
// every value the same way whatever else runs), else the dense product.
torch::Tensor to_log_frequency(const torch::Tensor& layer, const torch::Tensor& matrix,
                               const std::optional<BandedFilterbank>& banded) {
  const auto cropped = layer.narrow(-1, 0, matrix.size(1)).t();
  // NaN and infinities go through the dense product, which spreads them to every band as a
  // matrix product does (the banded one would leave the zero rows at 0).
  if (banded && torch::isfinite(cropped).all().item<bool>()) return mel_scale(cropped, *banded);
  return torch::matmul(matrix.to(layer.device(), layer.scalar_type()), cropped);
}

std::optional<BandedFilterbank> banded_form(const torch::Tensor& matrix,
                                            const torch::Tensor& like) {
  if (!like.device().is_cpu() || matrix.requires_grad()) return std::nullopt;
  return BandedFilterbank(matrix);
}

void check_matrix(const torch::Tensor& matrix, const char* name, int64_t half) {
  TORCH_CHECK_VALUE(
      matrix.defined() && matrix.dim() == 2 && matrix.size(1) >= 1 && matrix.size(1) <= half,
      "CFP: ", name, " must have shape (bands, bins) with 1 <= bins <= N/2+1=", half, ", got ",
      matrix.defined() ? matrix.sizes() : c10::IntArrayRef{});
}

}  // namespace

CFPFeatures cfp(const torch::Tensor& input, const torch::Tensor& window,
                const torch::Tensor& freq_to_logfreq, const torch::Tensor& quef_to_logfreq,
                const CFPFuncOptions& options) {
  const int64_t n = options.n_fft();
  const int64_t hop = options.hop_length();
  TORCH_CHECK_VALUE(n >= 2, "CFP: n_fft=", n, " must be at least 2");
  TORCH_CHECK_VALUE(hop > 0, "CFP: hop_length=", hop, " must be positive");
  try {
    kernels::check_cfp_exponents(options.g());
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string("CFP: ") + error.what());
  }
  const int64_t half = n / 2 + 1;
  check_matrix(freq_to_logfreq, "freq_to_logfreq", half);
  check_matrix(quef_to_logfreq, "quef_to_logfreq", half);
  TORCH_CHECK_VALUE(freq_to_logfreq.size(0) == quef_to_logfreq.size(0), "CFP: freq_to_logfreq has ",
                    freq_to_logfreq.size(0), " bands but quef_to_logfreq ",
                    quef_to_logfreq.size(0));
  TORCH_CHECK_VALUE(options.freq_cutoff() >= 0 && options.freq_cutoff() <= half,
                    "CFP: freq_cutoff=", options.freq_cutoff(), " must be in [0, N/2+1=", half,
                    "]");
  TORCH_CHECK_VALUE(options.quef_cutoff() >= 0 && options.quef_cutoff() <= half,
                    "CFP: quef_cutoff=", options.quef_cutoff(), " must be in [0, N/2+1=", half,
                    "]");

  const auto packed = detail::pack_signal(input, "CFP");
  const int64_t length = packed.batch.size(-1);
  // Centred frames: 1 + (length + 2 (N/2) - N) / hop of them, of which the first and last go.
  const int64_t needed = 2 * hop + n - 2 * (n / 2);
  TORCH_CHECK_VALUE(length >= needed, "CFP: input has ", length, " samples but hop_length=", hop,
                    " needs at least ", needed,
                    " for one frame (the first and last STFT frames are dropped)");

  const auto& batch = packed.batch;
  // (items, frames, N/2 + 1): each kept frame's magnitude spectrum over the window's norm, frame
  // by frame (the layers run along the bins); the first and last centred frames are dropped.
  const bool fused =
      detail::fftw_can_run(batch) && window.defined() && window.dim() == 1 && window.size(0) <= n;
  const auto norm = [&] {  // once stft or the checks above have found the window valid
    return torch::linalg_norm(window.to(batch.device(), batch.scalar_type()));
  };
  const auto frame_spectra = [&](const torch::Tensor& items, bool graph) {
    if (fused && !graph) {
      const auto padded = detail::pad_for_frames(items, n, true, PadMode::Constant, "CFP");
      const int64_t total = detail::frame_count(padded.size(1), n, hop);
      detail::check_call_memory(items, padded.size(1), total, static_cast<double>(half), "CFP");
      return detail::fftw_frame_magnitudes(padded, detail::full_window(window, n, padded), hop, 1,
                                           total - 2, 1.0 / norm().item<double>());
    }
    const auto magnitude = stft(items, window,
                                STFTFuncOptions(n)
                                    .hop_length(hop)
                                    .center(true)
                                    .pad_mode(PadMode::Constant)
                                    .output_format(OutputFormat::Magnitude));
    return (magnitude.narrow(-1, 1, magnitude.size(-1) - 2) / norm()).transpose(1, 2);
  };
  // Without autograd, blocks of items whose magnitude spectra stay below kCfpBlockBytes, so that
  // the working memory does not grow with the batch (a clip of 80,000 samples at the defaults
  // has 4 MB of them, float32); with autograd the graph keeps every layer anyway.
  const bool graph = torch::GradMode::is_enabled() &&
                     (batch.requires_grad() || window.requires_grad() ||
                      freq_to_logfreq.requires_grad() || quef_to_logfreq.requires_grad());
  const int64_t items = batch.size(0);
  const int64_t item_bytes = half * (length / hop + 1) * static_cast<int64_t>(batch.element_size());
  const int64_t block = graph ? items : std::max<int64_t>(1, kCfpBlockBytes / item_bytes);
  // Item by item, each item's operations on one thread, so that a clip's features do not
  // depend on the batch it came in: an element-wise operation split over threads sends the
  // elements at the split through another (scalar) loop, and OpenBLAS's products round
  // differently depending on their extent and threads. The items are spread over the threads
  // (a parallel region even for one item): a layer is a few milliseconds of work, too little for
  // every operation to split it again (measured: half the time went to threads waiting for each
  // other). Each item's layers are (frames, N/2 + 1), transformed along the last axis.
  const auto freq_bands = banded_form(freq_to_logfreq, batch);
  const auto quef_bands = banded_form(quef_to_logfreq, batch);
  std::vector<torch::Tensor> tfrL0(items), tfrLF(items), tfrLQ(items);
  const auto& g = options.g();
  for (int64_t first = 0; first < items; first += block) {
    const int64_t count = std::min(block, items - first);
    const auto spectra = frame_spectra(batch.narrow(0, first, count), graph);
    at::parallel_for(0, std::max<int64_t>(count, 2), 1, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < std::min(end, count); ++i) {
        // (frames, bins) laid out frame by frame: the transforms run along the bins.
        const auto tfr0 = spectra[i].contiguous();
        auto spectrum = compress(tfr0, g[0], 0);
        torch::Tensor cepstrum;
        for (size_t layer = 1; layer < g.size(); ++layer) {
          if (layer % 2 == 1) {
            cepstrum = compress(even_dft(spectrum, n), g[layer], options.quef_cutoff());
          } else {
            spectrum = compress(even_dft(cepstrum, n), g[layer], options.freq_cutoff());
          }
        }
        tfrL0[first + i] = to_log_frequency(tfr0, freq_to_logfreq, freq_bands);
        tfrLF[first + i] = to_log_frequency(spectrum, freq_to_logfreq, freq_bands);
        tfrLQ[first + i] = to_log_frequency(cepstrum, quef_to_logfreq, quef_bands);
      }
    });
  }

  CFPFeatures out;
  out.tfrL0 = detail::unpack(torch::stack(tfrL0), packed.leading);
  out.tfrLF = detail::unpack(torch::stack(tfrLF), packed.leading);
  out.tfrLQ = detail::unpack(torch::stack(tfrLQ), packed.leading);
  out.Z = out.tfrLF * out.tfrLQ;
  return out;
}

}  // namespace nnaudio::functional
