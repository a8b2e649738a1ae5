#include "npy.h"

#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>

namespace nnaudio::cli {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;

}  // namespace

void write_npy(std::ostream& out, const Array& array) {
  std::string shape;
  for (int64_t size : array.shape) shape += (shape.empty() ? "" : ", ") + std::to_string(size);
  if (array.shape.size() == 1) shape += ',';
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
  // Magic (6) + version (2) + length (2) + header + '\n' is padded to a multiple of 64 bytes.
  header.append(63 - (10 + header.size()) % 64, ' ');
  header += '\n';
  const auto length = static_cast<uint16_t>(header.size());
  out.write(kMagic, kMagicSize);
  const char version_and_length[] = {1, 0, static_cast<char>(length & 0xff),
                                     static_cast<char>(length >> 8)};
  out.write(version_and_length, sizeof version_and_length);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  // '<f4' is little-endian, as x86-64 and ARM64 Linux are.
  out.write(reinterpret_cast<const char*>(array.values.data()),
            static_cast<std::streamsize>(array.values.size() * sizeof(float)));
}

namespace {

/// Opens a float32 C-order .npy file, leaving `in` at its data; returns the shape.
std::vector<int64_t> read_header(std::ifstream& in, const std::filesystem::path& path) {
  const auto fail = [&](const std::string& why) {
    return std::runtime_error(path.string() + ": " + why);
  };
  if (!in) throw fail("cannot open");
  char prefix[10] = {};
  in.read(prefix, sizeof prefix);
  if (!in || std::string(prefix, kMagicSize) != std::string(kMagic, kMagicSize) || prefix[6] != 1) {
    throw fail("not a version 1.0 .npy file");
  }
  const std::size_t length =
      static_cast<unsigned char>(prefix[8]) | (static_cast<unsigned char>(prefix[9]) << 8);
  std::string header(length, '\0');
  in.read(header.data(), static_cast<std::streamsize>(length));
  std::smatch shape_text;
  if (!in || header.find("'descr': '<f4'") == std::string::npos ||
      header.find("'fortran_order': False") == std::string::npos ||
      !std::regex_search(header, shape_text, std::regex(R"('shape': \(([^)]*)\))"))) {
    throw fail("not a float32 C-order array");
  }
  std::vector<int64_t> shape;
  const std::string sizes = shape_text[1].str();
  const std::regex number(R"(\d+)");
  for (std::sregex_iterator it(sizes.begin(), sizes.end(), number), end; it != end; ++it) {
    shape.push_back(std::stoll(it->str()));
  }
  return shape;
}

}  // namespace

Array read_npy(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  Array array;
  array.shape = read_header(in, path);
  std::size_t count = 1;
  for (int64_t size : array.shape) count *= static_cast<std::size_t>(size);
  array.values.resize(count);
  in.read(reinterpret_cast<char*>(array.values.data()),
          static_cast<std::streamsize>(count * sizeof(float)));
  if (!in) throw std::runtime_error(path.string() + ": holds fewer values than its shape says");
  return array;
}

std::vector<int64_t> read_npy_shape(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return read_header(in, path);
}

bool npy_is_complete(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  try {
    const auto shape = read_header(in, path);
    std::uintmax_t count = 1;
    for (int64_t size : shape) count *= static_cast<std::uintmax_t>(size);
    const auto data_start = static_cast<std::uintmax_t>(in.tellg());
    std::error_code error;
    return std::filesystem::file_size(path, error) == data_start + count * sizeof(float) && !error;
  } catch (const std::runtime_error&) {
    return false;
  }
}

}  // namespace nnaudio::cli
