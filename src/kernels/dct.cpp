#include "nnaudio/kernels/dct.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace nnaudio::kernels {

torch::Tensor dct_matrix(int64_t n_in, int64_t n_out, int64_t type, bool ortho) {
  if (type != 2 && type != 3) {
    throw std::invalid_argument("dct_type=" + std::to_string(type) + " must be 2 or 3");
  }
  if (n_in <= 0) {
    throw std::invalid_argument("DCT length n_in=" + std::to_string(n_in) + " must be positive");
  }
  if (n_out <= 0 || n_out > n_in) {
    throw std::invalid_argument("DCT n_out=" + std::to_string(n_out) +
                                " must be in [1, n_in=" + std::to_string(n_in) + "]");
  }
  auto matrix = torch::empty({n_out, n_in}, torch::kFloat64);
  auto* m = matrix.data_ptr<double>();
  // The angle pi * j / (2 n_in) with j reduced modulo 4 n_in, so that large products k (2n + 1)
  // keep full precision.
  const int64_t period = 4 * n_in;
  const double unit = M_PI / (2.0 * static_cast<double>(n_in));
  const double n = static_cast<double>(n_in);
  for (int64_t k = 0; k < n_out; ++k) {
    for (int64_t i = 0; i < n_in; ++i) {
      // Type 2 row k, column i is cos(pi k (2i + 1) / 2N); type 3 is its transpose.
      const int64_t frequency = type == 2 ? k : i;
      const int64_t time = type == 2 ? i : k;
      const double c = std::cos(unit * static_cast<double>((frequency * (2 * time + 1)) % period));
      double scale;
      if (ortho) {
        scale = frequency == 0 ? 1.0 / std::sqrt(n) : std::sqrt(2.0 / n);
      } else {
        scale = type == 3 && frequency == 0 ? 1.0 : 2.0;
      }
      m[k * n_in + i] = scale * c;
    }
  }
  return matrix;
}

}  // namespace nnaudio::kernels
