#include "nnaudio/memory.h"

#include <unistd.h>

#include <atomic>
#include <sstream>
#include <stdexcept>

namespace nnaudio {
namespace {

// 0: not set, use the physical memory.
std::atomic<int64_t> call_limit{0};

int64_t physical_memory() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return int64_t{1} << 40;  // unknown: 1 TiB
  return static_cast<int64_t>(pages) * page_size;
}

std::string mebibytes(double bytes) {
  std::ostringstream text;
  text.precision(bytes < (1 << 20) ? 2 : 0);
  text << std::fixed << bytes / (1 << 20) << " MiB";
  return text.str();
}

}  // namespace

void set_max_call_bytes(int64_t bytes) {
  if (bytes <= 0) {
    throw std::invalid_argument("set_max_call_bytes: bytes=" + std::to_string(bytes) +
                                " must be positive");
  }
  call_limit.store(bytes);
}

int64_t max_call_bytes() {
  const int64_t set = call_limit.load();
  return set > 0 ? set : physical_memory();
}

namespace detail {

void check_kernel_bytes(double bytes, int64_t limit, const std::string& what,
                        const std::string& advice) {
  if (limit <= 0) {
    throw std::invalid_argument("max_kernel_bytes=" + std::to_string(limit) + " must be positive");
  }
  if (bytes <= static_cast<double>(limit)) return;
  throw std::invalid_argument(
      what + " would take " + mebibytes(bytes) + " to build, above max_kernel_bytes = " +
      mebibytes(static_cast<double>(limit)) + "; " + advice + ", or raise max_kernel_bytes");
}

void check_call_bytes(double bytes, const std::string& transform, const std::string& input) {
  const int64_t limit = max_call_bytes();
  if (bytes <= static_cast<double>(limit)) return;
  throw std::invalid_argument(transform + ": this call would allocate " + mebibytes(bytes) +
                              " for an input of shape " + input + ", above the limit of " +
                              mebibytes(static_cast<double>(limit)) +
                              " (nnaudio::max_call_bytes, by default the physical memory); "
                              "pass fewer or shorter signals per call, or raise the limit "
                              "with nnaudio::set_max_call_bytes");
}

}  // namespace detail
}  // namespace nnaudio
