#pragma once
// The discrete prolate spheroidal (Slepian) window, as scipy.signal.windows.dpss builds it.

#include <cstdint>
#include <vector>

namespace nnaudio::detail {

/// scipy's dpss(m, nw) (symmetric, Kmax=None): the first Slepian sequence of m points with
/// time-half-bandwidth nw (0 < nw < m / 2), positive sum, peak 1 and for even m scipy's
/// 'approximate' scaling m^2 / (m^2 + nw).
std::vector<double> dpss(int64_t m, double nw);

}  // namespace nnaudio::detail
