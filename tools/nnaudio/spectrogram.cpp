// nnaudio spectrogram: plan (which outputs are missing, which files are readable), validate the
// options by building every transform, then decode on one thread while computing and writing
// on this one, batch by batch.

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>

#include <ATen/Context.h>

#include "audio.h"
#include "commands.h"
#include "figure.h"
#include "image.h"
#include "index_html.h"
#include "npy.h"
#include "output_file.h"
#include "progress.h"
#include "svg.h"
#include "transforms.h"

namespace nnaudio::cli {
namespace {

namespace fs = std::filesystem;

/// A batch holds at most this many samples (all channels): long files go one at a time,
/// whatever --batch-size says, so that memory stays bounded.
constexpr int64_t kMaxBatchSamples = int64_t{1} << 24;

struct Job {
  InputFile file;
  std::vector<Kind> pending;  ///< kinds with an output missing (all with --overwrite)
  std::optional<AudioInfo> info;
  std::vector<std::string> errors;
  std::map<Kind, std::vector<int64_t>> shapes;  ///< of the arrays computed in this run
  std::map<Kind, Readout> readouts;             ///< of the figures drawn in this run, for the index
};

/// What the decoding thread hands over: the audio of one batch, stacked.
struct Decoded {
  std::vector<Job*> jobs;  ///< every job of the batch, decoded or not
  std::vector<Job*> decoded;
  std::vector<float> audio;  ///< (decoded, channels, time)
  int64_t channels = 0, time = 0;
  double sample_rate = 0;
};

/// A queue of at most `capacity` items between one producer and one consumer.
template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}
  /// False when the queue was closed (the consumer gave up).
  bool push(T item) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    changed_.notify_all();
    return true;
  }
  /// Empty once the queue is closed and drained.
  std::optional<T> pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    changed_.notify_all();
    return item;
  }
  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::deque<T> items_;
  bool closed_ = false;
  std::mutex mutex_;
  std::condition_variable changed_;
};

struct Outputs {
  fs::path folder;
  bool npy = true, png = true, svg = false;
  fs::path path(const Job& job, Kind kind, const char* extension) const {
    return folder / (job.file.relative.string() + "." + to_string(kind) + extension);
  }
  /// Whether the outputs of `kind` exist whole (an empty or cut short file is redone).
  bool complete(const Job& job, Kind kind) const {
    return (!npy || npy_is_complete(path(job, kind, ".npy"))) &&
           (!png || png_is_complete(path(job, kind, ".png"))) &&
           (!svg || svg_is_complete(path(job, kind, ".svg")));
  }
  /// Removes what interrupted runs left in the folders of these jobs' outputs.
  int remove_stale_temporaries(const std::vector<Job>& jobs) const {
    std::set<fs::path> folders{folder};
    for (const Job& job : jobs) folders.insert(path(job, Kind{}, "").parent_path());
    int removed = 0;
    for (const auto& each : folders) removed += cli::remove_stale_temporaries(each);
    return removed;
  }
};

std::vector<Kind> resolve_kinds(const std::vector<std::string>& names, bool all) {
  if (all) return all_kinds();
  std::vector<Kind> kinds;
  for (const auto& name : names) {
    const Kind kind = parse_kind(name);
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
  }
  return kinds;
}

/// One job per input file, refusing two inputs whose outputs would have the same name.
std::vector<Job> make_jobs(const std::vector<InputFile>& inputs, const fs::path& folder) {
  std::vector<Job> jobs;
  std::map<fs::path, fs::path> owners;
  for (const auto& input : inputs) {
    const auto [owner, fresh] = owners.emplace(input.relative, input.path);
    if (!fresh) {
      throw OptionError("inputs " + owner->second.string() + " and " + input.path.string() +
                        " would both write " + (folder / input.relative).string() +
                        ".*; convert them into different output folders");
    }
    jobs.push_back({input, {}, std::nullopt, {}, {}, {}});
  }
  if (jobs.empty()) throw OptionError("no audio files found in the inputs given");
  return jobs;
}

/// Groups the readable jobs with work to do into batches of equal length, rate and channels,
/// in input order.
std::vector<std::vector<Job*>> make_batches(std::vector<Job>& jobs, int64_t batch_size,
                                            bool keep_channels) {
  using Key = std::tuple<int64_t, int, int, std::vector<Kind>>;
  std::map<Key, std::size_t> open;  // key -> index of the batch still being filled
  std::vector<std::vector<Job*>> batches;
  for (Job& job : jobs) {
    if (job.pending.empty() || !job.errors.empty()) continue;
    const AudioInfo& info = *job.info;
    const int channels = keep_channels ? info.channels : 1;
    const int64_t limit =
        std::clamp<int64_t>(kMaxBatchSamples / (info.frames * channels), 1, batch_size);
    const Key key{info.frames, info.sample_rate, channels, job.pending};
    const auto found = open.find(key);
    if (found == open.end() || static_cast<int64_t>(batches[found->second].size()) >= limit) {
      open[key] = batches.size();
      batches.push_back({});
    }
    batches[open[key]].push_back(&job);
  }
  return batches;
}

void decode_batches(const std::vector<std::vector<Job*>>& batches,
                    const SpectrogramSettings& settings, BoundedQueue<Decoded>& queue) {
  for (const auto& batch : batches) {
    Decoded item;
    item.jobs = batch;
    for (Job* job : batch) {
      try {
        Audio audio = read_audio(job->file.path, settings.keep_channels, settings.sample_rate);
        if (item.decoded.empty()) {
          item.channels = audio.channels;
          item.time = audio.frames;
          item.sample_rate = audio.sample_rate;
        } else if (audio.channels != item.channels || audio.frames != item.time) {
          throw std::runtime_error("changed while being read");
        }
        item.audio.insert(item.audio.end(), audio.samples.begin(), audio.samples.end());
        item.decoded.push_back(job);
      } catch (const std::exception& error) {
        job->errors.push_back(error.what());
      }
    }
    if (!queue.push(std::move(item))) return;
  }
  queue.close();
}

/// The figure of one output: the array with the transform's axes, titled with the input and
/// the kind.
Figure figure_of(const Job& job, Kind kind, const Array& array, const TransformSet& transforms,
                 double top_db, Colormap colormap) {
  const std::string title = (job.file.relative.parent_path() / job.file.path.filename()).string() +
                            ": " + to_string(kind);
  return make_figure(array, transforms.image_scale(kind), transforms.figure_axes(kind), top_db,
                     colormap, title);
}

class Converter {
 public:
  /// `readouts`: keep each figure's read-out with its job, for the index.
  Converter(const SpectrogramSettings& settings, const Outputs& outputs, Colormap colormap,
            bool readouts)
      : settings_(settings),
        outputs_(outputs),
        colormap_(colormap),
        top_db_(settings.transform.top_db.value_or(80.0)),
        readouts_(readouts) {}

  /// Computes every pending kind of a decoded batch and writes its outputs; errors are kept
  /// with the jobs.
  void convert(const Decoded& item, const TransformSet& transforms) const {
    const auto batch = static_cast<int64_t>(item.decoded.size());
    for (Kind kind : item.decoded.front()->pending) {
      std::vector<Array> arrays;
      try {
        arrays = transforms.compute(kind, item.audio.data(), batch, item.channels, item.time,
                                    settings_.keep_channels);
      } catch (const std::exception& error) {
        for (Job* job : item.decoded) job->errors.push_back(to_string(kind) + ": " + error.what());
        continue;
      }
      for (int64_t i = 0; i < batch; ++i) {
        Job& job = *item.decoded[i];
        try {
          write(job, kind, arrays[i], transforms);
          job.shapes[kind] = arrays[i].shape;
        } catch (const std::exception& error) {
          job.errors.push_back(error.what());
        }
      }
    }
  }

  double top_db() const { return top_db_; }
  Colormap colormap() const { return colormap_; }

 private:
  void write(Job& job, Kind kind, const Array& array, const TransformSet& transforms) const {
    if (outputs_.npy) {
      write_atomically(outputs_.path(job, kind, ".npy"),
                       [&](std::ostream& out) { write_npy(out, array); });
    }
    if (!outputs_.png && !outputs_.svg) return;
    const Figure figure = figure_of(job, kind, array, transforms, top_db_, colormap_);
    if (outputs_.png) {
      const Image image = figure_png(figure);
      write_atomically(outputs_.path(job, kind, ".png"),
                       [&](std::ostream& out) { write_png(out, image); });
    }
    if (outputs_.svg) {
      write_atomically(outputs_.path(job, kind, ".svg"),
                       [&](std::ostream& out) { out << figure_svg(figure); });
    }
    if (readouts_) job.readouts[kind] = make_readout(figure);
  }

  const SpectrogramSettings& settings_;
  const Outputs& outputs_;
  Colormap colormap_;
  double top_db_;
  bool readouts_;
};

std::string describe_errors(const Job& job) {
  std::string text = "nnaudio: " + job.file.path.string() + ": ";
  for (std::size_t i = 0; i < job.errors.size(); ++i) text += (i ? "; " : "") + job.errors[i];
  return text;
}

using TransformSets = std::map<double, std::unique_ptr<TransformSet>>;

/// The read-out of an output drawn in an earlier run (skipped in this one), from its array;
/// none without the array.
std::optional<Readout> earlier_readout(const Job& job, Kind kind, const Outputs& outputs,
                                       const TransformSet& transforms, const Converter& converter) {
  const fs::path array = outputs.path(job, kind, ".npy");
  if (!outputs.npy || !npy_is_complete(array)) return std::nullopt;
  try {
    return make_readout(figure_of(job, kind, read_npy(array), transforms, converter.top_db(),
                                  converter.colormap()));
  } catch (const std::exception&) {
    return std::nullopt;  // an array that is not ours any more: the page shows no read-out
  }
}

std::vector<IndexEntry> index_entries(const std::vector<Job>& jobs, const Outputs& outputs,
                                      const std::vector<Kind>& kinds, const TransformSets& sets,
                                      const SpectrogramSettings& settings,
                                      const Converter& converter) {
  std::vector<IndexEntry> entries;
  const fs::path folder = fs::absolute(outputs.folder).lexically_normal();
  for (const Job& job : jobs) {
    if (!job.errors.empty() || !job.info) continue;
    const double rate = settings.sample_rate.value_or(job.info->sample_rate);
    const TransformSet& transforms = *sets.at(rate);
    IndexEntry entry{
        job.file.path.string(),
        fs::absolute(job.file.path).lexically_normal().lexically_relative(folder).string(),
        rate,
        static_cast<double>(job.info->frames) / job.info->sample_rate,
        job.info->channels,
        {}};
    for (Kind kind : kinds) {
      IndexEntry::Output output{to_string(kind), "", "", {}, transforms.describe(kind), {}};
      const auto relative = [&](const char* extension) {
        return outputs.path(job, kind, extension).lexically_relative(outputs.folder).string();
      };
      if (outputs.png || outputs.svg) output.figure = relative(outputs.png ? ".png" : ".svg");
      if (outputs.npy) output.array = relative(".npy");
      const auto computed = job.shapes.find(kind);
      if (computed != job.shapes.end()) {
        output.shape = computed->second;
      } else if (outputs.npy) {
        try {
          output.shape = read_npy_shape(outputs.path(job, kind, ".npy"));
        } catch (const std::runtime_error&) {
          // An array that is not ours any more: the page shows no shape for it.
        }
      }
      const auto drawn = job.readouts.find(kind);
      if (drawn != job.readouts.end()) {
        output.readout = drawn->second;
      } else if (!output.figure.empty()) {
        output.readout = earlier_readout(job, kind, outputs, transforms, converter);
      }
      entry.outputs.push_back(std::move(output));
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

/// The jobs of the inputs with the kinds each still needs, and the header of every file with
/// work to do (of every file when `describe_all`, for the index); unreadable files are reported.
std::vector<Job> plan_jobs(const SpectrogramSettings& settings, const std::vector<Kind>& kinds,
                           const Outputs& outputs, bool describe_all) {
  std::vector<Job> jobs = make_jobs(find_inputs(settings.inputs), outputs.folder);
  const int stale = outputs.remove_stale_temporaries(jobs);
  if (stale > 0 && !settings.quiet) {
    std::fprintf(stderr, "nnaudio: removed %d temporary file%s left by an interrupted run\n", stale,
                 stale == 1 ? "" : "s");
  }
  for (Job& job : jobs) {
    for (Kind kind : kinds) {
      if (settings.overwrite || !outputs.complete(job, kind)) job.pending.push_back(kind);
    }
    if (job.pending.empty() && !describe_all) continue;
    try {
      job.info = probe_audio(job.file.path);
      if (!job.info->warning.empty()) {
        std::fprintf(stderr, "nnaudio: %s: warning: %s\n", job.file.path.c_str(),
                     job.info->warning.c_str());
      }
    } catch (const std::exception& error) {
      job.errors.push_back(error.what());
      std::fprintf(stderr, "%s\n", describe_errors(job).c_str());
    }
  }
  return jobs;
}

/// The transforms at every rate the jobs need (each file's own, or --sr), built before any
/// output is written: options invalid at some rate stop the run with status 2, and the kernels
/// are ready when the first batch arrives.
TransformSets build_transforms(const SpectrogramSettings& settings, const std::vector<Kind>& kinds,
                               const std::vector<Job>& jobs) {
  TransformSets sets;
  const auto build = [&](double rate) {
    if (!sets.count(rate)) {
      sets[rate] = std::make_unique<TransformSet>(settings.transform, kinds, rate, settings.device);
    }
  };
  for (const Job& job : jobs) {
    if (job.info) build(settings.sample_rate.value_or(job.info->sample_rate));
  }
  if (sets.empty()) build(settings.sample_rate.value_or(22050.0));  // still check the options
  return sets;
}

/// Decodes batch after batch on one thread while this one computes and writes them.
void convert_all(std::vector<Job>& jobs, const SpectrogramSettings& settings,
                 const TransformSets& sets, const Converter& converter) {
  const auto batches = make_batches(jobs, settings.batch_size, settings.keep_channels);
  int64_t total = 0;
  for (const auto& batch : batches) total += static_cast<int64_t>(batch.size());
  Progress progress(total, !settings.quiet);
  BoundedQueue<Decoded> queue(2);
  std::thread decoder(decode_batches, std::cref(batches), std::cref(settings), std::ref(queue));
  try {
    while (auto item = queue.pop()) {
      if (!item->decoded.empty()) converter.convert(*item, *sets.at(item->sample_rate));
      for (const Job* job : item->jobs) {
        if (!job->errors.empty()) progress.message(describe_errors(*job));
        progress.advance();
      }
    }
  } catch (...) {
    queue.close();
    decoder.join();
    throw;
  }
  decoder.join();
}

}  // namespace

int run_spectrogram(const SpectrogramSettings& settings) {
  const bool all = std::count(settings.kinds.begin(), settings.kinds.end(), "all") > 0;
  const std::vector<Kind> kinds = resolve_kinds(settings.kinds, all);
  // Same input, same output: fixed FFT plans (and any deterministic choice torch makes), so
  // that a rerun or a different --batch-size reproduces the arrays bit for bit.
  at::globalContext().setDeterministicAlgorithms(!settings.fast_fft, /*warn_only=*/true);
  check_options(settings.transform, kinds);
  check_device(settings.device);
  Colormap colormap;
  try {
    colormap = parse_colormap(settings.colormap);
  } catch (const std::invalid_argument& error) {
    throw OptionError(std::string("--colormap: ") + error.what());
  }
  // npy, png, svg; both: npy and png (as before svg existed); all: the three.
  const std::string& format = settings.format;
  const Outputs outputs{settings.output_dir, format == "npy" || format == "both" || format == "all",
                        format == "png" || format == "both" || format == "all",
                        format == "svg" || format == "all"};
  std::vector<Job> jobs = plan_jobs(settings, kinds, outputs, all);
  const TransformSets sets = build_transforms(settings, kinds, jobs);

  install_interrupt_cleanup();
  const Converter converter(settings, outputs, colormap, all);
  convert_all(jobs, settings, sets, converter);

  int64_t converted = 0, skipped = 0, failed = 0;
  for (const Job& job : jobs) {
    if (!job.errors.empty()) {
      ++failed;
    } else if (job.pending.empty()) {
      ++skipped;
    } else {
      ++converted;
    }
  }
  const bool index = all && converted + skipped > 0;
  const fs::path index_path = outputs.folder / "index.html";
  if (index) {
    write_index(index_path, settings.command_line,
                index_entries(jobs, outputs, kinds, sets, settings, converter));
  }
  if (!settings.quiet) {
    std::printf(
        "%lld converted, %lld skipped (outputs exist; --overwrite recomputes them), "
        "%lld failed; outputs in %s\n",
        static_cast<long long>(converted), static_cast<long long>(skipped),
        static_cast<long long>(failed), outputs.folder.string().c_str());
    if (index) std::printf("overview: %s\n", index_path.string().c_str());
  }
  return failed > 0 ? 1 : 0;
}

}  // namespace nnaudio::cli
