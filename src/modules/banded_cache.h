#pragma once
// A module's prepared copies of frozen kernel tensors, kept between calls: banded (run-length)
// filter banks, and long kernels' folded spectra.

#include <torch/torch.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "functional/folded_correlation.h"
#include "functional/halving.h"
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

/// The FoldedKernels of a (real, imaginary) pair of kernel tensors used without a graph (frozen
/// ones, or trainable ones under no_grad), rebuilt when either tensor's storage or version
/// changes or the signals they meet come in another dtype or on another device (as BandedCache).
/// With `compare_values` (trainable kernels) it also keeps a copy of the kernels and rebuilds
/// when their values differ from it: an optimiser may write them through `.data`, which bumps
/// no version, and a stale spectrum would be silently wrong. `build` makes them. Thread-safe.
class FoldedKernelsCache {
 public:
  template <typename Build>
  std::shared_ptr<const FoldedKernels> get(const torch::Tensor& real, const torch::Tensor& imag,
                                           const torch::Tensor& signal, bool compare_values,
                                           const Build& build) {
    const Key key{real.unsafeGetTensorImpl(), real.data_ptr(),      real._version(),
                  imag.unsafeGetTensorImpl(), imag.data_ptr(),      imag._version(),
                  signal.scalar_type(),       signal.device().str()};
    torch::NoGradGuard no_grad;  // without a graph, the spectra are constants
    std::lock_guard<std::mutex> lock(mutex_);
    const bool same_values =
        !compare_values ||
        (kept_real_.defined() && torch::equal(kept_real_, real) && torch::equal(kept_imag_, imag));
    if (!kernels_ || !(key == key_) || !same_values) {
      kernels_ = std::make_shared<const FoldedKernels>(build());
      key_ = key;
      kept_real_ = compare_values ? real.detach().clone() : torch::Tensor();
      kept_imag_ = compare_values ? imag.detach().clone() : torch::Tensor();
    }
    return kernels_;
  }

 private:
  struct Key {
    const void *real_impl = nullptr, *real_data = nullptr;
    int64_t real_version = -1;
    const void *imag_impl = nullptr, *imag_data = nullptr;
    int64_t imag_version = -1;
    c10::ScalarType dtype = c10::ScalarType::Undefined;
    std::string device;
    bool operator==(const Key& o) const {
      return real_impl == o.real_impl && real_data == o.real_data &&
             real_version == o.real_version && imag_impl == o.imag_impl &&
             imag_data == o.imag_data && imag_version == o.imag_version && dtype == o.dtype &&
             device == o.device;
    }
  };
  std::mutex mutex_;
  Key key_;
  std::shared_ptr<const FoldedKernels> kernels_;
  torch::Tensor kept_real_, kept_imag_;  // with compare_values: the kernels kernels_ was made of
};

/// The multirate CQT's low-pass filter spectra, one per FFT size its halvings meet (one per stage
/// and input length), kept between calls; an entry is for one filter tensor, version, dtype and
/// device, and the oldest goes when kMaxEntries are kept. Thread-safe.
class HalvingSpectraCache {
 public:
  torch::Tensor get(const torch::Tensor& lowpass, int64_t n, const torch::Tensor& signal) {
    const Key key{lowpass.unsafeGetTensorImpl(), lowpass.data_ptr(),   lowpass._version(), n,
                  signal.scalar_type(),          signal.device().str()};
    torch::NoGradGuard no_grad;  // the filter is a constant
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [kept, spectrum] : entries_) {
      if (kept == key) return spectrum;
    }
    if (entries_.size() >= kMaxEntries) entries_.erase(entries_.begin());
    entries_.emplace_back(key, halving_spectrum(lowpass, n, signal));
    return entries_.back().second;
  }

 private:
  static constexpr size_t kMaxEntries = 32;
  struct Key {
    const void *impl = nullptr, *data = nullptr;
    int64_t version = -1;
    int64_t n = 0;
    c10::ScalarType dtype = c10::ScalarType::Undefined;
    std::string device;
    bool operator==(const Key& o) const {
      return impl == o.impl && data == o.data && version == o.version && n == o.n &&
             dtype == o.dtype && device == o.device;
    }
  };
  std::mutex mutex_;
  std::vector<std::pair<Key, torch::Tensor>> entries_;
};

}  // namespace detail

}  // namespace nnaudio
