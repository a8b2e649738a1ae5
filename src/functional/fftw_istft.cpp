#include "functional/fftw_istft.h"

#ifdef NNAUDIO_HAVE_FFTW

#include <algorithm>
#include <limits>
#include <vector>

#include "functional/fftw_support.h"

namespace nnaudio::detail {
namespace {

// Frames are gathered a tile at a time, so that the (freq, frames) input is read in runs of
// kTileFrames values instead of one scattered value per frame.
constexpr int64_t kTileFrames = 32;

template <typename Real>
void overlap_add_kernel(const Real* spectrum, const Real* window, int64_t batch, int64_t bins,
                        int64_t frames, int64_t n_fft, int64_t hop, Real* out) {
  using Complex = typename Fftw<Real>::Complex;
  const auto plan = plans_for<Real>(n_fft).inverse;
  const int64_t length = n_fft + hop * (frames - 1);
  // Rows padded to a multiple of 8 complex values keep the alignment the plan was made with.
  const int64_t row = (bins + 7) / 8 * 8;
  // irfft's 1/n_fft folded into the window.
  std::vector<Real> scaled(window, window + n_fft);
  for (auto& w : scaled) w /= static_cast<Real>(n_fft);
  struct Scratch {
    std::unique_ptr<Complex, void (*)(Complex*)> tile;
    std::unique_ptr<Real, void (*)(Real*)> frame;
  };
  auto setup = [&] {
    return Scratch{aligned<Real, Complex>(row * kTileFrames), aligned<Real>(n_fft)};
  };
  // One item per thread at a time: its frames overlap and add into the same samples.
  parallel_dynamic(batch, setup, [&](Scratch& scratch, int64_t item) {
    Real* signal = out + item * length;
    std::fill(signal, signal + length, Real(0));
    for (int64_t first = 0; first < frames; first += kTileFrames) {
      const int64_t count = std::min(kTileFrames, frames - first);
      Complex* tile = scratch.tile.get();
      for (int64_t f = 0; f < bins; ++f) {
        const Real* source = spectrum + 2 * ((item * bins + f) * frames + first);
        for (int64_t j = 0; j < count; ++j) {
          tile[j * row + f][0] = source[2 * j];
          tile[j * row + f][1] = source[2 * j + 1];
        }
      }
      for (int64_t j = 0; j < count; ++j) {
        Real* frame = scratch.frame.get();
        Fftw<Real>::c2r(plan, tile + j * row, frame);  // overwrites its input row
        Real* destination = signal + (first + j) * hop;
        for (int64_t n = 0; n < n_fft; ++n) destination[n] += frame[n] * scaled[n];
      }
    }
  });
}

}  // namespace

bool fftw_istft_can_run(const torch::Tensor& spectrum) {
  return spectrum.device().is_cpu() && (spectrum.scalar_type() == torch::kComplexFloat ||
                                        spectrum.scalar_type() == torch::kComplexDouble);
}

torch::Tensor fftw_overlap_add_frames(const torch::Tensor& spectrum, const torch::Tensor& window,
                                      int64_t hop) {
  TORCH_CHECK(fftw_istft_can_run(spectrum) && spectrum.dim() == 3,
              "fftw_overlap_add_frames needs a complex (batch, bins, frames) CPU tensor");
  const int64_t n_fft = window.numel();
  TORCH_CHECK(window.dim() == 1 && spectrum.size(1) == n_fft / 2 + 1 && hop >= 1,
              "fftw_overlap_add_frames: ", spectrum.size(1), " bins do not match a window of ",
              n_fft);
  TORCH_CHECK(n_fft <= std::numeric_limits<int>::max(), "n_fft=", n_fft, " is too large for FFTW");
  const auto pairs = torch::view_as_real(spectrum.contiguous());
  const auto w = window.to(pairs.scalar_type()).contiguous();
  const int64_t batch = spectrum.size(0);
  const int64_t frames = spectrum.size(2);
  auto out = torch::empty({batch, n_fft + hop * (frames - 1)}, pairs.options());
  AT_DISPATCH_FLOATING_TYPES(pairs.scalar_type(), "fftw_overlap_add_frames", [&] {
    overlap_add_kernel<scalar_t>(pairs.data_ptr<scalar_t>(), w.data_ptr<scalar_t>(), batch,
                                 spectrum.size(1), frames, n_fft, hop, out.data_ptr<scalar_t>());
  });
  return out;
}

}  // namespace nnaudio::detail

#else  // built without FFTW

namespace nnaudio::detail {

bool fftw_istft_can_run(const torch::Tensor&) {
  return false;
}

torch::Tensor fftw_overlap_add_frames(const torch::Tensor&, const torch::Tensor&, int64_t) {
  TORCH_CHECK(false, "nnaudio was built without FFTW");
}

}  // namespace nnaudio::detail

#endif
