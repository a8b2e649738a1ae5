#pragma once
// Analysis windows, periodic as scipy.signal.get_window(..., fftbins=True) builds them for
// spectral analysis, or supplied by the user.

#include <torch/torch.h>

#include <string>

namespace nnaudio {

/// A window choice: a named scipy window (with its parameter where it has one) or user values.
class Window {
 public:
  enum class Type {
    Hann,
    Hamming,
    Blackman,
    BlackmanHarris,
    Bartlett,
    Boxcar,
    Kaiser,
    Gaussian,
    Tukey,
    Custom
  };

  Window() = default;  ///< hann
  static Window hann() { return Window(Type::Hann); }
  static Window hamming() { return Window(Type::Hamming); }
  static Window blackman() { return Window(Type::Blackman); }
  static Window blackmanharris() { return Window(Type::BlackmanHarris); }
  static Window bartlett() { return Window(Type::Bartlett); }
  static Window boxcar() { return Window(Type::Boxcar); }
  /// Kaiser window with shape parameter beta (>= 0).
  static Window kaiser(double beta) { return Window(Type::Kaiser, beta); }
  /// Gaussian window with standard deviation `std` in samples (> 0).
  static Window gaussian(double std) { return Window(Type::Gaussian, std); }
  /// Tukey window with taper fraction alpha in [0, 1].
  static Window tukey(double alpha) { return Window(Type::Tukey, alpha); }
  /// User values, used as given (1-D, real, length win_length).
  static Window custom(torch::Tensor values);
  /// Parses "hann", "kaiser:14", "gaussian:64", "tukey:0.5", ... (the names of to_string).
  static Window parse(const std::string& text);

  Type type() const { return type_; }
  double parameter() const { return parameter_; }
  const torch::Tensor& values() const { return values_; }
  std::string to_string() const;
  /// Same type and parameter; custom windows also need equal values.
  bool operator==(const Window& other) const;

 private:
  explicit Window(Type type, double parameter = 0.0) : type_(type), parameter_(parameter) {}
  Type type_ = Type::Hann;
  double parameter_ = 0.0;
  torch::Tensor values_;
};

namespace kernels {

/// The window as a float64 tensor of shape (length); periodic for the named windows. Throws
/// std::invalid_argument for a bad parameter or a custom window of another length.
torch::Tensor get_window(const Window& window, int64_t length);

/// Centres a 1-D tensor in `size` samples with zeros on both sides (librosa.util.pad_center);
/// differentiable.
torch::Tensor pad_center(const torch::Tensor& values, int64_t size);

}  // namespace kernels
}  // namespace nnaudio
