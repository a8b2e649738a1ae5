#pragma once
// Reader for the reference arrays: NumPy .npy version 1.x/2.x, little-endian float64, C order.

#include <torch/torch.h>

#include <string>

namespace nnaudio::test {

/// Loads a float64 .npy file as a float64 CPU tensor; throws std::runtime_error otherwise.
torch::Tensor load_npy(const std::string& path);

/// Writes a float32/float64 tensor as .npy (used by the example program's checks).
void save_npy(const torch::Tensor& tensor, const std::string& path);

}  // namespace nnaudio::test
