#pragma once
// A module's prepared copies of frozen kernel tensors, kept between calls: banded (run-length)
// frequency-domain kernels, and time-domain kernels cut into the blocks of a strided product.

#include <torch/torch.h>

#include <memory>
#include <mutex>

#include "functional/strided_correlation.h"
#include "nnaudio/functional/mel.h"

namespace nnaudio {
namespace detail {

/// The BandedFilterbank of a bank tensor, rebuilt when that tensor's storage or version counter
/// changes: Module::to() and clone() give it new storage, load() and in-place edits bump its
/// version. Thread-safe; a forward() still running keeps the bank it started with.
class BandedCache {
 public:
  std::shared_ptr<const functional::BandedFilterbank> get(const torch::Tensor& basis) {
    const Key key{basis.unsafeGetTensorImpl(), basis.data_ptr(), basis._version(),
                  basis.scalar_type()};
    std::lock_guard<std::mutex> lock(mutex_);
    if (!bank_ || !(key == key_)) {
      bank_ = std::make_shared<const functional::BandedFilterbank>(basis);
      key_ = key;
    }
    return bank_;
  }

 private:
  struct Key {
    const void* impl = nullptr;
    const void* data = nullptr;
    int64_t version = -1;
    c10::ScalarType dtype = c10::ScalarType::Undefined;
    bool operator==(const Key& other) const {
      return impl == other.impl && data == other.data && version == other.version &&
             dtype == other.dtype;
    }
  };
  std::mutex mutex_;
  Key key_;
  std::shared_ptr<const functional::BandedFilterbank> bank_;
};

/// The KernelBlocks of a (real, imaginary) pair of kernel tensors at one hop, rebuilt when
/// either tensor's storage, version or dtype changes (as BandedCache). Thread-safe.
class KernelBlocksCache {
 public:
  std::shared_ptr<const KernelBlocks> get(const torch::Tensor& real, const torch::Tensor& imag,
                                          int64_t hop) {
    const Key key{real.unsafeGetTensorImpl(),
                  real.data_ptr(),
                  real._version(),
                  imag.unsafeGetTensorImpl(),
                  imag.data_ptr(),
                  imag._version(),
                  real.scalar_type(),
                  hop};
    std::lock_guard<std::mutex> lock(mutex_);
    if (!blocks_ || !(key == key_)) {
      torch::NoGradGuard no_grad;  // frozen kernels: the blocks are constants
      blocks_ = std::make_shared<const KernelBlocks>(kernel_blocks({real, imag}, hop));
      key_ = key;
    }
    return blocks_;
  }

 private:
  struct Key {
    const void *real_impl = nullptr, *real_data = nullptr;
    int64_t real_version = -1;
    const void *imag_impl = nullptr, *imag_data = nullptr;
    int64_t imag_version = -1;
    c10::ScalarType dtype = c10::ScalarType::Undefined;
    int64_t hop = 0;
    bool operator==(const Key& o) const {
      return real_impl == o.real_impl && real_data == o.real_data &&
             real_version == o.real_version && imag_impl == o.imag_impl &&
             imag_data == o.imag_data && imag_version == o.imag_version && dtype == o.dtype &&
             hop == o.hop;
    }
  };
  std::mutex mutex_;
  Key key_;
  std::shared_ptr<const KernelBlocks> blocks_;
};

}  // namespace detail

}  // namespace nnaudio
