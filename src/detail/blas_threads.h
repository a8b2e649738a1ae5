#pragma once

namespace nnaudio::detail {

/// While alive, holds OpenBLAS (when it is the process's BLAS) to one thread, and gives back the
/// count it found when the last holder goes. For code that runs its own operations in parallel:
/// OpenBLAS's pthread build (Debian's default) does not know about OpenMP regions and splits
/// every GEMM of 262,144 multiply-adds or more over its own threads, which then compete with
/// the region's threads for the same cores. Measured on 2 cores, a multirate CQT of one
/// 93,456-sample clip: 8.3 ms per call with OpenBLAS on 2 threads, 2.6 ms on one. A no-op where
/// OpenBLAS is not loaded (MKL, BLIS and OpenBLAS's OpenMP build know about the region), where
/// it already runs one thread, and while a user sets its count themselves. Holders may nest
/// and live on several threads at once.
class SingleThreadedBlas {
 public:
  SingleThreadedBlas();
  ~SingleThreadedBlas();
  SingleThreadedBlas(const SingleThreadedBlas&) = delete;
  SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;
};

}  // namespace nnaudio::detail
