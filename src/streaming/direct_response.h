#pragma once
// A stream's chunk holds a frame or two of a full-rate CQT; the module's folded correlation
// transforms a whole segment of twice its longest kernel for them. Here such frames are
// multiplied with the kernels directly, each group of bins only over the taps where its
// kernels are nonzero: a CQT kernel is as long as its bin's wavelet, so most of the longest
// kernel's span is zeros for the higher bins.

#include <torch/torch.h>

#include <memory>
#include <mutex>
#include <vector>

namespace nnaudio::detail {

/// Up to this many frames per call go through DirectResponse (a folded segment yields at
/// least 9 for about the cost of one).
constexpr int64_t kDirectMaxFrames = 4;

/// Frozen time-domain kernels (bins, size) cut to the taps where they are nonzero, in groups of
/// adjacent bins; rebuilt when the kernel tensors, or the signals' dtype or device, change.
/// Thread-safe.
class DirectResponse {
 public:
  /// The complex response (batch, bins, frames) to the frames of `signal` (batch, samples)
  /// every `hop` samples: sum_t frame[t] (real + i imag)[k, t], as conv1d computes it.
  torch::Tensor operator()(const torch::Tensor& signal, const torch::Tensor& real,
                           const torch::Tensor& imag, int64_t hop);

 private:
  struct Group {
    int64_t bins = 0;       ///< adjacent bins in the group
    int64_t first_tap = 0;  ///< where their nonzero taps start
    torch::Tensor weights;  ///< (taps, 2 bins): real parts, then imaginary parts
  };
  struct Key {
    const void *real = nullptr, *imag = nullptr;
    int64_t real_version = -1, imag_version = -1;
    c10::ScalarType dtype = c10::ScalarType::Undefined;
    std::string device;
    bool operator==(const Key& o) const {
      return real == o.real && imag == o.imag && real_version == o.real_version &&
             imag_version == o.imag_version && dtype == o.dtype && device == o.device;
    }
  };
  std::shared_ptr<const std::vector<Group>> groups(const torch::Tensor& real,
                                                   const torch::Tensor& imag,
                                                   const torch::Tensor& signal);

  std::mutex mutex_;
  Key key_;
  std::shared_ptr<const std::vector<Group>> groups_;
};

}  // namespace nnaudio::detail
