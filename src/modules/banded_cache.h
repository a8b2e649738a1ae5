#pragma once
// A module's banded (run-length) copy of a frozen kernel tensor, kept between calls.

#include <torch/torch.h>

#include <memory>
#include <mutex>

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

}  // namespace detail

}  // namespace nnaudio
