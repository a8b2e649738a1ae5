// What a C++ deployment of a model trained with nnaudio_cpp does: load the operator library,
// then the TorchScript model saved from Python, and run it. The program links LibTorch only.
//
// Usage: nnaudio_load_scripted OPERATOR_LIBRARY MODEL INPUT OUTPUT
//   INPUT: a tensor saved by Python's torch.save; OUTPUT: the model's output, which Python's
//   torch.load reads.

#include <dlfcn.h>
#include <torch/script.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

std::vector<char> read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s OPERATOR_LIBRARY MODEL INPUT OUTPUT\n", argv[0]);
    return 2;
  }
  if (!dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL)) {
    std::fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
    return 1;
  }
  try {
    auto model = torch::jit::load(argv[2]);
    const auto input = torch::jit::pickle_load(read_file(argv[3])).toTensor();
    const auto output = model.forward(std::vector<torch::jit::IValue>{input}).toTensor();
    const auto bytes = torch::jit::pickle_save(output);
    std::ofstream(argv[4], std::ios::binary).write(bytes.data(), bytes.size());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
  return 0;
}
