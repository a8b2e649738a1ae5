#include "output_file.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>
#include <system_error>

namespace nnaudio::cli {
namespace {

// The signal handler may only touch async-signal-safe state: two fixed buffers and an index of
// the one that holds the temporary file being written (-1: none). A new name goes into the
// buffer not in use before it is published, so the handler never reads a buffer being changed.
char temporary_names[2][PATH_MAX + 32];
std::atomic<int> active_name{-1};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void remove_temporary_and_die(int signal_number) {
  const int active = active_name.load();
  if (active >= 0) unlink(temporary_names[active]);
  // SA_RESETHAND restored the default action: the process now ends of this signal, so the
  // parent sees the usual status (130 for Ctrl-C).
  raise(signal_number);
}

class TemporaryName {
 public:
  explicit TemporaryName(const std::string& name) {
    if (name.size() >= sizeof temporary_names[0]) {
      throw std::runtime_error(name + ": path too long");
    }
    slot_ = active_name.load() == 0 ? 1 : 0;
    std::memcpy(temporary_names[slot_], name.c_str(), name.size() + 1);
    active_name.store(slot_);
  }
  ~TemporaryName() { active_name.store(-1); }
  TemporaryName(const TemporaryName&) = delete;
  TemporaryName& operator=(const TemporaryName&) = delete;

 private:
  int slot_ = 0;
};

}  // namespace

void install_interrupt_cleanup() {
  struct sigaction action {};
  action.sa_handler = remove_temporary_and_die;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void write_atomically(const std::filesystem::path& path,
                      const std::function<void(std::ostream&)>& write) {
  std::error_code error;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
  if (error) {
    throw std::runtime_error("cannot create " + path.parent_path().string() + ": " +
                             error.message());
  }
  const std::string temporary = path.string() + ".tmp-" + std::to_string(getpid());
  const TemporaryName guard(temporary);
  try {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(std::strerror(errno));
    write(out);
    out.close();
    if (!out) throw std::runtime_error(std::strerror(errno));
    std::filesystem::rename(temporary, path);
  } catch (const std::exception& failure) {
    std::filesystem::remove(temporary, error);
    throw std::runtime_error("cannot write " + path.string() + ": " + failure.what());
  }
}

int remove_stale_temporaries(const std::filesystem::path& directory) {
  static const std::regex temporary(R"(.+\.(npy|png|html)\.tmp-([0-9]{1,9}))");
  std::error_code error;
  int removed = 0;
  for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error)) {
    std::smatch match;
    const std::string name = it->path().filename().string();
    if (!std::regex_match(name, match, temporary)) continue;
    const auto pid = static_cast<pid_t>(std::stol(match[2].str()));
    // kill(pid, 0) tests for the process without signalling it; EPERM means it exists.
    if (pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    if (std::filesystem::remove(it->path(), ignored)) ++removed;
  }
  return removed;
}

}  // namespace nnaudio::cli
