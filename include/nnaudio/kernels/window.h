#pragma once
// Analysis windows, periodic as scipy.signal.get_window(..., fftbins=True) builds them for
// spectral analysis, or supplied by the user.

#include <torch/torch.h>

#include <string>

namespace nnaudio {

/// A window choice: a named scipy window (with its parameter where it has one) or user values.
/// The names and aliases are those scipy 1.10's get_window accepts (Window::parse).
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
    Triang,
    Cosine,
    Flattop,
    Nuttall,
    Parzen,
    Bohman,
    Barthann,
    Lanczos,
    GeneralHamming,
    Exponential,
    Chebwin,
    Dpss,
    Custom
  };

  Window() = default;  ///< hann
  static Window hann() { return Window(Type::Hann); }
  static Window hamming() { return Window(Type::Hamming); }
  static Window blackman() { return Window(Type::Blackman); }
  static Window blackmanharris() { return Window(Type::BlackmanHarris); }
  static Window bartlett() { return Window(Type::Bartlett); }
  static Window boxcar() { return Window(Type::Boxcar); }
  static Window triang() { return Window(Type::Triang); }
  /// scipy's cosine (half-sine) window.
  static Window cosine() { return Window(Type::Cosine); }
  static Window flattop() { return Window(Type::Flattop); }
  static Window nuttall() { return Window(Type::Nuttall); }
  static Window parzen() { return Window(Type::Parzen); }
  static Window bohman() { return Window(Type::Bohman); }
  static Window barthann() { return Window(Type::Barthann); }
  /// The Lanczos (sinc) window.
  static Window lanczos() { return Window(Type::Lanczos); }
  /// Kaiser window with shape parameter beta (>= 0).
  static Window kaiser(double beta) { return Window(Type::Kaiser, beta); }
  /// Gaussian window with standard deviation `std` in samples (> 0).
  static Window gaussian(double std) { return Window(Type::Gaussian, std); }
  /// Tukey window with taper fraction alpha in [0, 1] (scipy's default 0.5).
  static Window tukey(double alpha = 0.5) { return Window(Type::Tukey, alpha); }
  /// alpha - (1 - alpha) cos(2 pi n / N); alpha 0.54 is hamming, 0.5 hann.
  static Window general_hamming(double alpha) { return Window(Type::GeneralHamming, alpha); }
  /// exp(-|n - centre| / tau), centred (scipy's center=None), tau > 0 in samples (default 1).
  static Window exponential(double tau = 1.0) { return Window(Type::Exponential, tau); }
  /// Dolph-Chebyshev window with side lobes `at` dB below the main lobe (scipy uses |at|).
  static Window chebwin(double at) { return Window(Type::Chebwin, at); }
  /// The first discrete prolate spheroidal (Slepian) sequence with time-half-bandwidth NW
  /// (0 < NW < length / 2), normalised as scipy's dpss(norm='approximate').
  static Window dpss(double nw) { return Window(Type::Dpss, nw); }
  /// User values, used as given (1-D, real, length win_length).
  static Window custom(torch::Tensor values);
  /// Parses a window name as scipy.signal.get_window takes it, with the parameter after a colon:
  /// "hann", "kaiser:14", "gaussian:64", "tukey" (alpha 0.5), "tukey:0.25", "chebwin:100",
  /// "dpss:3", ... and scipy's aliases ("ones", "box", "rect", "hamm", "ksr:14", "general
  /// hamming:0.7", ...). Throws std::invalid_argument listing the allowed names otherwise.
  static Window parse(const std::string& text);

  Type type() const { return type_; }
  double parameter() const { return parameter_; }
  const torch::Tensor& values() const { return values_; }
  /// The canonical name, with the parameter where the window has one ("tukey:0.5").
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
