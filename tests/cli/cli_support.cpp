#include "cli_support.h"

#include <fcntl.h>
#include <png.h>
#include <sndfile.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace nnaudio::cli::testing {

TempDir::TempDir() {
  std::random_device random;
  path_ = fs::temp_directory_path() /
          ("nnaudio-cli-" + std::to_string(getpid()) + "-" + std::to_string(random()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

namespace {

/// Starts the program with stdout going to `out` and stderr to `err` (or to `out` when empty),
/// reading standard input from `in` when given.
pid_t spawn(const std::vector<std::string>& args, const fs::path& out, const fs::path& err,
            const fs::path& in = {}) {
  std::vector<std::string> argv_text = {NNAUDIO_CLI};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!in.empty()) {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, in.c_str(), O_RDONLY, 0);
  }
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (err.empty()) {
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  pid_t pid = 0;
  const int error = posix_spawn(&pid, NNAUDIO_CLI, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start " NNAUDIO_CLI);
  return pid;
}

}  // namespace

pid_t start_nnaudio(const std::vector<std::string>& args, const fs::path& log) {
  return spawn(args, log, {});
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

RunResult run_nnaudio(const std::vector<std::string>& args, const fs::path& input) {
  const TempDir logs;
  RunResult result;
  result.status = wait_for(spawn(args, logs / "out", logs / "err", input));
  result.out = read_text(logs / "out");
  result.err = read_text(logs / "err");
  return result;
}

void write_audio(const fs::path& path, int format, int sample_rate,
                 const std::vector<std::vector<float>>& channels) {
  SF_INFO info{};
  info.samplerate = sample_rate;
  info.channels = static_cast<int>(channels.size());
  info.format = format;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) throw std::runtime_error(path.string() + ": " + sf_strerror(nullptr));
  const std::size_t frames = channels.front().size();
  std::vector<float> interleaved(frames * channels.size());
  for (std::size_t t = 0; t < frames; ++t) {
    for (std::size_t c = 0; c < channels.size(); ++c) {
      interleaved[t * channels.size() + c] = channels[c][t];
    }
  }
  sf_writef_float(file, interleaved.data(), static_cast<sf_count_t>(frames));
  sf_close(file);
}

std::vector<std::vector<float>> read_audio_channels(const fs::path& path) {
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  if (file == nullptr) throw std::runtime_error(path.string() + ": " + sf_strerror(nullptr));
  std::vector<float> interleaved(static_cast<std::size_t>(info.frames * info.channels));
  sf_readf_float(file, interleaved.data(), info.frames);
  sf_close(file);
  std::vector<std::vector<float>> channels(
      info.channels, std::vector<float>(static_cast<std::size_t>(info.frames)));
  for (sf_count_t t = 0; t < info.frames; ++t) {
    for (int c = 0; c < info.channels; ++c) channels[c][t] = interleaved[t * info.channels + c];
  }
  return channels;
}

std::vector<float> tone(double hz, int sample_rate, double seconds, double amplitude) {
  const auto count = static_cast<std::size_t>(std::lround(seconds * sample_rate));
  std::vector<float> samples(count);
  for (std::size_t n = 0; n < count; ++n) {
    const double phase = 2 * M_PI * hz * static_cast<double>(n) / sample_rate;
    samples[n] = static_cast<float>(amplitude * (std::sin(phase) + 0.1 * std::sin(2.5 * phase)));
  }
  return samples;
}

Png read_png(const fs::path& path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path.c_str())) {
    throw std::runtime_error(path.string() + ": " + image.message);
  }
  image.format = PNG_FORMAT_RGB;
  Png png{image.width, image.height, std::vector<uint8_t>(PNG_IMAGE_SIZE(image))};
  if (!png_image_finish_read(&image, nullptr, png.rgb.data(), 0, nullptr)) {
    throw std::runtime_error(path.string() + ": " + image.message);
  }
  return png;
}

std::vector<std::string> list_files(const fs::path& folder) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) files.push_back(entry.path().lexically_relative(folder).string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace nnaudio::cli::testing
