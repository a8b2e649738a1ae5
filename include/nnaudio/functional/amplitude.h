#pragma once
// Decibel conversion of power and amplitude spectrograms (librosa.power_to_db /
// librosa.amplitude_to_db), differentiable.

#include <torch/torch.h>

#include <optional>

namespace nnaudio {

/// `ref` of power_to_db / amplitude_to_db: a fixed value (> 0), or the maximum of each example.
class DbReference {
 public:
  /* implicit */ DbReference(double value = 1.0) : value_(value) {}
  /// The maximum over the last two dims (freq, frames) of each example.
  static DbReference max() {
    DbReference reference;
    reference.use_max_ = true;
    return reference;
  }
  bool use_max() const { return use_max_; }
  double value() const { return value_; }
  /// "max" or the value.
  std::string to_string() const;
  bool operator==(const DbReference& other) const {
    return use_max_ == other.use_max_ && (use_max_ || value_ == other.value_);
  }

 private:
  double value_ = 1.0;
  bool use_max_ = false;
};

namespace functional {

/// 10 log10(max(amin, S)) - 10 log10(max(amin, ref)), then, when top_db is set, every value below
/// (the example's maximum - top_db) raised to it. An "example" is one (freq, frames) matrix: the
/// maximum of ref=max and of top_db is taken over the last two dims for each leading index (over
/// everything for a 0-D or 1-D input), where librosa takes it over the whole array; for one
/// spectrogram the two agree. power: real (...), float32 or float64 (any dtype on CUDA).
/// Throws for amin <= 0, top_db < 0, ref <= 0. The gradient is 0 where S < amin or where the
/// value was clipped; NaN in gives NaN out.
torch::Tensor power_to_db(const torch::Tensor& power, DbReference ref = 1.0, double amin = 1e-10,
                          std::optional<double> top_db = 80.0);

/// 20 log10(max(amin, |S|)) - 20 log10(max(amin, ref)) with the same clipping: power_to_db of
/// |S|^2 with ref^2 and amin^2, as librosa computes it. librosa's default amin here is 1e-5.
torch::Tensor amplitude_to_db(const torch::Tensor& amplitude, DbReference ref = 1.0,
                              double amin = 1e-5, std::optional<double> top_db = 80.0);

}  // namespace functional
}  // namespace nnaudio
