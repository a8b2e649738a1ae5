#pragma once
// Thread count of the CPU computations.
//
// Debian's LibTorch starts with one intra-op thread whatever the machine has. nnaudio therefore
// raises LibTorch's intra-op thread count to every core the first time one of its transforms is
// built or run, unless the user chose a count first: with nnaudio::set_num_threads or with the
// NNAUDIO_NUM_THREADS or OMP_NUM_THREADS environment variables. A count above one set with
// at::set_num_threads before that first use is kept too; to stay on one thread, call
// nnaudio::set_num_threads(1).

namespace nnaudio {

/// Sets the intra-op thread count used by LibTorch and by nnaudio's own CPU kernels.
void set_num_threads(int threads);

/// The intra-op thread count in effect.
int get_num_threads();

/// Applies the default described above, once per process; cheap to call repeatedly.
void ensure_default_threads();

}  // namespace nnaudio
