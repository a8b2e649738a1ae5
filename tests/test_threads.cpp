// The intra-op thread count: nnaudio raises Debian LibTorch's single-thread start to every core
// on first use unless a count was chosen (threads.h), and set_num_threads validates its argument.

#include <gtest/gtest.h>

#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <nnaudio/nnaudio.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "detail/blas_threads.h"
#include "support/helpers.h"

namespace nnaudio::test {
namespace {

// Restores LibTorch's thread count when a test that changes it ends, pass or fail.
class ThreadCountGuard {
 public:
  ThreadCountGuard() : saved_(at::get_num_threads()) {}
  ~ThreadCountGuard() { at::set_num_threads(saved_); }

 private:
  int saved_;
};

// In a fresh process (a "threadsafe" death test re-executes this program for this test only,
// so nnaudio's once-per-process default has not run yet whatever ran before): starting from
// LibTorch's single thread, building a transform raises the count to every core. The child
// exits with 0 only if it did, so after == before cannot pass where the default is broken.
TEST(Threads, DefaultIsEveryCore) {
  for (const char* variable : {"NNAUDIO_NUM_THREADS", "OMP_NUM_THREADS"}) {
    if (std::getenv(variable) != nullptr) {
      GTEST_SKIP() << variable << " is set: the user chose the thread count";
    }
  }
  const int cores = std::max(static_cast<int>(std::thread::hardware_concurrency()), 1);
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        at::set_num_threads(1);  // Debian's LibTorch start, forced on builds that start higher
        STFT stft(STFTOptions(512));
        const bool raised = at::get_num_threads() == cores && get_num_threads() == cores;
        std::fprintf(stderr, "threads after the first transform: %d of %d cores\n",
                     at::get_num_threads(), cores);
        std::exit(raised ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "threads after the first transform");
}

TEST(Threads, SetNumThreadsValidatesAndApplies) {
  const ThreadCountGuard guard;
  const int before = get_num_threads();
  for (int bad : {0, -1}) {
    try {
      set_num_threads(bad);
      ADD_FAILURE() << "set_num_threads(" << bad << ") did not throw";
    } catch (const c10::Error& error) {
      const std::string message = error.what_without_backtrace();
      EXPECT_NE(message.find("threads=" + std::to_string(bad)), std::string::npos) << message;
    }
  }
  EXPECT_EQ(get_num_threads(), before);  // a refused count changes nothing

  set_num_threads(1);
  EXPECT_EQ(get_num_threads(), 1);
  EXPECT_EQ(at::get_num_threads(), 1);
  // Building and running a transform afterwards keeps the user's choice.
  STFT stft(STFTOptions(256));
  stft(torch::randn({4096}));
  EXPECT_EQ(get_num_threads(), 1);
}

// The multirate CQT holds OpenBLAS to one thread while its blocks run in parallel and gives the
// count back: nested holders, a CQT call, and a count the user sets while held (which stays).
TEST(Threads, SingleThreadedBlasHoldsOpenBlasAndGivesItsCountBack) {
  const auto get = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  const auto set = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (get == nullptr || set == nullptr) GTEST_SKIP() << "OpenBLAS is not this process's BLAS";
  const int original = get();
  set(2);
  {
    const detail::SingleThreadedBlas outer;
    EXPECT_EQ(get(), 1);
    {
      const detail::SingleThreadedBlas inner;
      EXPECT_EQ(get(), 1);
    }
    EXPECT_EQ(get(), 1);
  }
  EXPECT_EQ(get(), 2);
  CQT cqt(CQTOptions(22050).n_bins(48).fmin(65.4));
  torch::NoGradGuard no_grad;
  cqt(torch::randn({3, 22050}));
  EXPECT_EQ(get(), 2);
  {
    const detail::SingleThreadedBlas held;
    set(3);
  }
  EXPECT_EQ(get(), 3);
  set(original);
}

}  // namespace
}  // namespace nnaudio::test
