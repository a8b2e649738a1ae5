#pragma once
// Gammatone filter bank over FFT bins: Ellis' fft2gammatonemx (after Slaney's MakeERBFilters),
// as nnAudio's Gammatonegram builds it.

#include <torch/torch.h>

#include <optional>

namespace nnaudio::kernels {

/// `n_bins` centre frequencies in Hz, ascending, float64: evenly spaced on Glasberg & Moore's
/// ERB-rate scale log(f + EarQ * minBW) (EarQ 9.26449, minBW 24.7 Hz), from fmin (the lowest
/// band, exactly) up towards fmax, which is one spacing above the highest band.
torch::Tensor gammatone_frequencies(int64_t n_bins, double fmin, double fmax);

struct GammatoneFilterbankOptions {
  GammatoneFilterbankOptions(double sr, int64_t n_fft) : sr_(sr), n_fft_(n_fft) {}
  /// Sample rate in Hz.
  TORCH_ARG(double, sr);
  /// FFT length; the bank covers its n_fft/2 + 1 bins.
  TORCH_ARG(int64_t, n_fft);
  TORCH_ARG(int64_t, n_bins) = 64;
  /// Hz, centre of the lowest band, >= 0.
  TORCH_ARG(double, fmin) = 20.0;
  /// Hz, <= sr / 2; unset: sr / 2.
  TORCH_ARG(std::optional<double>, fmax) = std::nullopt;
};

/// Gammatone weights, float64 (n_bins, n_fft/2 + 1): row m is the magnitude response of the
/// 4th-order all-pole gammatone filter of Slaney's design (poles and zeros of MakeERBFilters,
/// bandwidth 1.019 ERB), evaluated at the FFT bin frequencies and divided by its value at the
/// band's centre frequency, then scaled by 1/n_fft as nnAudio does.
///
/// nnAudio stores this bank in float32; its values are this tensor rounded to float32.
/// Throws std::invalid_argument for bad parameters (n_bins <= 0, fmin < 0, fmin >= fmax, fmax
/// above Nyquist, ...).
torch::Tensor gammatone_filterbank(const GammatoneFilterbankOptions& options);

}  // namespace nnaudio::kernels
