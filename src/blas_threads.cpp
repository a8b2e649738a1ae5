#include "detail/blas_threads.h"

#include <dlfcn.h>

#include <mutex>

namespace nnaudio::detail {
namespace {

// OpenBLAS's thread controls, looked up at run time: the library does not link OpenBLAS
// itself (LibTorch brings whatever BLAS it was built with).
struct OpenBlasThreads {
  int (*get)() = nullptr;
  void (*set)(int) = nullptr;
};

OpenBlasThreads find_openblas() {
  OpenBlasThreads found;
  // Loaded into the global namespace (a C++ program), or privately (LibTorch under Python).
  void* handle = RTLD_DEFAULT;
  if (dlsym(handle, "openblas_set_num_threads") == nullptr) {
    handle = dlopen("libopenblas.so.0", RTLD_LAZY | RTLD_NOLOAD);
    if (handle == nullptr) return found;
  }
  found.get = reinterpret_cast<int (*)()>(dlsym(handle, "openblas_get_num_threads"));
  found.set = reinterpret_cast<void (*)(int)>(dlsym(handle, "openblas_set_num_threads"));
  if (found.get == nullptr || found.set == nullptr) return {};
  return found;
}

const OpenBlasThreads& openblas() {
  static const OpenBlasThreads found = find_openblas();
  return found;
}

std::mutex holders_mutex;
int holders = 0;
int count_found = 1;  // OpenBLAS's thread count when the first holder came

}  // namespace

SingleThreadedBlas::SingleThreadedBlas() {
  const auto& blas = openblas();
  if (blas.set == nullptr) return;
  std::lock_guard<std::mutex> lock(holders_mutex);
  if (holders++ == 0) {
    count_found = blas.get();
    if (count_found > 1) blas.set(1);
  }
}

SingleThreadedBlas::~SingleThreadedBlas() {
  const auto& blas = openblas();
  if (blas.set == nullptr) return;
  std::lock_guard<std::mutex> lock(holders_mutex);
  // A count the user set meanwhile (anything but our 1) stays.
  if (--holders == 0 && count_found > 1 && blas.get() == 1) blas.set(count_found);
}

}  // namespace nnaudio::detail
