#pragma once
// The few places where LibTorch 1.13 (Debian) and 2.x (CUDA builds) differ.

#include <torch/torch.h>

#include <optional>

namespace nnaudio::detail {

// 1.13 spells optionals c10::optional (not std::optional); 2.x makes them the same type.
template <typename T>
c10::optional<T> to_c10(const std::optional<T>& value) {
  return value ? c10::optional<T>(*value) : c10::nullopt;
}

// torch::stft needs return_complex=true on 2.x; 1.13 accepts it already.
inline torch::Tensor complex_stft(const torch::Tensor& frames_source, int64_t n_fft, int64_t hop,
                                  const torch::Tensor& window) {
  return torch::stft(frames_source, n_fft, hop, n_fft, window, /*normalized=*/false,
                     /*onesided=*/true, /*return_complex=*/true);
}

}  // namespace nnaudio::detail
