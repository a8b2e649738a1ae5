#include "nnaudio/kernels/window.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "kernels/dpss.h"

namespace nnaudio {
namespace {

enum class Parameter { None, Required, Optional };

struct NamedWindow {
  Window::Type type;
  const char* name;                  // scipy's function name, used by to_string
  std::vector<const char*> aliases;  // the other names scipy 1.10's get_window accepts
  Parameter parameter;
  const char* parameter_name;  // in messages: "kaiser beta=-1 must be ..."
  double default_parameter;    // for Parameter::Optional, scipy's default
};

// scipy.signal.windows._windows._win_equiv_raw (scipy 1.10) for the windows built here.
const std::vector<NamedWindow>& named_windows() {
  using T = Window::Type;
  using P = Parameter;
  static const std::vector<NamedWindow> windows = {
      {T::Hann, "hann", {"han"}, P::None, "", 0.0},
      {T::Hamming, "hamming", {"hamm", "ham"}, P::None, "", 0.0},
      {T::Blackman, "blackman", {"black", "blk"}, P::None, "", 0.0},
      {T::BlackmanHarris, "blackmanharris", {"blackharr", "bkh"}, P::None, "", 0.0},
      {T::Bartlett, "bartlett", {"bart", "brt"}, P::None, "", 0.0},
      {T::Boxcar, "boxcar", {"box", "ones", "rect", "rectangular"}, P::None, "", 0.0},
      {T::Triang, "triang", {"triangle", "tri"}, P::None, "", 0.0},
      {T::Cosine, "cosine", {"halfcosine"}, P::None, "", 0.0},
      {T::Flattop, "flattop", {"flat", "flt"}, P::None, "", 0.0},
      {T::Nuttall, "nuttall", {"nutl", "nut"}, P::None, "", 0.0},
      {T::Parzen, "parzen", {"parz", "par"}, P::None, "", 0.0},
      {T::Bohman, "bohman", {"bman", "bmn"}, P::None, "", 0.0},
      {T::Barthann, "barthann", {"brthan", "bth"}, P::None, "", 0.0},
      {T::Lanczos, "lanczos", {"sinc"}, P::None, "", 0.0},
      {T::Kaiser, "kaiser", {"ksr"}, P::Required, "beta", 0.0},
      {T::Gaussian, "gaussian", {"gauss", "gss"}, P::Required, "std", 0.0},
      {T::Tukey, "tukey", {"tuk"}, P::Optional, "alpha", 0.5},
      {T::GeneralHamming, "general_hamming", {"general hamming"}, P::Required, "alpha", 0.0},
      {T::Exponential, "exponential", {"poisson"}, P::Optional, "tau", 1.0},
      {T::Chebwin, "chebwin", {"cheb"}, P::Required, "at", 0.0},
      {T::Dpss, "dpss", {}, P::Required, "NW", 0.0},
  };
  return windows;
}

const NamedWindow& entry_of(Window::Type type) {
  for (const auto& entry : named_windows()) {
    if (entry.type == type) return entry;
  }
  throw std::invalid_argument("window: a custom window has no name");
}

const NamedWindow* find_window(const std::string& name) {
  for (const auto& entry : named_windows()) {
    if (name == entry.name) return &entry;
    for (const char* alias : entry.aliases) {
      if (name == alias) return &entry;
    }
  }
  return nullptr;
}

// The shortest decimal that reads back as the same double, so that parse(to_string()) gives
// the window back and messages show the value given (std::to_string writes 1e-7 as 0.000000).
std::string exact_decimal(double value) {
  std::ostringstream text;
  for (int digits = 6; digits <= 17; ++digits) {
    text.str("");
    text << std::setprecision(digits) << value;
    if (std::strtod(text.str().c_str(), nullptr) == value) break;
  }
  return text.str();
}

// "hann (han), ..., kaiser:<beta> (ksr), tukey[:<alpha>] (tuk), ..., or a custom tensor".
std::string allowed_window_names() {
  std::string names;
  for (const auto& entry : named_windows()) {
    names += (names.empty() ? "" : ", ") + std::string(entry.name);
    const std::string parameter = ":<" + std::string(entry.parameter_name) + ">";
    if (entry.parameter == Parameter::Required) names += parameter;
    if (entry.parameter == Parameter::Optional) names += "[" + parameter + "]";
    std::string aliases;
    for (const char* alias : entry.aliases)
      aliases += (aliases.empty() ? "" : ", ") + std::string(alias);
    if (!aliases.empty()) names += " (" + aliases + ")";
  }
  return names + ", or a custom tensor";
}

// Why a name scipy knows is not built here, or "" for a name scipy does not know either.
std::string unsupported_scipy_window(const std::string& name) {
  if (name == "hanning") return "scipy's get_window calls it 'hann'";
  if (name == "kaiser bessel derived" || name == "kbd") {
    return "scipy defines it only as a symmetric window, and get_window(fftbins=True) refuses it";
  }
  for (const char* other :
       {"general cosine", "general_cosine", "general gaussian", "general_gaussian", "general gauss",
        "general_gauss", "ggs", "taylor", "taylorwin"}) {
    if (name == other) return "scipy's '" + name + "' window is not built here";
  }
  return "";
}

// numpy.linspace(start, stop, m)[n], computed as numpy does.
double linspace(double start, double stop, int64_t m, int64_t n) {
  if (n == m - 1) return stop;
  return static_cast<double>(n) * ((stop - start) / static_cast<double>(m - 1)) + start;
}

// scipy's general_cosine: sum_k a_k cos(k x), x = linspace(-pi, pi, m).
std::vector<double> cosine_sum(int64_t m, std::initializer_list<double> coefficients) {
  std::vector<double> w(m, 0.0);
  for (int64_t n = 0; n < m; ++n) {
    const double phase = linspace(-M_PI, M_PI, m, n);
    int k = 0;
    for (double a : coefficients) w[n] += a * std::cos(k++ * phase);
  }
  return w;
}

// scipy's chebwin: the window's DFT samples from the Chebyshev polynomial, then an FFT.
std::vector<double> chebwin(int64_t m, double at) {
  const double order = static_cast<double>(m - 1);
  const double beta = std::cosh(std::acosh(std::pow(10.0, std::abs(at) / 20.0)) / order);
  std::vector<c10::complex<double>> p(m);
  for (int64_t k = 0; k < m; ++k) {
    const double x = beta * std::cos(M_PI * static_cast<double>(k) / static_cast<double>(m));
    double value;
    if (x > 1) {
      value = std::cosh(order * std::acosh(x));
    } else if (x < -1) {
      value = (2.0 * static_cast<double>(m % 2) - 1.0) * std::cosh(order * std::acosh(-x));
    } else {
      value = std::cos(order * std::acos(x));
    }
    p[k] = value;
    if (m % 2 == 0) {
      const double phase = M_PI / static_cast<double>(m) * static_cast<double>(k);
      p[k] *= c10::complex<double>(std::cos(phase), std::sin(phase));
    }
  }
  const auto spectrum = torch::real(torch::fft::fft(torch::tensor(p))).contiguous();
  const double* s = spectrum.data_ptr<double>();
  // Odd m: s[h-1], ..., s[1], s[0], ..., s[h-1] with h = (m + 1) / 2; even m: s[h-1], ..., s[1],
  // s[1], ..., s[h-1] with h = m / 2 + 1.
  const int64_t half = m % 2 ? (m + 1) / 2 : m / 2 + 1;
  std::vector<double> w;
  for (int64_t i = half - 1; i >= 1; --i) w.push_back(s[i]);
  for (int64_t i = m % 2 ? 0 : 1; i < half; ++i) w.push_back(s[i]);
  const double peak = *std::max_element(w.begin(), w.end());
  for (double& value : w) value /= peak;
  return w;
}

// scipy's symmetric windows of M points as functions of n = 0 .. M-1; the periodic window of
// length N is the symmetric one of N+1 points without its last point.
std::vector<double> symmetric_window(const Window& window, int64_t m) {
  const double p = window.parameter();
  const double span = static_cast<double>(m - 1);
  const double mm = static_cast<double>(m);
  std::vector<double> w(m, 1.0);
  switch (window.type()) {
    case Window::Type::Hann:
      return cosine_sum(m, {0.5, 0.5});
    case Window::Type::Hamming:
      return cosine_sum(m, {0.54, 0.46});
    case Window::Type::Blackman:
      return cosine_sum(m, {0.42, 0.50, 0.08});
    case Window::Type::BlackmanHarris:
      return cosine_sum(m, {0.35875, 0.48829, 0.14128, 0.01168});
    case Window::Type::Flattop:
      return cosine_sum(m, {0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368});
    case Window::Type::Nuttall:
      return cosine_sum(m, {0.3635819, 0.4891775, 0.1365995, 0.0106411});
    case Window::Type::GeneralHamming:
      return cosine_sum(m, {p, 1.0 - p});
    case Window::Type::Bartlett:
      for (int64_t n = 0; n < m; ++n) {
        w[n] = n <= span / 2 ? 2.0 * n / span : 2.0 - 2.0 * n / span;
      }
      return w;
    case Window::Type::Triang:
      for (int64_t n = 0; n < m; ++n) {
        const double k = static_cast<double>(std::min(n, m - 1 - n) + 1);
        w[n] = m % 2 == 0 ? (2.0 * k - 1.0) / mm : 2.0 * k / (mm + 1.0);
      }
      return w;
    case Window::Type::Boxcar:
      return w;
    case Window::Type::Cosine:
      for (int64_t n = 0; n < m; ++n) w[n] = std::sin(M_PI / mm * (static_cast<double>(n) + 0.5));
      return w;
    case Window::Type::Parzen:
      for (int64_t n = 0; n < m; ++n) {
        const double x = std::abs(-span / 2.0 + static_cast<double>(n)) / (mm / 2.0);
        w[n] = std::abs(-span / 2.0 + static_cast<double>(n)) > span / 4.0
                   ? 2.0 * std::pow(1.0 - x, 3.0)
                   : 1.0 - 6.0 * (x * x) + 6.0 * std::pow(x, 3.0);
      }
      return w;
    case Window::Type::Bohman:
      for (int64_t n = 0; n < m; ++n) {
        const double x = std::abs(linspace(-1.0, 1.0, m, n));
        w[n] = n == 0 || n == m - 1
                   ? 0.0
                   : (1.0 - x) * std::cos(M_PI * x) + 1.0 / M_PI * std::sin(M_PI * x);
      }
      return w;
    case Window::Type::Barthann:
      for (int64_t n = 0; n < m; ++n) {
        const double x = std::abs(static_cast<double>(n) / span - 0.5);
        w[n] = 0.62 - 0.48 * x + 0.38 * std::cos(2.0 * M_PI * x);
      }
      return w;
    case Window::Type::Lanczos:
      // Computed on the right half and mirrored, as scipy does, so that it is exactly symmetric.
      for (int64_t n = m - 1; 2 * n >= m; --n) {
        const double x = M_PI * (2.0 * static_cast<double>(n) / span - 1.0);
        w[n] = w[m - 1 - n] = std::sin(x) / x;
      }
      return w;
    case Window::Type::Kaiser:
      for (int64_t n = 0; n < m; ++n) {
        const double r = 2.0 * n / span - 1.0;
        w[n] = std::cyl_bessel_i(0.0, p * std::sqrt(std::max(0.0, 1.0 - r * r))) /
               std::cyl_bessel_i(0.0, p);
      }
      return w;
    case Window::Type::Gaussian:
      for (int64_t n = 0; n < m; ++n) {
        const double offset = n - span / 2.0;
        w[n] = std::exp(-offset * offset / (2.0 * p * p));
      }
      return w;
    case Window::Type::Exponential:
      for (int64_t n = 0; n < m; ++n) w[n] = std::exp(-std::abs(n - span / 2.0) / p);
      return w;
    case Window::Type::Tukey: {
      if (p <= 0.0) return w;
      if (p >= 1.0) return cosine_sum(m, {0.5, 0.5});
      const auto width = static_cast<int64_t>(std::floor(p * span / 2.0));
      for (int64_t n = 0; n <= width; ++n) {
        w[n] = 0.5 * (1.0 + std::cos(M_PI * (-1.0 + 2.0 * n / p / span)));
      }
      for (int64_t n = m - width - 1; n < m; ++n) {
        w[n] = 0.5 * (1.0 + std::cos(M_PI * (-2.0 / p + 1.0 + 2.0 * n / p / span)));
      }
      return w;
    }
    case Window::Type::Chebwin:
      return chebwin(m, p);
    case Window::Type::Dpss:
      return detail::dpss(m, p);
    case Window::Type::Custom:
      break;
  }
  throw std::invalid_argument("window: no formula for a custom window");
}

// The largest |at| whose 10^(|at| / 20) is a finite double, with a margin.
constexpr double kMaxChebwinAttenuation = 6000.0;

void check_parameter(const Window& window) {
  const double p = window.parameter();
  const auto fail = [&](const std::string& allowed) {
    const auto& entry = entry_of(window.type());
    throw std::invalid_argument("window " + std::string(entry.name) + " " + entry.parameter_name +
                                "=" + exact_decimal(p) + " must be " + allowed);
  };
  switch (window.type()) {
    case Window::Type::Kaiser:
      if (!(p >= 0.0 && std::isfinite(p))) fail("finite and >= 0");
      break;
    case Window::Type::Gaussian:
    case Window::Type::Exponential:
    case Window::Type::Dpss:
      if (!(p > 0.0 && std::isfinite(p))) fail("finite and > 0");
      break;
    case Window::Type::Tukey:
      if (!(p >= 0.0 && p <= 1.0)) fail("in [0, 1]");
      break;
    case Window::Type::GeneralHamming:
      if (!std::isfinite(p)) fail("finite");
      break;
    case Window::Type::Chebwin:
      if (!(std::abs(p) <= kMaxChebwinAttenuation)) {
        fail("finite, |at| <= " + exact_decimal(kMaxChebwinAttenuation) + " dB");
      }
      break;
    default:
      break;
  }
}

}  // namespace

Window Window::custom(torch::Tensor values) {
  if (!values.defined() || values.dim() != 1 || values.numel() == 0) {
    throw std::invalid_argument("custom window must be a non-empty 1-D tensor");
  }
  if (values.is_complex() || !values.is_floating_point()) {
    throw std::invalid_argument(std::string("custom window must be real floating point, got ") +
                                c10::toString(values.scalar_type()));
  }
  Window window(Type::Custom);
  window.values_ = values.detach().to(torch::kCPU, torch::kFloat64).clone();
  return window;
}

Window Window::parse(const std::string& text) {
  const auto colon = text.find(':');
  const std::string name = text.substr(0, colon);
  const NamedWindow* entry = find_window(name);
  if (entry == nullptr) {
    const std::string why = unsupported_scipy_window(name);
    throw std::invalid_argument("window='" + text + "' is not supported" +
                                (why.empty() ? "" : " (" + why + ")") +
                                "; allowed: " + allowed_window_names());
  }
  const bool given = colon != std::string::npos;
  if (entry->parameter == Parameter::None && given) {
    throw std::invalid_argument("window='" + text + "': " + entry->name + " takes no parameter");
  }
  if (entry->parameter == Parameter::Required && !given) {
    throw std::invalid_argument("window='" + text + "': " + entry->name + " needs a parameter " +
                                entry->parameter_name + ", e.g. '" + name + ":8'");
  }
  double parameter = entry->default_parameter;
  if (given) {
    std::size_t used = 0;
    const std::string number = text.substr(colon + 1);
    try {
      parameter = std::stod(number, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != number.size()) {
      throw std::invalid_argument("window='" + text + "': '" + number + "' is not a number");
    }
  }
  Window window(entry->type, parameter);
  check_parameter(window);
  return window;
}

std::string Window::to_string() const {
  if (type_ == Type::Custom) return "custom(" + std::to_string(values_.numel()) + ")";
  const auto& entry = entry_of(type_);
  if (entry.parameter == Parameter::None) return entry.name;
  return std::string(entry.name) + ':' + exact_decimal(parameter_);
}

bool Window::operator==(const Window& other) const {
  if (type_ != other.type_ || parameter_ != other.parameter_) return false;
  return type_ != Type::Custom || torch::equal(values_, other.values_);
}

namespace kernels {

torch::Tensor get_window(const Window& window, int64_t length) {
  if (length <= 0) {
    throw std::invalid_argument("window length=" + std::to_string(length) + " must be positive");
  }
  if (window.type() == Window::Type::Custom) {
    if (window.values().numel() != length) {
      throw std::invalid_argument("custom window has " + std::to_string(window.values().numel()) +
                                  " samples but win_length=" + std::to_string(length));
    }
    return window.values().clone();
  }
  check_parameter(window);
  if (length == 1) return torch::ones({1}, torch::kFloat64);
  if (window.type() == Window::Type::Dpss && !(window.parameter() < length / 2.0)) {
    throw std::invalid_argument(
        "window dpss NW=" + exact_decimal(window.parameter()) +
        " must be less than the window length / 2 = " + exact_decimal(length / 2.0));
  }
  if (window.type() == Window::Type::Chebwin && std::abs(window.parameter()) < 45.0) {
    TORCH_WARN_ONCE(
        "window chebwin at=", window.parameter(),
        ": below about 45 dB the Chebyshev window's noise bandwidth no longer grows with "
        "the attenuation, so it is a poor choice for spectral analysis (as scipy warns)");
  }
  auto values = symmetric_window(window, length + 1);
  values.pop_back();
  return torch::tensor(values, torch::kFloat64);
}

torch::Tensor pad_center(const torch::Tensor& values, int64_t size) {
  const int64_t length = values.size(-1);
  if (length > size) {
    throw std::invalid_argument("pad_center: length " + std::to_string(length) +
                                " is larger than the target size " + std::to_string(size));
  }
  const int64_t left = (size - length) / 2;
  return torch::constant_pad_nd(values, {left, size - length - left});
}

}  // namespace kernels
}  // namespace nnaudio
