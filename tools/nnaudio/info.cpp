// nnaudio info: what libsndfile says about each file.

#include <cstdio>

#include "audio.h"
#include "commands.h"

namespace nnaudio::cli {

int run_info(const std::vector<std::string>& inputs) {
  const auto files = find_inputs(inputs);
  if (files.empty()) throw OptionError("no audio files found in the inputs given");
  int failed = 0;
  for (const auto& file : files) {
    try {
      const AudioInfo info = probe_audio(file.path);
      std::printf("%s: %.3f s, %d Hz, %d channel%s, %lld frames, %s\n", file.path.c_str(),
                  static_cast<double>(info.frames) / info.sample_rate, info.sample_rate,
                  info.channels, info.channels == 1 ? "" : "s", static_cast<long long>(info.frames),
                  info.format.c_str());
      if (!info.warning.empty()) {
        std::fprintf(stderr, "nnaudio: %s: warning: %s\n", file.path.c_str(), info.warning.c_str());
      }
    } catch (const std::exception& error) {
      std::fprintf(stderr, "nnaudio: %s: %s\n", file.path.c_str(), error.what());
      ++failed;
    }
  }
  return failed > 0 ? 1 : 0;
}

}  // namespace nnaudio::cli
