#pragma once
// Expectations shared by the test files: an error whose message
// names the parameter and value, and a temporary file for save / load round trips.

#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace nnaudio::test {

/// Runs `call`, which must throw c10::Error or std::invalid_argument (any other outcome fails),
/// and checks that the message contains every fragment.
inline void expect_error(const std::function<void()>& call,
                         const std::vector<std::string>& fragments) {
  std::string message;
  try {
    call();
    ADD_FAILURE() << "no exception; expected one mentioning '" << fragments.front() << "'";
    return;
  } catch (const c10::Error& error) {
    message = error.what_without_backtrace();
  } catch (const std::invalid_argument& error) {
    message = error.what();
  } catch (const std::exception& error) {
    ADD_FAILURE() << "unexpected exception type: " << error.what();
    return;
  }
  for (const auto& fragment : fragments) {
    EXPECT_NE(message.find(fragment), std::string::npos)
        << "message \"" << message << "\" does not mention \"" << fragment << "\"";
  }
}

/// A file name under /tmp unique to the process and test, removed when it goes out of scope.
struct ScopedTempFile {
  std::string path = "/tmp/nnaudio_test_" + std::to_string(::getpid()) + "_" +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".pt";
  ~ScopedTempFile() { std::remove(path.c_str()); }
};

/// Changes `saved`'s state with `perturb` (under no_grad), checks that a module built with the
/// same options (`loaded`, which has run once) then gives another output, and that it gives
/// exactly `saved`'s output after torch::save / torch::load.
template <typename Holder, typename Perturb>
void expect_save_load_round_trip(Holder saved, Holder loaded, const Perturb& perturb,
                                 const torch::Tensor& input) {
  {
    torch::NoGradGuard no_grad;
    perturb(saved);
  }
  EXPECT_FALSE(torch::equal(loaded(input), saved(input)));
  const ScopedTempFile file;
  torch::save(saved, file.path);
  torch::load(loaded, file.path);
  EXPECT_TRUE(torch::equal(loaded(input), saved(input)));
}

}  // namespace nnaudio::test
