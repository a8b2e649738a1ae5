#include "support/npy.h"

#include <cstring>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <vector>

namespace nnaudio::test {

torch::Tensor load_npy(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot open " + path);
  char magic[8];
  file.read(magic, 8);
  if (!file || std::memcmp(magic, "\x93NUMPY", 6) != 0) {
    throw std::runtime_error(path + " is not a .npy file");
  }
  uint32_t header_length = 0;
  if (magic[6] == 1) {
    uint16_t short_length = 0;
    file.read(reinterpret_cast<char*>(&short_length), 2);
    header_length = short_length;
  } else {
    file.read(reinterpret_cast<char*>(&header_length), 4);
  }
  std::string header(header_length, '\0');
  file.read(header.data(), header_length);
  if (header.find("'descr': '<f8'") == std::string::npos ||
      header.find("'fortran_order': False") == std::string::npos) {
    throw std::runtime_error(path + ": only little-endian float64 C-order arrays are supported");
  }
  std::smatch match;
  if (!std::regex_search(header, match, std::regex(R"('shape':\s*\(([^)]*)\))"))) {
    throw std::runtime_error(path + ": no shape in the header");
  }
  std::vector<int64_t> shape;
  const std::string dims = match[1];
  const std::regex number(R"(\d+)");
  for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it) {
    shape.push_back(std::stoll(it->str()));
  }
  auto tensor = torch::empty(shape, torch::kFloat64);
  file.read(reinterpret_cast<char*>(tensor.data_ptr<double>()),
            static_cast<std::streamsize>(tensor.numel() * sizeof(double)));
  if (!file) throw std::runtime_error(path + ": truncated data");
  return tensor;
}

void save_npy(const torch::Tensor& tensor, const std::string& path) {
  const auto data = tensor.contiguous().cpu();
  const char* descr = data.scalar_type() == torch::kFloat64 ? "<f8" : "<f4";
  std::string shape;
  for (auto d : data.sizes()) shape += std::to_string(d) + ", ";
  if (data.dim() > 1) shape.erase(shape.size() - 2);
  std::string header =
      "{'descr': '" + std::string(descr) + "', 'fortran_order': False, 'shape': (" + shape + "), }";
  header.append(63 - (10 + header.size()) % 64, ' ');
  header += '\n';
  std::ofstream file(path, std::ios::binary);
  const uint16_t length = static_cast<uint16_t>(header.size());
  file.write("\x93NUMPY\x01\x00", 8);
  file.write(reinterpret_cast<const char*>(&length), 2);
  file << header;
  file.write(static_cast<const char*>(data.data_ptr()),
             static_cast<std::streamsize>(data.numel() * data.element_size()));
}

}  // namespace nnaudio::test
