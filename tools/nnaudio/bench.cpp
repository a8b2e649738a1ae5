// nnaudio bench: the seed paper's workload (bench/workload.h), selected by kind, as a table or
// as JSON lines.

#include <algorithm>
#include <cstdio>
#include <optional>

#include "commands.h"
#include "workload.h"

namespace nnaudio::cli {

int run_bench(const BenchSettings& settings) {
  const auto known = bench::workload_kinds();
  std::string allowed;
  for (const auto& kind : known) allowed += (allowed.empty() ? "" : ", ") + kind;
  for (const auto& kind : settings.kinds) {
    if (std::find(known.begin(), known.end(), kind) == known.end()) {
      throw OptionError("--kinds: kind='" + kind + "' is not supported; allowed: " + allowed);
    }
  }
  check_device(settings.device);

  bench::WorkloadSettings workload;
  workload.clips = settings.clips;
  workload.device = settings.device;
  workload.repeats = settings.repeats;
  workload.batch = settings.batch;
  std::optional<bench::TablePrinter> table;
  if (!settings.json) table.emplace(workload);
  bench::run_workload(
      workload,
      [&](const bench::Case& c) {
        return settings.kinds.empty() || std::find(settings.kinds.begin(), settings.kinds.end(),
                                                   c.kind) != settings.kinds.end();
      },
      [&](const bench::Case& c, const bench::Timing& timing) {
        if (table) {
          table->row(c, timing);
        } else {
          std::printf("%s\n", bench::json_line(c, workload, timing).c_str());
          std::fflush(stdout);
        }
      });
  return 0;
}

}  // namespace nnaudio::cli
