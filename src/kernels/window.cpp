#include "nnaudio/kernels/window.h"

#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace nnaudio {
namespace {

struct NamedWindow {
  Window::Type type;
  const char* name;
  bool has_parameter;
};

constexpr NamedWindow kNamedWindows[] = {
    {Window::Type::Hann, "hann", false},
    {Window::Type::Hamming, "hamming", false},
    {Window::Type::Blackman, "blackman", false},
    {Window::Type::BlackmanHarris, "blackmanharris", false},
    {Window::Type::Bartlett, "bartlett", false},
    {Window::Type::Boxcar, "boxcar", false},
    {Window::Type::Kaiser, "kaiser", true},
    {Window::Type::Gaussian, "gaussian", true},
    {Window::Type::Tukey, "tukey", true},
};

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

std::string allowed_window_names() {
  std::string names;
  for (const auto& entry : kNamedWindows) {
    names += (names.empty() ? "" : ", ") + std::string(entry.name);
    if (entry.has_parameter) names += ":<parameter>";
  }
  return names + ", or a custom tensor";
}

// scipy's symmetric windows of M points as functions of n = 0 .. M-1; the periodic window of
// length N is the symmetric one of N+1 points without its last point.
std::vector<double> cosine_sum(int64_t m, std::initializer_list<double> coefficients) {
  std::vector<double> w(m, 0.0);
  for (int64_t n = 0; n < m; ++n) {
    const double phase = -M_PI + 2.0 * M_PI * n / static_cast<double>(m - 1);
    int k = 0;
    for (double a : coefficients) w[n] += a * std::cos(k++ * phase);
  }
  return w;
}

std::vector<double> symmetric_window(const Window& window, int64_t m) {
  const double p = window.parameter();
  const double span = static_cast<double>(m - 1);
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
    case Window::Type::Bartlett:
      for (int64_t n = 0; n < m; ++n) {
        w[n] = n <= span / 2 ? 2.0 * n / span : 2.0 - 2.0 * n / span;
      }
      return w;
    case Window::Type::Boxcar:
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
    case Window::Type::Custom:
      break;
  }
  throw std::invalid_argument("window: no formula for a custom window");
}

void check_parameter(const Window& window) {
  const double p = window.parameter();
  switch (window.type()) {
    case Window::Type::Kaiser:
      if (!(p >= 0.0 && std::isfinite(p))) {
        throw std::invalid_argument("window kaiser beta=" + exact_decimal(p) +
                                    " must be finite and >= 0");
      }
      break;
    case Window::Type::Gaussian:
      if (!(p > 0.0 && std::isfinite(p))) {
        throw std::invalid_argument("window gaussian std=" + exact_decimal(p) +
                                    " must be finite and > 0");
      }
      break;
    case Window::Type::Tukey:
      if (!(p >= 0.0 && p <= 1.0)) {
        throw std::invalid_argument("window tukey alpha=" + exact_decimal(p) +
                                    " must be in [0, 1]");
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
  for (const auto& entry : kNamedWindows) {
    if (name != entry.name) continue;
    if (entry.has_parameter != (colon != std::string::npos)) {
      throw std::invalid_argument(
          "window='" + text + "': " + entry.name +
          (entry.has_parameter ? " needs a parameter, e.g. '" + std::string(entry.name) + ":8'"
                               : " takes no parameter"));
    }
    double parameter = 0.0;
    if (entry.has_parameter) {
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
    Window window(entry.type, parameter);
    check_parameter(window);
    return window;
  }
  throw std::invalid_argument("window='" + text +
                              "' is not supported; allowed: " + allowed_window_names());
}

std::string Window::to_string() const {
  if (type_ == Type::Custom) return "custom(" + std::to_string(values_.numel()) + ")";
  for (const auto& entry : kNamedWindows) {
    if (entry.type != type_) continue;
    if (!entry.has_parameter) return entry.name;
    return std::string(entry.name) + ':' + exact_decimal(parameter_);
  }
  return "unknown";
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
