#pragma once
// The index.html overview of `--kind all`: every input with each kind's image, array shape and
// parameters.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nnaudio::cli {

struct IndexEntry {
  std::string input;  ///< as named on the command line or found in a folder
  double sample_rate = 0;
  double seconds = 0;
  int channels = 0;
  struct Output {
    std::string kind;
    std::string image;  ///< relative to the index; empty without PNG output
    std::string array;  ///< relative to the index; empty without .npy output
    std::vector<int64_t> shape;
    std::string parameters;  ///< the module as LibTorch prints it
  };
  std::vector<Output> outputs;
};

/// Writes the page (atomically); `command` is shown at its top.
void write_index(const std::filesystem::path& path, const std::string& command,
                 const std::vector<IndexEntry>& entries);

}  // namespace nnaudio::cli
