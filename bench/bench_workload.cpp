// nnaudio_bench: the seed paper's workload (bench/workload.h) as one table of seconds and
// ratios, the numbers of BENCHMARKS.md. Each row's ratio is against its group's LibTorch
// baseline; the last column is against this library's own STFT magnitude.
//
//   nnaudio_bench [--clips 1770] [--samples 80000] [--batch 64] [--repeats 3]
//                 [--device cpu|cuda] [--threads N] [--only stft,conv,mel,derived,cqt,cqt-train]
//                 [--allocator keep|system]
//
// `nnaudio bench` runs the same workload selected by kind, with JSON output.

#include <nnaudio/threads.h>
#include <torch/cuda.h>

#include <iostream>
#include <stdexcept>
#include <string>

#include "workload.h"

namespace {

constexpr const char* kUsage =
    "nnaudio_bench [--clips N] [--samples N] [--batch N] [--repeats N] [--device cpu|cuda] "
    "[--threads N] [--only stft,conv,mel,derived,cqt,cqt-train] [--allocator keep|system]\n"
    "  --allocator system: glibc's own policy instead of keeping freed memory for reuse\n";

struct Settings {
  nnaudio::bench::WorkloadSettings workload;
  int threads = 0;
  bool keep_freed_memory = true;  // --allocator keep (default) or system
  std::string only;               // comma-separated groups; empty: all
};

int64_t positive(const std::string& flag, const std::string& value) {
  std::size_t used = 0;
  long long number = 0;
  try {
    number = std::stoll(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != value.size() || number <= 0) {
    throw std::invalid_argument(flag + "=" + value + " must be a positive integer");
  }
  return number;
}

Settings parse(int argc, char** argv) {
  Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--clips")
      s.workload.clips = positive(flag, value);
    else if (flag == "--samples")
      s.workload.samples = positive(flag, value);
    else if (flag == "--batch")
      s.workload.batch = positive(flag, value);
    else if (flag == "--repeats")
      s.workload.repeats = static_cast<int>(positive(flag, value));
    else if (flag == "--threads")
      s.threads = static_cast<int>(positive(flag, value));
    else if (flag == "--device")
      s.workload.device = value;
    else if (flag == "--only")
      s.only = value;
    else if (flag == "--allocator" && (value == "keep" || value == "system"))
      s.keep_freed_memory = value == "keep";
    else
      throw std::invalid_argument("unknown option " + flag + "\n" + kUsage);
  }
  if (s.workload.device != "cpu" && s.workload.device != "cuda") {
    throw std::invalid_argument("--device=" + s.workload.device + " must be cpu or cuda");
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) try {
  const Settings s = parse(argc, argv);
  if (s.keep_freed_memory) nnaudio::bench::keep_freed_memory();
  if (s.threads > 0) nnaudio::set_num_threads(s.threads);
  if (s.workload.device == "cuda" && !torch::cuda::is_available()) {
    std::cerr << "nnaudio_bench: no CUDA device available\n";
    return 2;
  }
  nnaudio::bench::TablePrinter table(s.workload);
  nnaudio::bench::run_workload(
      s.workload,
      [&](const nnaudio::bench::Case& c) {
        return s.only.empty() ||
               ("," + s.only + ",").find("," + c.group + ",") != std::string::npos;
      },
      [&](const nnaudio::bench::Case& c, const nnaudio::bench::Timing& timing) {
        table.row(c, timing);
      });
  return 0;
} catch (const std::exception& error) {
  std::cerr << "nnaudio_bench: " << error.what() << '\n';
  return 2;
}
