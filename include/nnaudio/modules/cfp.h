#pragma once

#include <torch/torch.h>

#include "nnaudio/functional/cfp.h"
#include "nnaudio/kernels/cfp.h"
#include "nnaudio/options/cfp.h"

namespace nnaudio {

/// Combined Frequency and Periodicity (Su & Yang 2015; see functional/cfp.h) of (..., time)
/// signals. forward() returns Z, (..., bands, frames); features() returns Z with the three
/// intermediate representations tfrL0, tfrLF and tfrLQ, the outputs of nnAudio's
/// Combined_Frequency_Periodicity, whose frames (the STFT's first and last dropped:
/// time / hop_length - 1 of them), rows (row i centred at frequencies()[i]; row 0 is zero) and
/// window alignment it keeps. (nnAudio's class named CFP returns Z only and keeps all frames.)
///
/// Where nnAudio 0.3.3 departs from the paper, this module follows the paper:
///  - Bin frequencies: nnAudio labels spectrum bin k with k * fs / (N - 2) Hz (a linspace over
///    N/2 points) instead of the DFT's k * fs / N, which moves its triangular weights by up to
///    about 2% of their height (for N = 8000, 0.25 Hz at 1 kHz against a 29 Hz band).
///  - Triangle peaks: nnAudio's strict inequalities give weight 0 to a bin that falls exactly
///    on a centre frequency. With the defaults, quefrency bins 50 and 25 (320 and 640 Hz) are
///    the only bins of their bands, so nnAudio's tfrLQ and Z rows 96 and 144 are identically
///    zero, and row 48 (bin 100, 160 Hz) loses its peak. Here such a bin gets weight 1.
///  - Lifter: nnAudio zeroes bins [0, c) and [N - c, N), one more than the mirror image of
///    [0, c), so the layer is no longer even; here it zeroes [0, c) and (N - c, N). A cutoff
///    of 0 zeroes nothing here (nnAudio's X[..., -0:] = 0 zeroes the whole layer).
///  - g[0] = 0 takes the logarithm, as for the other layers (nnAudio: x^0 = 1).
///  - All bin indices use the actual bin spacing fs / N (nnAudio mixes in fr, which differs
///    when fs / fr is not an integer).
///  - Precision: nnAudio stores the window and both matrices in float32; rounding the window
///    alone moves Z by about 2.5e-4 relative, because the 0.24 power law lifts the window's
///    round-off leakage. Here they are float64 until the module is cast.
/// On nnAudio's test signal (tones_16000, defaults) this module differs from nnAudio by about
/// 1.1% (Z, tfrL0, tfrLF) and 2.2% (tfrLQ) relative; with the first three points and the
/// float32 storage put back the two agree to 1e-11 (tests/test_cfp.cpp).
///
/// Computed in the input's dtype. In float32, Z is about 1e-3 relative from float64 for the
/// same reason as above (the power laws amplify round-off in the spectrum's floor).
class CFPImpl : public torch::nn::Cloneable<CFPImpl> {
 public:
  explicit CFPImpl(CFPOptions options_ = {});

  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  /// Z: (..., bands, frames).
  torch::Tensor forward(const torch::Tensor& input);
  /// Z, tfrL0, tfrLF and tfrLQ, each (..., bands, frames).
  functional::CFPFeatures features(const torch::Tensor& input);

  /// Centre frequency of each output row in Hz, float64 (bands).
  torch::Tensor frequencies() const;
  /// N, the bin spacing, the cutoffs and the grid that follow from the options.
  const kernels::CFPLayout& layout() const { return layout_; }

  CFPOptions options;
  /// (window_size) symmetric Blackman-Harris window.
  torch::Tensor window;
  /// (bands, freq_bins) and (bands, quef_bins) log-frequency mappings.
  torch::Tensor freq2logfreq_matrix, quef2logfreq_matrix;

 private:
  kernels::CFPLayout layout_;
};
TORCH_MODULE(CFP);

}  // namespace nnaudio
