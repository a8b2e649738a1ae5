#pragma once
// Shared test helpers: fixture paths, error measures, the devices to run on, and a float64
// central-difference gradient check (LibTorch has no C++ gradcheck).

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "support/npy.h"

namespace nnaudio::test {

/// tests/data/<relative>, loaded as float64.
torch::Tensor load_fixture(const std::string& relative);

/// A reference array whose last axis of 2 holds (real, imag), as a complex128 tensor.
torch::Tensor load_complex_fixture(const std::string& relative);

/// ||a - b|| / ||b|| (Frobenius), computed in float64 (complex tensors allowed); the shapes
/// must be equal (no broadcasting).
double relative_error(const torch::Tensor& actual, const torch::Tensor& expected);

/// The worst row of a (..., F, T) result: max over the rows (every index but the last) of
/// ||a_row - b_row|| / ||b_row||. A global error can hide a wrong low-energy row; this cannot.
double max_row_error(const torch::Tensor& actual, const torch::Tensor& expected);

/// "cpu" and "cuda": the CUDA variant of a parameterised test skips without a GPU.
std::vector<std::string> device_names();

/// The device of a parameter from device_names(), or GTEST_SKIP()s the calling test through
/// the returned flag being false.
bool device_available(const std::string& name);

/// Name generator for INSTANTIATE_TEST_SUITE_P over device_names().
std::string device_test_name(const ::testing::TestParamInfo<std::string>& info);

/// The message of the std::invalid_argument that `call` must throw ("" and a test failure
/// otherwise).
std::string invalid_argument_message(const std::function<void()>& call);

/// Checks the gradient of sum(f(inputs) * weights) (weights fixed random) with respect to every
/// input that requires grad against float64 central differences; inputs must be float64.
/// Returns the largest relative error ||analytic - numeric|| / max(||numeric||, 1e-12).
double max_gradient_error(const std::function<torch::Tensor(const std::vector<torch::Tensor>&)>& f,
                          std::vector<torch::Tensor> inputs, double eps = 1e-6);

/// The same check along `directions` random directions v of every input that requires grad:
/// <analytic gradient, v> against (f(x + eps v) - f(x - eps v)) / (2 eps), for inputs too large
/// to perturb one element at a time (kernels). Returns the largest relative error.
double max_directional_gradient_error(
    const std::function<torch::Tensor(const std::vector<torch::Tensor>&)>& f,
    std::vector<torch::Tensor> inputs, int directions = 4, double eps = 1e-6);

}  // namespace nnaudio::test

/// Parameterised-over-device tests call this first.
#define NNAUDIO_REQUIRE_DEVICE(name)                                             \
  do {                                                                           \
    if (!::nnaudio::test::device_available(name)) GTEST_SKIP() << "no " << name; \
  } while (0)
