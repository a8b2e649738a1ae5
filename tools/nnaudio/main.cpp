// nnaudio: audio files in, spectrogram arrays and images out.
//
//   nnaudio spectrogram INPUT... -o OUTDIR --kind KIND [options]
//   nnaudio info INPUT...
//   nnaudio stream --kind KIND --sr RATE [options] < raw PCM > frames
//   nnaudio bench [--clips N] [--device cpu|cuda] [--kinds stft,mel,cqt,...] [--json]

#include <nnaudio/threads.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "commands.h"
#include "workload.h"

namespace {

using nnaudio::cli::TransformOptions;

/// A check that a number lies in (low, high] (or [low, high] when `low_included`), whose message
/// says what is allowed in the option's unit (CLI11's own range check prints 300 digits).
CLI::Validator within(double low, double high, bool low_included, const std::string& what) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        double value = 0;
        try {
          std::size_t used = 0;
          value = std::stod(text, &used);
          if (used != text.size()) throw std::invalid_argument(text);
        } catch (const std::exception&) {
          return "'" + text + "' is not a number";
        }
        const bool above = low_included ? value >= low : value > low;
        if (above && value <= high) return {};
        std::ostringstream message;
        message << text << " must be " << what;
        return message.str();
      },
      "");
}

/// An option whose absence leaves the library's default in place.
template <typename T>
CLI::Option* add_optional(CLI::App* app, const std::string& name, std::optional<T>& target,
                          const std::string& help) {
  return app->add_option_function<T>(
      name, [&target](const T& value) { target = value; }, help);
}

void add_transform_options(CLI::App* app, TransformOptions& t) {
  const std::string group = "Transform options (library defaults when not given)";
  const auto add = [&](auto name, auto& target, const std::string& help) {
    add_optional(app, name, target, help)->group(group);
  };
  add_optional(app, "--n-fft", t.n_fft,
               "FFT length (2048), at most 1048576 [stft mel mfcc gammatone]")
      ->group(group)
      ->check(within(1, 1 << 20, true, "a whole number of samples from 1 to 1048576 (2^20)"));
  add("--hop-length", t.hop_length,
      "samples between frames (win-length/4; cqt/vqt/hybrid_cqt/pseudo_cqt 512, cfp 320) "
      "[all kinds]");
  add("--win-length", t.win_length, "window length, <= n-fft (n-fft) [stft mel mfcc gammatone]");
  add("--window", t.window,
      "a scipy.signal.get_window name: hann, hamming, blackman, blackmanharris, bartlett, "
      "boxcar, triang, cosine, flattop, nuttall, parzen, bohman, barthann, lanczos, kaiser:BETA, "
      "gaussian:STD, tukey[:ALPHA], general_hamming:ALPHA, exponential[:TAU], chebwin:AT, "
      "dpss:NW, or one of scipy's aliases (ones, rect, hamm, ksr:BETA, ...) (hann) "
      "[stft mel mfcc gammatone cqt vqt hybrid_cqt pseudo_cqt]");
  app->add_flag_function(
         "--center,!--no-center", [&t](int64_t count) { t.center = count > 0; },
         "centre frames on t * hop-length (on) [stft mel mfcc gammatone cqt vqt hybrid_cqt "
         "pseudo_cqt]")
      ->group(group);
  add("--pad-mode", t.pad_mode,
      "constant or reflect (constant; gammatone reflect) [stft mel mfcc gammatone cqt vqt "
      "hybrid_cqt pseudo_cqt]");
  add("--freq-scale", t.freq_scale, "no, linear, log or log2 bin grid (no) [stft]");
  add("--fmin", t.fmin,
      "Hz: lowest bin (stft grids 50, mel 0, gammatone 0, cqt/vqt/hybrid_cqt/pseudo_cqt 32.70) "
      "[stft mel mfcc gammatone cqt vqt hybrid_cqt pseudo_cqt]");
  add("--fmax", t.fmax,
      "Hz: highest frequency (stft grids 6000, mel/gammatone sr/2, cqt/vqt from n-bins) "
      "[stft mel mfcc gammatone cqt vqt]");
  add("--n-mels", t.n_mels, "mel bands (128) [mel mfcc pcen]");
  app->add_flag_function(
         "--htk", [&t](int64_t) { t.htk = true; },
         "HTK mel formula instead of Slaney's [mel mfcc pcen]")
      ->group(group);
  add("--norm", t.norm, "mel filter norm: slaney, none, inf or p > 0 (slaney) [mel mfcc pcen]");
  add("--power", t.power, "exponent of |X| before the bank (2) [mel gammatone]");
  add("--n-mfcc", t.n_mfcc, "coefficients kept (20) [mfcc]");
  add("--dct-type", t.dct_type, "2 or 3 (2) [mfcc]");
  add("--lifter", t.lifter, "cepstral liftering, 0 none (0) [mfcc]");
  add("--top-db", t.top_db,
      "dB range: mfcc and --output-format db clip there, images show it (80) [all kinds]");
  add("--n-bins", t.n_bins,
      "bins (cqt/vqt/hybrid_cqt/pseudo_cqt 84, gammatone 64) [cqt vqt gammatone hybrid_cqt "
      "pseudo_cqt]");
  add("--bins-per-octave", t.bins_per_octave,
      "(12; chroma 36) [cqt vqt hybrid_cqt pseudo_cqt chroma_cqt chroma_cens]");
  add("--filter-scale", t.filter_scale, "filter length factor (1) [cqt vqt hybrid_cqt pseudo_cqt]");
  add("--gamma", t.gamma, "Hz bandwidth offset (librosa.vqt's ERB default) [vqt]");
  add("--output-format", t.output_format,
      "complex (real, imag as a last axis of 2), magnitude, power, phase or db (complex) "
      "[stft cqt vqt]; db [mel gammatone]");
  add("--algorithm", t.algorithm,
      "CQT algorithm: auto, 1992, 1992v2, 2010, 2010v2 (auto) [cqt vqt hybrid_cqt]");
  add("--backend", t.backend, "auto, fft or conv (auto) [stft mel mfcc gammatone]");
  add("--n-chroma", t.n_chroma, "pitch classes (12) [chroma_stft chroma_cqt chroma_cens]");
  add("--tuning", t.tuning,
      "deviation from A440 in fractions of a chroma (or CQT) bin (0; not estimated) "
      "[hybrid_cqt pseudo_cqt chroma_stft chroma_cqt chroma_cens]");
  add("--n-octaves", t.n_octaves, "octaves of the CQT (7) [chroma_cqt chroma_cens]");
  add("--pcen-gain", t.pcen_gain, "gain of the automatic gain control (0.98) [pcen]");
  add("--pcen-bias", t.pcen_bias, "bias of the compression (2) [pcen]");
  add("--pcen-power", t.pcen_power, "exponent of the compression (0.5) [pcen]");
  add("--pcen-time-constant", t.pcen_time_constant, "seconds, of the smoother (0.4) [pcen]");
  add("--pcen-eps", t.pcen_eps, "floor of the smoothed energy (1e-6) [pcen]");
}

CLI::App* add_spectrogram(CLI::App& app, nnaudio::cli::SpectrogramSettings& s,
                          std::optional<int>& threads) {
  auto* command = app.add_subcommand(
      "spectrogram",
      "Convert audio files (or folders, recursively) to spectrogram arrays (.npy) and figures "
      "(.png, .svg): OUTDIR/<relative folder>/<stem>.<kind>.npy|png|svg");
  command->add_option("INPUT", s.inputs, "audio files or folders")->required();
  command->add_option("-o,--output", s.output_dir, "output folder")->required();
  command
      ->add_option(
          "--kind", s.kinds,
          "stft, mel, mfcc, cqt, vqt, gammatone, cfp, hybrid_cqt, pseudo_cqt, chroma_stft, "
          "chroma_cqt, chroma_cens, pcen (PCEN of the magnitude mel spectrogram times "
          "2^31), or all (also writes index.html); several separated by commas")
      ->required()
      ->delimiter(',');
  command
      ->add_option("--format", s.format,
                   "npy (arrays), png or svg (figures with axes and a colour bar), both (npy and "
                   "png) or all (npy, png and svg)")
      ->check(CLI::IsMember({"npy", "png", "svg", "both", "all"}))
      ->capture_default_str();
  command->add_option("--colormap", s.colormap, "magma, viridis or gray")
      ->check(CLI::IsMember({"magma", "viridis", "gray"}))
      ->capture_default_str();
  add_optional(command, "--sr", s.sample_rate,
               "resample to this rate in Hz with libsoxr (soxr_hq, librosa's default); "
               "default: each file's own rate; at most 768000")
      ->check(within(0, 768000, false, "a sample rate in Hz above 0 and at most 768000"));
  command->add_flag("--keep-channels", s.keep_channels,
                    "keep the channels: (channels, freq, frames) instead of the mono mix");
  command->add_option("--device", s.device, "cpu or cuda")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();
  command->add_option("--batch-size", s.batch_size, "files of equal length computed together")
      ->check(CLI::Range(int64_t{1}, int64_t{4096}))
      ->capture_default_str();
  add_optional(command, "--threads", threads, "CPU threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  command->add_flag("--overwrite", s.overwrite, "recompute outputs that exist (default: skip)");
  command->add_flag("-q,--quiet", s.quiet, "no progress bar and no summary");
  command->add_flag("--fast-fft", s.fast_fft,
                    "plan FFTs by timing them (faster; outputs may then differ between runs "
                    "in the last bits; default: the same bits every run)");
  add_transform_options(command, s.transform);
  return command;
}

CLI::App* add_stream(CLI::App& app, nnaudio::cli::StreamSettings& s, std::optional<int>& threads) {
  auto* command = app.add_subcommand(
      "stream",
      "Read raw PCM from standard input and write one transform's frames to standard output as "
      "they complete, the last ones at the end of the input (e.g. arecord -f S16_LE -r 16000 -t "
      "raw | nnaudio stream --kind mel --sr 16000 --input-encoding s16le)");
  command
      ->add_option("--kind", s.kind,
                   "stft, mel, mfcc, gammatone, or cqt/vqt with --algorithm 1992 or 1992v2")
      ->required();
  command->add_option("--sr", s.sample_rate, "sample rate of the input in Hz")
      ->required()
      ->check(within(0, 768000, false, "a sample rate in Hz above 0 and at most 768000"));
  command
      ->add_option("--input-encoding", s.input_encoding,
                   "f32le (float32) or s16le (16-bit integers), channels interleaved")
      ->check(CLI::IsMember({"f32le", "s16le"}))
      ->capture_default_str();
  command
      ->add_option("--channels", s.channels,
                   "interleaved input channels; several give (channels, freq) per frame")
      ->check(CLI::Range(int64_t{1}, int64_t{256}))
      ->capture_default_str();
  command
      ->add_option("--encoding", s.encoding,
                   "f32le: each frame's float32 values contiguous, frames in time order, as "
                   "they complete; text: one line per frame; npy: one array at the end, laid "
                   "out as nnaudio spectrogram writes it")
      ->check(CLI::IsMember({"f32le", "npy", "text"}))
      ->capture_default_str();
  command->add_option("--block", s.block, "most samples per channel read at a time")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 20))
      ->capture_default_str();
  command->add_option("--device", s.device, "cpu or cuda")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();
  add_optional(command, "--threads", threads, "CPU threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  add_transform_options(command, s.transform);
  return command;
}

CLI::App* add_bench(CLI::App& app, nnaudio::cli::BenchSettings& s, std::optional<int>& threads) {
  auto* command = app.add_subcommand(
      "bench",
      "Time every transform on the nnAudio paper's workload: 1,770 clips x 80,000 samples at "
      "44.1 kHz (median of the repeats, transform only, kernels built beforehand)");
  command->add_option("--clips", s.clips, "number of clips")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--device", s.device, "cpu or cuda")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();
  command
      ->add_option("--kinds", s.kinds,
                   "comma-separated: stft, mel, mfcc, gammatone, chroma_stft, chroma_cqt, "
                   "chroma_cens, pcen, cfp, cqt, vqt, hybrid_cqt, pseudo_cqt, cqt-train "
                   "(trainable full-rate CQTs with autograd) (default: all)")
      ->delimiter(',');
  command->add_flag("--json", s.json, "one JSON object per line instead of the table");
  command->add_option("--repeats", s.repeats, "timed passes; the median is reported")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  command->add_option("--batch", s.batch, "clips per call")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_optional(command, "--threads", threads, "CPU threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  return command;
}

std::string command_line(int argc, char** argv) {
  std::string text = "nnaudio";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool plain = arg.find_first_of(" \t'\"$\\") == std::string::npos && !arg.empty();
    text += " " + (plain ? arg : "'" + arg + "'");
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "nnaudio: audio files in, spectrogram arrays and images out (nnaudio-cpp " NNAUDIO_VERSION
      ")",
      "nnaudio");
  app.set_version_flag("--version", NNAUDIO_VERSION);
  app.require_subcommand(1);
  nnaudio::cli::SpectrogramSettings spectrogram;
  nnaudio::cli::BenchSettings bench;
  std::vector<std::string> info_inputs;
  std::optional<int> threads;
  auto* spectrogram_command = add_spectrogram(app, spectrogram, threads);
  auto* info_command =
      app.add_subcommand("info", "Print duration, rate, channels, frames and format per file");
  info_command->add_option("INPUT", info_inputs, "audio files or folders")->required();
  auto* bench_command = add_bench(app, bench, threads);
  nnaudio::cli::StreamSettings stream;
  auto* stream_command = add_stream(app, stream, threads);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);  // prints the help or the message
    return status == 0 ? 0 : 2;
  }
  try {
    nnaudio::bench::keep_freed_memory();
    if (threads) nnaudio::set_num_threads(*threads);
    if (*spectrogram_command) {
      spectrogram.command_line = command_line(argc, argv);
      return nnaudio::cli::run_spectrogram(spectrogram);
    }
    if (*info_command) return nnaudio::cli::run_info(info_inputs);
    if (*bench_command) return nnaudio::cli::run_bench(bench);
    if (*stream_command) return nnaudio::cli::run_stream(stream);
  } catch (const nnaudio::cli::OptionError& error) {
    std::fprintf(stderr, "nnaudio: %s\nRun with --help for more information.\n", error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "nnaudio: %s\n", error.what());
    return 1;
  }
  return 2;
}
