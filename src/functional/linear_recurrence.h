#pragma once
// The first-order linear recurrence behind PCEN's smoother, exposed for white-box tests of its
// device path on the CPU.

#include <torch/torch.h>

namespace nnaudio::detail {

/// y[t] = a x[t] + c y[t-1] with y[-1] = initial, on x (items, channels, frames), a and c
/// (channels), initial (items, channels), as blocks of batched matrix products: the form used
/// on devices other than the CPU (torch operations only, frames / 32 sequential steps). No
/// autograd of its own (callers wrap it).
torch::Tensor linear_recurrence_blocks(const torch::Tensor& x, const torch::Tensor& a,
                                       const torch::Tensor& c, const torch::Tensor& initial);

}  // namespace nnaudio::detail
