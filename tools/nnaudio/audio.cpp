#include "audio.h"

#include <sndfile.h>
#include <soxr.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <stdexcept>
#include <system_error>

namespace nnaudio::cli {
namespace {

using SndFile = std::unique_ptr<SNDFILE, int (*)(SNDFILE*)>;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

/// What is wrong with a WAV header that libsndfile refuses with a bare "SF_INFO struct
/// incomplete": a sample rate or channel count of 0 in its fmt chunk. Empty when the file is
/// not a WAV or its header shows nothing of the kind.
std::string wav_header_problem(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char header[12] = {};
  if (!in.read(header, sizeof header) || std::memcmp(header, "RIFF", 4) != 0 ||
      std::memcmp(header + 8, "WAVE", 4) != 0) {
    return "";
  }
  const auto little_endian = [](const unsigned char* bytes, int count) {
    uint32_t value = 0;
    for (int i = count - 1; i >= 0; --i) value = value << 8 | bytes[i];
    return value;
  };
  unsigned char chunk[8];
  // Chunks are (id, size, data padded to even); the fmt chunk comes before the data.
  while (in.read(reinterpret_cast<char*>(chunk), sizeof chunk)) {
    const uint32_t size = little_endian(chunk + 4, 4);
    if (std::memcmp(chunk, "fmt ", 4) != 0) {
      if (std::memcmp(chunk, "data", 4) == 0) return "";
      in.seekg(size + (size & 1), std::ios::cur);
      continue;
    }
    unsigned char format[8] = {};
    if (size < sizeof format || !in.read(reinterpret_cast<char*>(format), sizeof format)) {
      return "the WAV fmt chunk is too short";
    }
    if (little_endian(format + 2, 2) == 0) return "the WAV header declares 0 channels";
    if (little_endian(format + 4, 4) == 0) return "the WAV header declares a sample rate of 0 Hz";
    return "";
  }
  return "";
}

/// Opens the file, turning libsndfile's terse failures into reasons a user can act on.
SndFile open_audio(const std::filesystem::path& path, SF_INFO& info) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) throw std::runtime_error("no such file");
  if (std::filesystem::is_directory(status)) throw std::runtime_error("is a directory");
  if (std::filesystem::file_size(path, error) == 0 && !error) {
    throw std::runtime_error("empty file (0 bytes)");
  }
  info = SF_INFO{};
  SndFile file(sf_open(path.c_str(), SFM_READ, &info), sf_close);
  if (!file) {
    const std::string reason = sf_strerror(nullptr);
    const std::string problem = wav_header_problem(path);
    throw std::runtime_error(
        "not readable as audio: " +
        (problem.empty() ? reason : problem + " (libsndfile: " + reason + ")"));
  }
  if (info.channels <= 0) throw std::runtime_error("zero channels");
  if (info.samplerate <= 0) throw std::runtime_error("the header declares a sample rate of 0 Hz");
  if (info.frames <= 0) throw std::runtime_error("no audio frames (header only)");
  return file;
}

/// The data size WAV writers put in the header when they cannot seek back to fill it in
/// (ffmpeg writing to a pipe): libsndfile then reads to the end of the file, as soundfile does.
constexpr long long kUnknownDataSize = 0xFFFFFFFFLL;

/// WAV and AIFF headers state the size of the audio data; libsndfile reads what is there and
/// only notes a shortfall in its log ("data : 16000 (should be 7956)"), so look for it there.
/// Returns a warning for the "unknown length" marker, which is no truncation.
std::string check_not_truncated(SNDFILE* file) {
  char log[16384] = {};
  sf_command(file, SFC_GET_LOG_INFO, log, sizeof log);
  static const std::regex chunk(R"((?:^|\n)(?:data|SSND)\s*:\s*(\d+)\s*\(should be (\d+)\))");
  std::cmatch match;
  const char* text = log;
  std::string warning;
  while (std::regex_search(text, match, chunk)) {
    const auto declared = std::stoll(match[1].str());
    const auto present = std::stoll(match[2].str());
    if (declared == kUnknownDataSize) {
      warning = "the header gives no data size (0xFFFFFFFF, as written to a pipe); read the " +
                std::to_string(present) + " bytes of audio the file holds";
    } else if (declared > present) {
      throw std::runtime_error("truncated: the header declares " + std::to_string(declared) +
                               " bytes of audio data, the file holds " + std::to_string(present));
    }
    text = match[0].second;
  }
  return warning;
}

std::string format_name(int format, int command) {
  SF_FORMAT_INFO entry{};
  entry.format = format;
  if (sf_command(nullptr, command, &entry, sizeof entry) != 0 || entry.name == nullptr) {
    return "unknown";
  }
  return entry.name;
}

}  // namespace

AudioInfo probe_audio(const std::filesystem::path& path) {
  SF_INFO info;
  const SndFile file = open_audio(path, info);
  std::string warning = check_not_truncated(file.get());
  return {info.frames, info.samplerate, info.channels,
          format_name(info.format & SF_FORMAT_TYPEMASK, SFC_GET_FORMAT_INFO) + ", " +
              format_name(info.format & SF_FORMAT_SUBMASK, SFC_GET_FORMAT_INFO),
          std::move(warning)};
}

Audio read_audio(const std::filesystem::path& path, bool keep_channels,
                 std::optional<double> target_rate) {
  SF_INFO info;
  const SndFile file = open_audio(path, info);
  check_not_truncated(file.get());
  const int channels = info.channels;
  std::vector<float> interleaved(static_cast<std::size_t>(info.frames) * channels);
  const sf_count_t got = sf_readf_float(file.get(), interleaved.data(), info.frames);
  if (got < info.frames) {
    const std::string detail = sf_error(file.get()) ? sf_strerror(file.get()) : "end of file";
    throw std::runtime_error("truncated: decoded " + std::to_string(got) + " of " +
                             std::to_string(info.frames) + " frames (" + detail + ")");
  }

  Audio audio;
  audio.frames = info.frames;
  audio.sample_rate = info.samplerate;
  audio.channels = keep_channels ? channels : 1;
  audio.samples.assign(static_cast<std::size_t>(audio.frames) * audio.channels, 0.0f);
  for (int64_t t = 0; t < audio.frames; ++t) {
    const float* frame = interleaved.data() + t * channels;
    if (keep_channels) {
      for (int c = 0; c < channels; ++c) audio.samples[c * audio.frames + t] = frame[c];
    } else {
      double sum = 0;
      for (int c = 0; c < channels; ++c) sum += frame[c];
      audio.samples[t] = static_cast<float>(sum / channels);
    }
  }
  if (target_rate && *target_rate != audio.sample_rate) {
    audio.samples =
        resample(audio.samples, audio.channels, audio.frames, audio.sample_rate, *target_rate);
    audio.frames = static_cast<int64_t>(audio.samples.size()) / audio.channels;
    audio.sample_rate = *target_rate;
  }
  return audio;
}

std::vector<float> resample(const std::vector<float>& samples, int channels, int64_t frames,
                            double from_rate, double to_rate) {
  const auto out_frames = static_cast<int64_t>(std::ceil(frames * to_rate / from_rate));
  std::vector<float> out(static_cast<std::size_t>(out_frames) * channels, 0.0f);
  std::vector<const float*> in_channels(channels);
  std::vector<float*> out_channels(channels);
  for (int c = 0; c < channels; ++c) {
    in_channels[c] = samples.data() + c * frames;
    out_channels[c] = out.data() + c * out_frames;
  }
  const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_S, SOXR_FLOAT32_S);
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  std::size_t used = 0, done = 0;
  // soxr may deliver a sample or so less than ceil(); the rest stays zero, as librosa pads.
  const soxr_error_t error =
      soxr_oneshot(from_rate, to_rate, static_cast<unsigned>(channels), in_channels.data(),
                   static_cast<std::size_t>(frames), &used, out_channels.data(),
                   static_cast<std::size_t>(out_frames), &done, &io, &quality, nullptr);
  if (error) throw std::runtime_error(std::string("resampling failed: ") + error);
  return out;
}

bool has_audio_extension(const std::filesystem::path& path) {
  static const std::set<std::string> extensions = [] {
    // libsndfile's own list, plus the usual spellings it does not name.
    std::set<std::string> names = {"aif", "aiff", "ogg", "oga", "opus", "mp3", "wave"};
    int count = 0;
    sf_command(nullptr, SFC_GET_FORMAT_MAJOR_COUNT, &count, sizeof count);
    for (int i = 0; i < count; ++i) {
      SF_FORMAT_INFO entry{};
      entry.format = i;
      if (sf_command(nullptr, SFC_GET_FORMAT_MAJOR, &entry, sizeof entry) == 0 &&
          entry.extension != nullptr) {
        names.insert(lower(entry.extension));
      }
    }
    return names;
  }();
  const std::string extension = path.extension().string();
  return extension.size() > 1 && extensions.count(lower(extension.substr(1))) > 0;
}

std::vector<InputFile> find_inputs(const std::vector<std::string>& inputs) {
  std::vector<InputFile> files;
  for (const std::string& input : inputs) {
    const std::filesystem::path root(input);
    std::error_code error;
    if (!std::filesystem::is_directory(root, error)) {
      files.push_back({root, root.filename().replace_extension()});
      continue;
    }
    std::vector<std::filesystem::path> found;
    for (auto it = std::filesystem::recursive_directory_iterator(
             root, std::filesystem::directory_options::skip_permission_denied);
         it != std::filesystem::recursive_directory_iterator(); ++it) {
      if (it->is_regular_file(error) && has_audio_extension(it->path())) {
        found.push_back(it->path());
      }
    }
    std::sort(found.begin(), found.end());
    for (const auto& path : found) {
      files.push_back({path, path.lexically_relative(root).replace_extension()});
    }
  }
  return files;
}

}  // namespace nnaudio::cli
