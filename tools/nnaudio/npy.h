#pragma once
// NumPy's .npy format (version 1.0), float32 little-endian, C order: what numpy.load reads.

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <vector>

namespace nnaudio::cli {

/// A float32 array in C order.
struct Array {
  std::vector<int64_t> shape;
  std::vector<float> values;
};

void write_npy(std::ostream& out, const Array& array);

/// Reads a float32 C-order .npy file (what write_npy writes); throws std::runtime_error
/// naming the path for anything else.
Array read_npy(const std::filesystem::path& path);

/// The shape of a .npy file that read_npy reads, from its header alone.
std::vector<int64_t> read_npy_shape(const std::filesystem::path& path);

/// Whether `path` is a float32 C-order .npy file whose size is exactly its header's plus the
/// values its shape says: false for a missing, empty, cut short or foreign file.
bool npy_is_complete(const std::filesystem::path& path);

}  // namespace nnaudio::cli
