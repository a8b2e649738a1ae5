#include "support/helpers.h"

namespace nnaudio::test {

torch::Tensor load_fixture(const std::string& relative) {
  return load_npy(std::string(NNAUDIO_TEST_DATA_DIR) + "/" + relative);
}

torch::Tensor load_complex_fixture(const std::string& relative) {
  return torch::view_as_complex(load_fixture(relative).contiguous());
}

double relative_error(const torch::Tensor& actual, const torch::Tensor& expected) {
  const auto a = actual.detach().cpu();
  const auto b = expected.detach().cpu();
  const auto target = b.is_complex() ? torch::kComplexDouble : torch::kFloat64;
  const auto a64 = a.to(a.is_complex() ? torch::kComplexDouble : target);
  const auto b64 = b.to(target);
  const double denominator = torch::linalg_norm(b64).item<double>();
  return torch::linalg_norm(a64 - b64).item<double>() / std::max(denominator, 1e-300);
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

double max_gradient_error(const std::function<torch::Tensor(const std::vector<torch::Tensor>&)>& f,
                          std::vector<torch::Tensor> inputs, double eps) {
  torch::manual_seed(1234);
  const auto probe = f(inputs).detach();
  const auto weights = torch::randn_like(probe.is_complex() ? torch::view_as_real(probe) : probe);
  auto scalar = [&](const std::vector<torch::Tensor>& args) {
    auto out = f(args);
    if (out.is_complex()) out = torch::view_as_real(out);
    return (out * weights).sum();
  };
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
    auto got = analytic[index++];
    if (!got.defined()) got = torch::zeros_like(numeric);
    const double scale = std::max(torch::linalg_norm(numeric).item<double>(), 1e-12);
    worst = std::max(worst, torch::linalg_norm(got - numeric).item<double>() / scale);
  }
  return worst;
}

}  // namespace nnaudio::test
