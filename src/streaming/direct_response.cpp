#include "streaming/direct_response.h"

#include <algorithm>

namespace nnaudio::detail {
namespace {

// Bins per group: fewer waste less on the zeros of the group's shorter kernels, more make
// fewer (larger) products.
constexpr int64_t kGroupBins = 4;

}  // namespace

std::shared_ptr<const std::vector<DirectResponse::Group>> DirectResponse::groups(
    const torch::Tensor& real, const torch::Tensor& imag, const torch::Tensor& signal) {
  const Key key{real.data_ptr(), imag.data_ptr(),      real._version(),
                imag._version(), signal.scalar_type(), signal.device().str()};
  std::lock_guard<std::mutex> lock(mutex_);
  if (groups_ && key == key_) return groups_;
  const torch::NoGradGuard no_grad;  // frozen kernels: constants
  const auto r = real.to(signal.options());
  const auto i = imag.to(signal.options());
  // Taps where some bin's kernel is nonzero, per bin: (bins, size).
  const auto nonzero = (r != 0).logical_or(i != 0).to(torch::kCPU);
  auto built = std::make_shared<std::vector<Group>>();
  const int64_t bins = r.size(0);
  for (int64_t first = 0; first < bins; first += kGroupBins) {
    const int64_t count = std::min(kGroupBins, bins - first);
    const auto taps = nonzero.narrow(0, first, count).any(0).nonzero();
    Group group;
    group.bins = count;
    if (taps.numel() > 0) {
      group.first_tap = taps.min().item<int64_t>();
      const int64_t width = taps.max().item<int64_t>() + 1 - group.first_tap;
      group.weights = torch::cat({r.narrow(0, first, count), i.narrow(0, first, count)}, 0)
                          .narrow(1, group.first_tap, width)
                          .t()
                          .contiguous();
    }
    built->push_back(std::move(group));
  }
  key_ = key;
  groups_ = std::move(built);
  return groups_;
}

torch::Tensor DirectResponse::operator()(const torch::Tensor& signal, const torch::Tensor& real,
                                         const torch::Tensor& imag, int64_t hop) {
  const auto parts = groups(real, imag, signal);
  const auto frames = signal.unfold(-1, real.size(1), hop);  // (batch, frames, size)
  std::vector<torch::Tensor> reals, imags;
  for (const auto& group : *parts) {
    if (!group.weights.defined()) {
      // All-zero kernels respond with zeros.
      const auto zeros = signal.new_zeros({signal.size(0), frames.size(1), group.bins});
      reals.push_back(zeros);
      imags.push_back(zeros);
      continue;
    }
    const auto out =
        torch::matmul(frames.narrow(-1, group.first_tap, group.weights.size(0)), group.weights);
    reals.push_back(out.narrow(-1, 0, group.bins));
    imags.push_back(out.narrow(-1, group.bins, group.bins));
  }
  return torch::complex(torch::cat(reals, -1), torch::cat(imags, -1)).transpose(1, 2);
}

}  // namespace nnaudio::detail
