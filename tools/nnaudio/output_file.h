#pragma once
// Outputs are written to "<name>.tmp-<pid>" and renamed into place, so that a reader never sees
// a half-written file. A SIGINT or SIGTERM arriving meanwhile removes the temporary file before
// the process dies of the signal, so an interrupted run leaves complete files only.

#include <filesystem>
#include <functional>
#include <ostream>

namespace nnaudio::cli {

/// Installs the SIGINT / SIGTERM handler that removes the file being written. Call once, before
/// any write_atomically.
void install_interrupt_cleanup();

/// Creates the parent folders, writes `path` through `write` under a temporary name and renames
/// it into place. Throws std::runtime_error naming the path (and removes the temporary file)
/// when anything fails.
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(std::ostream&)>& write);

/// Removes, in `directory` (not below it), the temporary files of outputs (".npy", ".png",
/// ".html" + ".tmp-<pid>") whose process no longer exists: what a run killed with SIGKILL, or
/// by a crash, left behind. Returns how many were removed; a missing directory has none.
int remove_stale_temporaries(const std::filesystem::path& directory);

}  // namespace nnaudio::cli
