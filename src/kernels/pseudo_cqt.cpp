#include "nnaudio/kernels/pseudo_cqt.h"

#include <algorithm>
#include <cmath>

namespace nnaudio::kernels {
namespace {

int64_t next_power_of_two(double value) {
  return int64_t{1} << static_cast<int>(std::ceil(std::log2(value)));
}

}  // namespace

int64_t pseudo_cqt_n_fft(const torch::Tensor& lengths, int64_t hop_length) {
  TORCH_CHECK_VALUE(hop_length >= 1, "hop_length=", hop_length, " must be at least 1");
  const auto longest = next_power_of_two(lengths.max().item<double>());
  const auto two_hops = next_power_of_two(static_cast<double>(hop_length)) * 2;
  return std::max(longest, two_hops);
}

torch::Tensor pseudo_cqt_filterbank(const torch::Tensor& frequencies, const torch::Tensor& lengths,
                                    double sr, int64_t n_fft, const Window& window,
                                    WaveletNorm norm, double sparsity) {
  // The wavelets' position in the frame only changes the phase of their spectra, which the
  // magnitude drops: centring them in n_fft (rather than in their own power of two, then
  // zero-padding, as librosa does) gives the same bank.
  const auto basis = wavelet_basis(frequencies, lengths, sr, window, norm, n_fft);
  // sparsify_rows is invariant to a row's scale, so the lengths can scale the kept rows.
  const auto spectra = frequency_domain_kernels(basis, sparsity);
  return spectra.abs() * lengths.to(torch::kFloat64).unsqueeze(1);
}

int64_t hybrid_pseudo_bins(const torch::Tensor& lengths, int64_t hop_length) {
  const auto padded = torch::pow(2.0, torch::ceil(torch::log2(lengths.to(torch::kFloat64))));
  return (padded < 2.0 * static_cast<double>(hop_length)).sum().item<int64_t>();
}

}  // namespace nnaudio::kernels
