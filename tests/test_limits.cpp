// Memory limits (nnaudio/memory.h): options or inputs too large are refused with a message
// before anything large is allocated, and the kernel estimate covers what building really takes.
// Peak memory is the process's high-water mark (VmHWM), reset through /proc/self/clear_refs.

#include <gtest/gtest.h>
#include <malloc.h>
#include <torch/torch.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "nnaudio/nnaudio.h"

namespace nnaudio::test {
namespace {

constexpr int64_t kMiB = int64_t{1} << 20;

int64_t status_kib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoll(line.substr(field.size() + 1));
  }
  ADD_FAILURE() << field << " missing from /proc/self/status";
  return 0;
}

/// How far the resident memory's high-water mark rises above the current use while `run` runs.
int64_t peak_growth_bytes(const std::function<void()>& run) {
  malloc_trim(0);  // memory freed earlier, still resident, would hide the growth
  std::ofstream("/proc/self/clear_refs") << "5";  // resets VmHWM to the current VmRSS
  const int64_t before = status_kib("VmRSS");
  EXPECT_LE(status_kib("VmHWM"), before + 1024) << "VmHWM was not reset";
  run();
  return (status_kib("VmHWM") - before) * 1024;
}

/// The message `build` throws.
std::string error_of(const std::function<void()>& build) {
  try {
    build();
  } catch (const std::exception& error) {
    return error.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

/// The size a kernel-limit message gives ("... would take 12.5 MiB to build ..."), in bytes.
double estimate_in_message(const std::string& message) {
  const std::string marker = "would take ";
  const auto at = message.find(marker);
  EXPECT_NE(at, std::string::npos) << message;
  if (at == std::string::npos) return 0;
  return std::stod(message.substr(at + marker.size())) * kMiB;
}

struct Oversized {
  std::string name;
  std::function<void()> build;
  std::string advice;
};

TEST(KernelLimits, EveryModuleRefusesOversizedKernelsBeforeAllocating) {
  // The sizes users met: a 16M-point mel spectrogram (8.7 GB), n_fft = 2^31 (an 8 GiB window),
  // a CFP with a 0.001 Hz resolution, a CQT down to 0.01 Hz.
  const std::vector<Oversized> cases = {
      {"STFT", [] { STFT(STFTOptions(int64_t{1} << 31)); }, "lower n_fft"},
      {"STFT conv", [] { STFT(STFTOptions(int64_t{1} << 20).trainable(true)); }, "lower n_fft"},
      {"iSTFT", [] { ISTFT(ISTFTOptions(int64_t{1} << 31)); }, "lower n_fft"},
      {"GriffinLim", [] { GriffinLim(GriffinLimOptions(int64_t{1} << 31)); }, "lower n_fft"},
      {"MelSpectrogram", [] { MelSpectrogram(MelSpectrogramOptions(22050).n_fft(16777216)); },
       "lower n_fft or n_mels"},
      {"MFCC", [] { MFCC(MFCCOptions(22050).n_fft(16777216)); }, "lower n_fft or n_mels"},
      {"Gammatonegram", [] { Gammatonegram(GammatonegramOptions(22050).n_fft(16777216)); },
       "lower n_fft or n_bins"},
      {"CFP", [] { CFP(CFPOptions().fr(0.0001)); }, "raise fr"},
      {"CQT", [] { CQT(CQTOptions(22050).fmin(0.01).algorithm(CQTAlgorithm::CQT1992v2)); },
       "raise fmin"},
  };
  for (const auto& each : cases) {
    std::string message;
    const int64_t growth = peak_growth_bytes([&] { message = error_of(each.build); });
    EXPECT_NE(message.find("above max_kernel_bytes = 1024 MiB"), std::string::npos)
        << each.name << ": " << message;
    EXPECT_NE(message.find(each.advice), std::string::npos) << each.name << ": " << message;
    EXPECT_GT(estimate_in_message(message), double{int64_t{1} << 30}) << each.name;
    // Refused before building: the high-water mark barely moves (allocator noise, the few
    // small tensors made before the check).
    EXPECT_LT(growth, 32 * kMiB) << each.name;
  }
}

TEST(KernelLimits, TheLimitIsEachModulesOption) {
  // A 4096-point trainable STFT's kernels take 4 x 8 x 2049 x 4096 bytes to build.
  const auto small = STFTOptions(4096).trainable(true).max_kernel_bytes(kMiB);
  const auto message = error_of([&] { STFT{small}; });
  EXPECT_EQ(message.rfind("STFT: the window and Fourier kernels (n_fft=4096) would take ", 0), 0u)
      << message;
  // At least the float64 cosines and sines themselves.
  EXPECT_GE(estimate_in_message(message), 2.0 * 8 * 2049 * 4096);
  EXPECT_NE(message.find("max_kernel_bytes = 1 MiB"), std::string::npos) << message;
  EXPECT_NO_THROW(STFT(STFTOptions(4096).trainable(true)));
  // The framing options carry it to the bank and to the STFT inside.
  EXPECT_NE(error_of([] {
              MelSpectrogram(MelSpectrogramOptions(22050).max_kernel_bytes(kMiB));
            }).find("MelSpectrogram: the mel filter bank"),
            std::string::npos);
  EXPECT_NE(
      error_of([] { MFCC(MFCCOptions(22050).max_kernel_bytes(kMiB)); }).find("the mel filter bank"),
      std::string::npos);
  EXPECT_NE(error_of([] {
              STFT(STFTOptions(512).max_kernel_bytes(0));
            }).find("max_kernel_bytes=0 must be positive"),
            std::string::npos);
}

TEST(KernelLimits, TheEstimateCoversWhatBuildingTakes) {
  struct Build {
    std::string name;
    std::function<void(int64_t)> build;  ///< with this max_kernel_bytes
  };
  const std::vector<Build> builds = {
      {"CQT1992v2",
       [](int64_t limit) {
         CQT(CQTOptions(22050)
                 .fmin(8.0)
                 .n_bins(72)
                 .algorithm(CQTAlgorithm::CQT1992v2)
                 .max_kernel_bytes(limit));
       }},
      {"CQT1992",
       [](int64_t limit) {
         CQT(CQTOptions(22050)
                 .fmin(8.0)
                 .n_bins(72)
                 .algorithm(CQTAlgorithm::CQT1992)
                 .max_kernel_bytes(limit));
       }},
      {"STFT conv",
       [](int64_t limit) { STFT(STFTOptions(2048).trainable(true).max_kernel_bytes(limit)); }},
      {"MelSpectrogram",
       [](int64_t limit) {
         MelSpectrogram(MelSpectrogramOptions(22050).n_fft(1 << 17).max_kernel_bytes(limit));
       }},
      {"Gammatonegram",
       [](int64_t limit) {
         Gammatonegram(GammatonegramOptions(22050).n_fft(1 << 16).max_kernel_bytes(limit));
       }},
      {"CFP", [](int64_t limit) { CFP(CFPOptions().fr(0.5).max_kernel_bytes(limit)); }},
  };
  for (const auto& each : builds) {
    const double estimate = estimate_in_message(error_of([&] { each.build(1); }));
    const int64_t growth = peak_growth_bytes([&] { each.build(kDefaultMaxKernelBytes); });
    // Measured (MiB, estimate / peak): CQT1992v2 288 / 218, CQT1992 288 / 272, STFT conv
    // 112 / 96, MelSpectrogram 520 / 418, Gammatonegram 32 / 17.8, CFP 6 / 3.0.
    EXPECT_LE(static_cast<double>(growth), estimate) << each.name;
    // Not so loose that it would refuse what fits: within 6x of the real peak.
    EXPECT_LE(estimate, 6.0 * static_cast<double>(growth)) << each.name;
  }
}

/// Sets the call limit for one test and puts the previous one back.
class CallLimit {
 public:
  explicit CallLimit(int64_t bytes) : previous_(max_call_bytes()) { set_max_call_bytes(bytes); }
  ~CallLimit() { set_max_call_bytes(previous_); }
  CallLimit(const CallLimit&) = delete;
  CallLimit& operator=(const CallLimit&) = delete;

 private:
  int64_t previous_;
};

TEST(CallLimits, DefaultIsThePhysicalMemory) {
  std::ifstream meminfo("/proc/meminfo");
  std::string field;
  int64_t kib = 0;
  meminfo >> field >> kib;
  ASSERT_EQ(field, "MemTotal:");
  EXPECT_EQ(max_call_bytes(), kib * 1024);
}

TEST(CallLimits, ACallAboveTheLimitIsRefusedBeforeAllocating) {
  const auto signal = torch::zeros({4, 1000000});
  STFT stft(STFTOptions(2048).output_format(OutputFormat::Magnitude));
  CQT cqt(CQTOptions(22050));
  ISTFT istft(ISTFTOptions(512));
  const auto spectrum = torch::zeros({4, 257, 8000, 2});
  // 4 signals: 16 MB of padded input, 32 MB of magnitudes (STFT); 100 MB of complex CQT.
  const CallLimit limit(8 * kMiB);
  const std::vector<std::pair<std::string, std::function<void()>>> calls = {
      {"STFT", [&] { stft(signal); }},
      {"CQT", [&] { cqt(signal); }},
      {"iSTFT", [&] { istft(spectrum); }},
  };
  for (const auto& [name, call] : calls) {
    std::string message;
    const int64_t growth = peak_growth_bytes([&] { message = error_of(call); });
    EXPECT_EQ(message.rfind(name + ": this call would allocate", 0), 0u) << message;
    EXPECT_NE(message.find("above the limit of 8 MiB"), std::string::npos) << message;
    EXPECT_NE(message.find("set_max_call_bytes"), std::string::npos) << message;
    EXPECT_LT(growth, 4 * kMiB) << name;
  }
  EXPECT_NE(error_of([&] { stft(signal); }).find("[4, 1000000]"), std::string::npos);
  EXPECT_NO_THROW(stft(signal.narrow(-1, 0, 50000)));  // 0.5 + 0.8 MB
  EXPECT_THROW(set_max_call_bytes(0), std::invalid_argument);
}

}  // namespace
}  // namespace nnaudio::test
