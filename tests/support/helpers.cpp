#include "support/helpers.h"

#include <limits>
#include <stdexcept>
#include <string>

namespace nnaudio::test {

torch::Tensor load_fixture(const std::string& relative) {
  return load_npy(std::string(NNAUDIO_TEST_DATA_DIR) + "/" + relative);
}

torch::Tensor load_complex_fixture(const std::string& relative) {
  return torch::view_as_complex(load_fixture(relative).contiguous());
}

double relative_error(const torch::Tensor& actual, const torch::Tensor& expected) {
  // Broadcasting would hide a shape bug: (F, T) against (1, F, T) or (F, 1) must fail.
  TORCH_CHECK(actual.sizes() == expected.sizes(), "relative_error: shapes differ: actual ",
              actual.sizes(), ", expected ", expected.sizes());
  const auto a = actual.detach().cpu();
  const auto b = expected.detach().cpu();
  const auto target = b.is_complex() ? torch::kComplexDouble : torch::kFloat64;
  const auto a64 = a.to(a.is_complex() ? torch::kComplexDouble : target);
  const auto b64 = b.to(target);
  const double denominator = torch::linalg_norm(b64).item<double>();
  return torch::linalg_norm(a64 - b64).item<double>() / std::max(denominator, 1e-300);
}

double max_row_error(const torch::Tensor& actual, const torch::Tensor& expected) {
  TORCH_CHECK(actual.sizes() == expected.sizes(), "max_row_error: shapes differ: actual ",
              actual.sizes(), ", expected ", expected.sizes());
  auto as_double = [](const torch::Tensor& t) {
    const auto c = t.detach().cpu();
    return c.to(c.is_complex() ? torch::kComplexDouble : torch::kFloat64);
  };
  const auto a = as_double(actual);
  const auto b = as_double(expected);
  const auto difference = torch::linalg_vector_norm(a - b, 2, torch::IntArrayRef{-1});
  const auto scale = torch::linalg_vector_norm(b, 2, torch::IntArrayRef{-1}).clamp_min(1e-300);
  return (difference / scale).max().item<double>();
}

std::vector<std::string> device_names() {
  return {"cpu", "cuda"};
}

bool device_available(const std::string& name) {
  return name == "cpu" || (name == "cuda" && torch::cuda::is_available());
}

std::string device_test_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

namespace {

using Transform = std::function<torch::Tensor(const std::vector<torch::Tensor>&)>;

// sum(f(args) * weights) with fixed random weights drawn once (complex outputs as real pairs):
// the scalar whose gradient both gradient checks compare.
std::function<torch::Tensor(const std::vector<torch::Tensor>&)> weighted_sum(
    const Transform& f, const std::vector<torch::Tensor>& inputs) {
  const auto probe = f(inputs).detach();
  const auto weights = torch::randn_like(probe.is_complex() ? torch::view_as_real(probe) : probe);
  return [f, weights](const std::vector<torch::Tensor>& args) {
    auto out = f(args);
    if (out.is_complex()) out = torch::view_as_real(out);
    return (out * weights).sum();
  };
}

}  // namespace

double max_gradient_error(const std::function<torch::Tensor(const std::vector<torch::Tensor>&)>& f,
                          std::vector<torch::Tensor> inputs, double eps) {
  torch::manual_seed(1234);
  const auto scalar = weighted_sum(f, inputs);
  const auto loss = scalar(inputs);
  std::vector<torch::Tensor> wanted;
  for (const auto& input : inputs) {
    if (input.requires_grad()) wanted.push_back(input);
  }
  const auto analytic = torch::autograd::grad({loss}, wanted, {}, false, false, true);
  double worst = 0.0;
  std::size_t index = 0;
  torch::NoGradGuard no_grad;
  for (auto& input : inputs) {
    if (!input.requires_grad()) continue;
    auto numeric = torch::zeros_like(input);
    auto flat = input.view({-1});
    auto numeric_flat = numeric.view({-1});
    for (int64_t i = 0; i < flat.numel(); ++i) {
      const double original = flat[i].item<double>();
      flat[i] = original + eps;
      const double up = scalar(inputs).item<double>();
      flat[i] = original - eps;
      const double down = scalar(inputs).item<double>();
      flat[i] = original;
      numeric_flat[i] = (up - down) / (2 * eps);
    }
    const auto got = analytic[index++];
    const double numeric_norm = torch::linalg_norm(numeric).item<double>();
    // An input the output does not depend on would compare zeros with zeros: a check that
    // cannot fail. Every checked input must reach the output, and autograd must say so.
    if (!got.defined() || numeric_norm == 0.0) {
      ADD_FAILURE() << "input " << index - 1 << " of the gradient check: "
                    << (got.defined() ? "the numeric gradient is zero"
                                      : "autograd gives no gradient");
      return std::numeric_limits<double>::infinity();
    }
    const double scale = numeric_norm;
    worst = std::max(worst, torch::linalg_norm(got - numeric).item<double>() / scale);
  }
  return worst;
}

double max_directional_gradient_error(
    const std::function<torch::Tensor(const std::vector<torch::Tensor>&)>& f,
    std::vector<torch::Tensor> inputs, int directions, double eps) {
  torch::manual_seed(4321);
  const auto scalar = weighted_sum(f, inputs);
  std::vector<torch::Tensor> wanted;
  for (const auto& input : inputs) {
    if (input.requires_grad()) wanted.push_back(input);
  }
  const auto analytic = torch::autograd::grad({scalar(inputs)}, wanted, {}, false, false, true);
  double worst = 0.0;
  torch::NoGradGuard no_grad;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (!analytic[i].defined()) {
      ADD_FAILURE() << "input " << i << " of the gradient check: autograd gives no gradient";
      return std::numeric_limits<double>::infinity();
    }
    for (int d = 0; d < directions; ++d) {
      // A unit direction: the step eps is then the perturbation's norm whatever the size.
      auto v = torch::randn_like(wanted[i]);
      v /= torch::linalg_norm(v);
      wanted[i].add_(v, eps);
      const double up = scalar(inputs).item<double>();
      wanted[i].sub_(v, 2 * eps);
      const double down = scalar(inputs).item<double>();
      wanted[i].add_(v, eps);
      const double numeric = (up - down) / (2 * eps);
      const double exact = (analytic[i] * v).sum().item<double>();
      if (numeric == 0.0) {
        ADD_FAILURE() << "input " << i << " of the gradient check: the numeric gradient is zero";
        return std::numeric_limits<double>::infinity();
      }
      worst = std::max(worst, std::abs(exact - numeric) / std::abs(numeric));
    }
  }
  return worst;
}

std::string invalid_argument_message(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected std::invalid_argument";
  return "";
}

}  // namespace nnaudio::test
