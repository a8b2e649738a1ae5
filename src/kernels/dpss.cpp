#include "kernels/dpss.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nnaudio::detail {
namespace {

// Eigenvalues of the symmetric tridiagonal matrix (diagonal d, off-diagonal e) below x: the
// Sturm sequence count.
int64_t eigenvalues_below(const std::vector<double>& d, const std::vector<double>& e, double x) {
  int64_t count = 0;
  double q = 1.0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    q = d[i] - x - (i == 0 ? 0.0 : e[i - 1] * e[i - 1] / q);
    if (q == 0.0) q = -std::numeric_limits<double>::min();
    if (q < 0.0) ++count;
  }
  return count;
}

// Solves (T - shift I) x = b in place for the tridiagonal T, by Gaussian elimination with
// partial pivoting (LAPACK's dgtsv); a zero pivot (the shift is an eigenvalue to working
// precision) is replaced by a tiny one, as inverse iteration wants.
void solve_shifted_tridiagonal(const std::vector<double>& d, const std::vector<double>& e,
                               double shift, std::vector<double>& b) {
  const std::size_t n = d.size();
  std::vector<double> diag(n), upper(e), lower(e), upper2(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) diag[i] = d[i] - shift;
  const double tiny = std::numeric_limits<double>::epsilon() * (std::abs(shift) + 1.0);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (std::abs(diag[i]) >= std::abs(lower[i])) {
      if (diag[i] == 0.0) diag[i] = tiny;
      const double factor = lower[i] / diag[i];
      diag[i + 1] -= factor * upper[i];
      b[i + 1] -= factor * b[i];
    } else {
      const double factor = diag[i] / lower[i];
      diag[i] = lower[i];
      const double below = diag[i + 1];
      diag[i + 1] = upper[i] - factor * below;
      if (i + 2 < n) {
        upper2[i] = upper[i + 1];
        upper[i + 1] = -factor * upper2[i];
      }
      upper[i] = below;
      const double bi = b[i];
      b[i] = b[i + 1];
      b[i + 1] = bi - factor * b[i + 1];
    }
  }
  if (diag[n - 1] == 0.0) diag[n - 1] = tiny;
  for (std::size_t i = n; i-- > 0;) {
    double value = b[i];
    if (i + 1 < n) value -= upper[i] * b[i + 1];
    if (i + 2 < n) value -= upper2[i] * b[i + 2];
    b[i] = value / diag[i];
  }
}

}  // namespace

// scipy's dpss(m, nw): the eigenvector of the largest eigenvalue of Slepian's commuting
// tridiagonal matrix (Percival & Walden 1993), found as LAPACK's stebz + stein find it
// (bisection, then inverse iteration), with a positive sum, scaled to a peak of 1 and, for even
// m, by scipy's 'approximate' correction m^2 / (m^2 + nw).
std::vector<double> dpss(int64_t m, double nw) {
  const double mm = static_cast<double>(m);
  const double bandwidth = nw / mm;
  std::vector<double> d(m), e(m - 1);
  for (int64_t i = 0; i < m; ++i) {
    const double half = (mm - 1.0 - 2.0 * static_cast<double>(i)) / 2.0;
    d[i] = half * half * std::cos(2.0 * M_PI * bandwidth);
  }
  for (int64_t i = 1; i < m; ++i) e[i - 1] = static_cast<double>(i) * (mm - i) / 2.0;

  double low = std::numeric_limits<double>::infinity();
  double high = -low;
  for (int64_t i = 0; i < m; ++i) {
    const double radius = (i > 0 ? std::abs(e[i - 1]) : 0.0) + (i + 1 < m ? std::abs(e[i]) : 0.0);
    low = std::min(low, d[i] - radius);
    high = std::max(high, d[i] + radius);
  }
  while (true) {
    const double middle = 0.5 * (low + high);
    if (middle <= low || middle >= high) break;
    (eigenvalues_below(d, e, middle) < m ? low : high) = middle;
  }
  const double largest = 0.5 * (low + high);

  std::vector<double> w(m, 1.0);
  for (int iteration = 0; iteration < 3; ++iteration) {
    solve_shifted_tridiagonal(d, e, largest, w);
    double norm = 0.0;
    for (double value : w) norm += value * value;
    norm = std::sqrt(norm);
    for (double& value : w) value /= norm;
  }
  double sum = 0.0;
  for (double value : w) sum += value;
  if (sum < 0) {
    for (double& value : w) value = -value;
  }
  const double peak = *std::max_element(w.begin(), w.end());
  const double correction = m % 2 == 0 ? mm * mm / (mm * mm + nw) : 1.0;
  for (double& value : w) value = value / peak * correction;
  return w;
}

}  // namespace nnaudio::detail
