#pragma once
// Memory limits, checked before anything large is allocated, so that options or inputs too
// large for the machine give a message saying the size and what to change, not an allocator
// failure (or the machine swapping) halfway through.
//
// Two limits:
//  - each module's `max_kernel_bytes` option (default kDefaultMaxKernelBytes, 1 GiB) bounds the
//    memory its constructor (and reset()) takes to build the kernels, banks and windows it keeps,
//    build-time temporaries included;
//  - one process-wide limit, max_call_bytes() (default: the machine's physical memory), bounds
//    what one call of a transform allocates for its input: its output and its largest temporary
//    (the padded or framed signal). It is compared with the estimate whatever the device.

#include <cstdint>
#include <string>

namespace nnaudio {

/// 1 GiB: the default ceiling on the memory a module may take to build its kernels.
constexpr int64_t kDefaultMaxKernelBytes = int64_t{1} << 30;

/// Sets the ceiling on the memory one call of a transform may allocate; bytes > 0.
void set_max_call_bytes(int64_t bytes);

/// The ceiling in effect: the value set last, else the machine's physical memory.
int64_t max_call_bytes();

namespace detail {

/// Throws std::invalid_argument when building `what` would take more than `limit` bytes:
/// "<what> would take N MiB to build, above max_kernel_bytes = M MiB; <advice>, or raise
/// max_kernel_bytes". Sizes are doubles so that absurd options cannot overflow the estimate.
void check_kernel_bytes(double bytes, int64_t limit, const std::string& what,
                        const std::string& advice);

/// Throws std::invalid_argument when one call of `transform` would allocate more than
/// max_call_bytes(): the message gives the size, the input's shape as `input`, and says to pass
/// fewer or shorter signals per call or to raise the limit with nnaudio::set_max_call_bytes.
void check_call_bytes(double bytes, const std::string& transform, const std::string& input);

}  // namespace detail
}  // namespace nnaudio
