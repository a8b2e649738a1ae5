#pragma once
// The seed paper's benchmark workload (nnAudio, IEEE Access 2020): clips of 80,000 samples at
// 44.1 kHz, n_fft 2048, hop 512, 128 mels, CQT from 32.70 Hz with 84 bins at 12 per octave,
// for every nnaudio transform and backend / algorithm beside LibTorch's own baselines. Shared
// by nnaudio_bench (the table of BENCHMARKS.md) and `nnaudio bench`.

// Only the tensor type: the programs that use the workload need not parse all of LibTorch.
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace nnaudio::bench {

struct WorkloadSettings {
  int64_t clips = 1770;
  int64_t samples = 80000;
  int64_t batch = 64;  ///< clips per forward call
  int repeats = 3;     ///< timed passes over all clips; the median is reported
  std::string device = "cpu";
};

using Transform = std::function<at::Tensor(const at::Tensor&)>;

/// One timed transform.
struct Case {
  std::string kind;         ///< stft, mel, mfcc, gammatone, chroma_stft, pcen, cqt, ...
  std::string variant_key;  ///< "backend" or "algorithm"
  std::string variant;      ///< fft, conv, auto, torch, torch-conv1d, 1992, 2010v2, ...
  std::string group;        ///< ratios are taken against the group's baseline
  std::string label;        ///< the row's name in the table
  bool baseline = false;    ///< a LibTorch-only computation, not nnaudio's
  /// Builds the transform on the device (kernels included, before any timing).
  std::function<Transform(const c10::Device&)> build;
  /// Optional: builds what turns the clips into the transform's input, applied to every clip
  /// before the timing, so that the row times the transform alone (PCEN of mel spectrograms).
  std::function<Transform(const c10::Device&)> prepare = nullptr;
};

/// What one case measured.
struct Timing {
  double seconds = 0;  ///< median over the repeats
  /// The most the process's resident memory rose above its level before the case (the clips
  /// and the built transform included), in MiB; negative when the system cannot tell.
  double peak_mib = -1;
};

/// The allocator policy of the programs that run transforms in a loop (`nnaudio`,
/// `nnaudio_bench`): freed memory stays in the process for the next call instead of going back
/// to the system, so a large batch's buffers are first touched once per run rather than once per
/// call (glibc otherwise maps every allocation above 32 MB afresh; fresh pages are slow to
/// touch). An application's choice: the library never changes process-wide state. No effect
/// outside glibc.
void keep_freed_memory();

/// Every case, in table order.
const std::vector<Case>& workload_cases();

/// The kinds that workload_cases() covers, in order.
std::vector<std::string> workload_kinds();

/// `clips` deterministic white-noise clips of `samples` samples, float32, on the device.
at::Tensor make_clips(const WorkloadSettings& settings);

/// Median over `repeats` of the seconds `run` takes over all clips in batches, after one
/// warm-up batch; CUDA work is synchronised before the clock is read.
double time_transform(const Transform& run, const at::Tensor& clips,
                      const WorkloadSettings& settings);

/// Builds and times each selected case in turn, calling `report` with its timing and peak
/// memory (Linux: the peak resident set is reset before each case through
/// /proc/self/clear_refs).
void run_workload(const WorkloadSettings& settings,
                  const std::function<bool(const Case&)>& selected,
                  const std::function<void(const Case&, const Timing&)>& report);

/// The table: a header describing the workload, then one row per case with its seconds, the
/// ratio to its group's baseline and to nnaudio's STFT magnitude (when measured before it).
class TablePrinter {
 public:
  explicit TablePrinter(const WorkloadSettings& settings);
  void row(const Case& c, const Timing& timing);

 private:
  std::vector<std::pair<std::string, double>> baselines_;
  double stft_magnitude_seconds_ = 0;
};

/// One JSON object: kind, backend or algorithm, device, clips, samples, batch, threads, seconds,
/// peak_mib and the table's label of the transform.
std::string json_line(const Case& c, const WorkloadSettings& settings, const Timing& timing);

}  // namespace nnaudio::bench
