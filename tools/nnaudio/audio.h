#pragma once
// Reading audio files with libsndfile and resampling them with libsoxr (librosa's default
// resampler, soxr_hq). Errors are std::runtime_error whose message is the reason alone; callers
// put the path in front.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace nnaudio::cli {

/// What a file's header says.
struct AudioInfo {
  int64_t frames = 0;
  int sample_rate = 0;
  int channels = 0;
  std::string format;  ///< "WAV (Microsoft), Signed 16 bit PCM"
  /// What was odd but readable (a WAV from a pipe whose header gives no data size), or empty.
  std::string warning;
};

/// Decoded samples, channel-major: channel c is samples[c * frames, (c + 1) * frames).
struct Audio {
  int64_t frames = 0;
  double sample_rate = 0;
  int channels = 0;
  std::vector<float> samples;
};

/// Opens the header only. Throws when the file is missing, empty, not audio, has no channels,
/// no frames or a sample rate of 0, or (WAV, AIFF) is shorter than its header says. A WAV
/// header with the "unknown length" size 0xFFFFFFFF (ffmpeg writing to a pipe) is read to the
/// end of the file, with a warning.
AudioInfo probe_audio(const std::filesystem::path& path);

/// Decodes the whole file (as float, libsndfile's [-1, 1) scaling), mixes it to mono (the mean
/// of the channels, as librosa) unless keep_channels, and resamples it to target_rate when set
/// and different. Throws for everything probe_audio does and for truncated files.
Audio read_audio(const std::filesystem::path& path, bool keep_channels,
                 std::optional<double> target_rate);

/// Resamples channel-major samples with soxr's high quality recipe; the result has
/// ceil(frames * to / from) frames per channel (librosa.resample's length).
std::vector<float> resample(const std::vector<float>& samples, int channels, int64_t frames,
                            double from_rate, double to_rate);

/// An audio file to convert and where its outputs go.
struct InputFile {
  std::filesystem::path path;
  /// Its path under the output folder, without extension: the file name's stem for a file
  /// named on the command line, the path relative to the folder for a file found in a folder.
  std::filesystem::path relative;
};

/// The files named in `inputs` (kept even when missing, so that they are reported) and, for
/// each folder, the audio files under it (recursively, sorted, by has_audio_extension).
std::vector<InputFile> find_inputs(const std::vector<std::string>& inputs);

/// Whether the extension is one libsndfile reads (case-insensitive), used to pick files in
/// directories; files named on the command line are tried whatever their name.
bool has_audio_extension(const std::filesystem::path& path);

}  // namespace nnaudio::cli
