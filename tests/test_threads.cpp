// The intra-op thread count: nnaudio raises Debian LibTorch's single-thread start to every core
// on first use unless a count was chosen (threads.h), and set_num_threads validates its argument.

#include <gtest/gtest.h>

#include <ATen/Parallel.h>
#include <nnaudio/nnaudio.h>

#include <cstdlib>
#include <string>
#include <thread>

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

TEST(Threads, DefaultIsEveryCore) {
  for (const char* variable : {"NNAUDIO_NUM_THREADS", "OMP_NUM_THREADS"}) {
    if (std::getenv(variable) != nullptr) {
      GTEST_SKIP() << variable << " is set: the user chose the thread count";
    }
  }
  // Read before nnaudio's first use in this process (CTest runs each test in its own process;
  // when the whole binary runs, earlier tests have already applied the default).
  const int before = at::get_num_threads();
  STFT stft(STFTOptions(512));
  const int after = at::get_num_threads();
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  if (before == 1) {
    // Debian's LibTorch starts with one thread: nnaudio raises it to every core.
    EXPECT_EQ(after, std::max(cores, 1));
  } else {
    // A count already in effect (LibTorch's own default on other builds, or nnaudio's earlier
    // default in this process) is kept.
    EXPECT_EQ(after, before);
  }
  EXPECT_GE(get_num_threads(), 1);
  EXPECT_EQ(get_num_threads(), at::get_num_threads());
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

}  // namespace
}  // namespace nnaudio::test
