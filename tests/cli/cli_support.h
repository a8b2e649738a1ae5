#pragma once
// What the end-to-end tests of the nnaudio command share: running it, writing audio files with
// libsndfile, reading its outputs back, and a temporary folder per test.

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nnaudio::cli::testing {

namespace fs = std::filesystem;

/// A fresh folder under the system's temporary folder, removed with its contents.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

struct RunResult {
  int status = -1;  ///< exit status, or 128 + signal
  std::string out, err;
};

/// Runs the nnaudio program with these arguments (standard input read from `input` when
/// given) and waits for it.
RunResult run_nnaudio(const std::vector<std::string>& args, const fs::path& input = {});

/// Starts the nnaudio program without waiting; stdout and stderr go to `log`.
pid_t start_nnaudio(const std::vector<std::string>& args, const fs::path& log);
/// Waits for a started program: its exit status, or 128 + signal.
int wait_for(pid_t pid);

/// Writes channels of equal length (channel-major) with libsndfile: `format` is an
/// SF_FORMAT_* major | subtype.
void write_audio(const fs::path& path, int format, int sample_rate,
                 const std::vector<std::vector<float>>& channels);
/// Reads a file back with libsndfile: channel-major samples.
std::vector<std::vector<float>> read_audio_channels(const fs::path& path);

/// A sine of `hz` at `amplitude` (and a little of a second partial, so that channels differ).
std::vector<float> tone(double hz, int sample_rate, double seconds, double amplitude = 0.5);

/// The size and RGB bytes of a PNG file (libpng's simplified reader); throws when invalid.
struct Png {
  int64_t width = 0, height = 0;
  std::vector<uint8_t> rgb;
};
Png read_png(const fs::path& path);

/// Every file under `folder`, relative to it, sorted.
std::vector<std::string> list_files(const fs::path& folder);

std::string read_text(const fs::path& path);

}  // namespace nnaudio::cli::testing
