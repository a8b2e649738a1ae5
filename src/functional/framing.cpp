#include "functional/framing.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "nnaudio/memory.h"

namespace nnaudio::detail {

PackedSignal pack_signal(const torch::Tensor& input, const char* transform) {
  TORCH_CHECK_VALUE(input.defined(), transform, ": input is an undefined tensor");
  TORCH_CHECK_TYPE(input.is_floating_point() && !input.is_complex(), transform,
                   ": input must be a real floating-point tensor (float32 or float64), got ",
                   input.scalar_type());
  TORCH_CHECK_TYPE(input.scalar_type() == torch::kFloat32 || input.scalar_type() == torch::kFloat64,
                   transform, ": the functional transform takes float32 or float64 input, got ",
                   input.scalar_type(),
                   "; the modules (nnaudio::STFT, CQT, ...) also take float16 and bfloat16, "
                   "computing them in float32");
  TORCH_CHECK_VALUE(!input.is_meta(), transform,
                    ": input is on the meta device, which holds no values; compute on cpu or "
                    "cuda");
  TORCH_CHECK_VALUE(input.dim() >= 1, transform,
                    ": input must have shape (..., time), got a 0-dim tensor");
  TORCH_CHECK_VALUE(input.size(-1) > 0, transform, ": input has 0 samples (shape ", input.sizes(),
                    ")");
  TORCH_CHECK_VALUE(input.numel() > 0, transform, ": input holds no signals (shape ", input.sizes(),
                    "): its leading dims must not be 0");
  std::vector<int64_t> leading(input.sizes().begin(), input.sizes().end() - 1);
  return {input.reshape({-1, input.size(-1)}), std::move(leading)};
}

torch::Tensor unpack(const torch::Tensor& output, const std::vector<int64_t>& leading) {
  std::vector<int64_t> shape = leading;
  shape.insert(shape.end(), output.sizes().begin() + 1, output.sizes().end());
  return output.reshape(shape);
}

int64_t resolve_hop(int64_t n_fft, int64_t win_length, const std::optional<int64_t>& hop_length) {
  TORCH_CHECK_VALUE(n_fft > 0, "n_fft=", n_fft, " must be positive");
  TORCH_CHECK_VALUE(win_length > 0 && win_length <= n_fft, "win_length=", win_length,
                    " must be in [1, n_fft=", n_fft, "]");
  const int64_t hop = hop_length.value_or(win_length / 4);
  TORCH_CHECK_VALUE(hop > 0, "hop_length=", hop, " must be positive",
                    hop_length ? "" : " (the default win_length/4 is 0: set hop_length)");
  return hop;
}

torch::Tensor pad_for_frames(const torch::Tensor& batch, int64_t n_fft, bool center,
                             PadMode pad_mode, const char* transform) {
  const int64_t length = batch.size(-1);
  if (!center) {
    TORCH_CHECK_VALUE(length >= n_fft, transform, ": input has ", length,
                      " samples but center=false needs at least n_fft=", n_fft,
                      " (or set center=true)");
    return batch;
  }
  const int64_t pad = n_fft / 2;
  if (pad == 0) return batch;
  if (pad_mode == PadMode::Reflect) {
    TORCH_CHECK_VALUE(length > pad, transform, ": input has ", length,
                      " samples but pad_mode=reflect needs more than n_fft/2=", pad,
                      " (or use pad_mode=constant)");
    return torch::reflection_pad1d(batch.unsqueeze(1), {pad, pad}).squeeze(1);
  }
  return torch::constant_pad_nd(batch, {pad, pad});
}

void check_call_memory(const torch::Tensor& input, int64_t padded_length, int64_t frames,
                       double values_per_frame, const char* transform) {
  const auto signals = static_cast<double>(input.numel() / std::max<int64_t>(input.size(-1), 1));
  const double values = signals * (static_cast<double>(padded_length) +
                                   static_cast<double>(frames) * values_per_frame);
  std::ostringstream shape;
  shape << input.sizes();
  nnaudio::detail::check_call_bytes(values * static_cast<double>(input.element_size()), transform,
                                    shape.str());
}

torch::Tensor full_window(const torch::Tensor& window, int64_t n_fft, const torch::Tensor& like) {
  TORCH_CHECK_VALUE(window.defined() && window.dim() == 1 && window.numel() > 0,
                    "window must be a non-empty 1-D tensor");
  TORCH_CHECK_VALUE(window.numel() <= n_fft, "window has ", window.numel(),
                    " samples, more than n_fft=", n_fft);
  const int64_t left = (n_fft - window.numel()) / 2;
  const auto cast = window.to(like.device(), like.scalar_type());
  return torch::constant_pad_nd(cast, {left, n_fft - window.numel() - left});
}

torch::Tensor bank_product(const torch::Tensor& bank, const torch::Tensor& x) {
  if (x.dim() == 2) return torch::matmul(bank, x);
  const auto matrices = x.reshape({-1, x.size(-2), x.size(-1)});
  std::vector<torch::Tensor> products;
  products.reserve(static_cast<size_t>(matrices.size(0)));
  for (int64_t i = 0; i < matrices.size(0); ++i)
    products.push_back(torch::matmul(bank, matrices[i]));
  std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end() - 2);
  shape.insert(shape.end(), {bank.size(0), x.size(-1)});
  return torch::stack(products).reshape(shape);
}

torch::Tensor conv1d_per_item(const torch::Tensor& input, const torch::Tensor& weight,
                              int64_t stride, int64_t rows_per_item) {
  const int64_t items = input.size(0) / std::max<int64_t>(rows_per_item, 1);
  if (items <= 1 || !input.is_cpu()) return torch::conv1d(input, weight, {}, stride);
  std::vector<torch::Tensor> parts;
  parts.reserve(static_cast<size_t>(items));
  for (int64_t i = 0; i < items; ++i) {
    parts.push_back(
        torch::conv1d(input.narrow(0, i * rows_per_item, rows_per_item), weight, {}, stride));
  }
  return torch::cat(parts);
}

torch::Tensor overlap_add(const torch::Tensor& frames, int64_t hop) {
  const int64_t count = frames.size(1);
  const int64_t n = frames.size(2);
  const int64_t length = n + hop * (count - 1);
  namespace F = torch::nn::functional;
  return F::fold(frames.transpose(1, 2), F::FoldFuncOptions({1, length}, {1, n}).stride({1, hop}))
      .reshape({frames.size(0), length});
}

int64_t fast_fft_size(int64_t minimum, int64_t factor) {
  for (int64_t n = (minimum + factor - 1) / factor * factor;; n += factor) {
    int64_t rest = n / factor;
    for (int64_t prime : {2, 3, 5}) {
      while (rest % prime == 0) rest /= prime;
    }
    if (rest == 1) return n;
  }
}

}  // namespace nnaudio::detail
