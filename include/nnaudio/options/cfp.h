#pragma once
// Options of the Combined Frequency and Periodicity representation, with nnAudio's names and
// defaults (Combined_Frequency_Periodicity):
//   nnaudio::CFP cfp(nnaudio::CFPOptions().fs(16000).hop_length(160));

#include <torch/torch.h>

#include <vector>

#include "nnaudio/memory.h"

namespace nnaudio {

struct CFPOptions {
  /// Frequency resolution in Hz: the DFT length is N = floor(fs / fr).
  TORCH_ARG(double, fr) = 2.0;
  /// Sample rate of the input in Hz.
  TORCH_ARG(double, fs) = 16000.0;
  /// Samples between frames.
  TORCH_ARG(int64_t, hop_length) = 320;
  /// Length of the symmetric Blackman-Harris window, at most N; centred in the N-point frame.
  TORCH_ARG(int64_t, window_size) = 2049;
  /// Hz: lowest frequency of the output grid; the spectrum below it is zeroed.
  TORCH_ARG(double, fc) = 80.0;
  /// Seconds: 1 / tc is the highest frequency of the output grid; the cepstrum below tc is zeroed.
  TORCH_ARG(double, tc) = 1.0 / 1000.0;
  /// Power-law exponents, one per layer (spectrum, cepstrum, spectrum, ...), each >= 0 (0: log);
  /// at least two, so that there is a cepstrum.
  TORCH_ARG(std::vector<double>, g) = std::vector<double>{0.24, 0.6, 1.0};
  /// Bands per octave of the log-frequency grid.
  TORCH_ARG(int64_t, NumPerOct) = 48;
  /// Building the window and the log-frequency matrices may take at most this many bytes.
  TORCH_ARG(int64_t, max_kernel_bytes) = kDefaultMaxKernelBytes;
};

}  // namespace nnaudio
