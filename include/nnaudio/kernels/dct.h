#pragma once
// Discrete cosine transform matrices (scipy.fftpack.dct conventions), for MFCCs.

#include <torch/torch.h>

namespace nnaudio::kernels {

/// The DCT of `type` (2 or 3) of length-n_in vectors as a float64 matrix of shape (n_out, n_in),
/// n_out <= n_in, such that M @ x equals scipy.fftpack.dct(x, type, norm)[:n_out]:
///   type 2: y[k] = 2 sum_n x[n] cos(pi k (2n + 1) / (2 n_in))
///   type 3: y[k] = x[0] + 2 sum_{n >= 1} x[n] cos(pi (2k + 1) n / (2 n_in))
/// With `ortho` (norm="ortho"), the full square matrix is orthogonal: type 2 scales row 0 by
/// sqrt(1 / (4 n_in)) and the others by sqrt(1 / (2 n_in)); type 3 scales column 0 by
/// 1 / sqrt(n_in) and the others by sqrt(2 / n_in) (without the factor 2 above). The two types
/// are each other's transpose (inverse when orthonormal). Throws std::invalid_argument for a
/// type other than 2 or 3, n_in <= 0 or n_out outside [1, n_in].
torch::Tensor dct_matrix(int64_t n_in, int64_t n_out, int64_t type = 2, bool ortho = true);

}  // namespace nnaudio::kernels
