#include "nnaudio/threads.h"

#include <ATen/Parallel.h>
#include <c10/util/Exception.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

namespace nnaudio {
namespace {

std::once_flag default_threads_once;
std::atomic<bool> user_chose_threads{false};

int positive_env_int(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr) return 0;
  try {
    return std::max(0, std::stoi(text));
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

void set_num_threads(int threads) {
  TORCH_CHECK_VALUE(threads > 0, "threads=", threads, " must be positive");
  user_chose_threads = true;
  at::set_num_threads(threads);
}

int get_num_threads() {
  ensure_default_threads();
  return at::get_num_threads();
}

void ensure_default_threads() {
  std::call_once(default_threads_once, [] {
    if (user_chose_threads) return;
    if (int from_env = positive_env_int("NNAUDIO_NUM_THREADS"); from_env > 0) {
      at::set_num_threads(from_env);
      return;
    }
    if (std::getenv("OMP_NUM_THREADS") != nullptr) return;
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    // Only raise Debian's single-thread start; a count the user set before stays.
    if (cores > 1 && at::get_num_threads() == 1) at::set_num_threads(cores);
  });
}

}  // namespace nnaudio
