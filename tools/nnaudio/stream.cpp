// nnaudio stream: raw PCM from standard input, the frames of one transform to standard output
// as soon as their samples are in (nnaudio::Stream), the last ones at the end of the input.

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "commands.h"
#include "npy.h"
#include "transforms.h"

namespace nnaudio::cli {
namespace {

// Reads what standard input has, up to `bytes` (at least 1 unless at its end): a live source
// gets its frames out without waiting for a whole block. 0 at the end of the input.
std::size_t read_some(char* into, std::size_t bytes) {
  for (;;) {
    const ssize_t got = ::read(STDIN_FILENO, into, bytes);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR)
      throw std::runtime_error(std::string("standard input: ") + std::strerror(errno));
  }
}

// Interleaved samples (frames x channels) as channel after channel, in float.
std::vector<float> planar(const char* bytes, int64_t frames, int64_t channels, bool s16) {
  std::vector<float> out(static_cast<std::size_t>(frames * channels));
  for (int64_t t = 0; t < frames; ++t) {
    for (int64_t c = 0; c < channels; ++c) {
      const int64_t i = t * channels + c;
      float value = 0;
      if (s16) {
        int16_t sample = 0;
        std::memcpy(&sample, bytes + 2 * i, 2);
        value = static_cast<float>(sample) / 32768.0f;
      } else {
        std::memcpy(&value, bytes + 4 * i, 4);
      }
      out[static_cast<std::size_t>(c * frames + t)] = value;
    }
  }
  return out;
}

// Writes the frames of a frames-first array in the chosen encoding (npy waits for the end).
class FrameWriter {
 public:
  explicit FrameWriter(std::string encoding) : encoding_(std::move(encoding)) {}

  void write(Array frames) {
    if (frames.shape.empty() || frames.shape.front() == 0) return;
    if (encoding_ == "npy") {
      kept_.push_back(std::move(frames));
      return;
    }
    if (encoding_ == "f32le") {
      std::fwrite(frames.values.data(), sizeof(float), frames.values.size(), stdout);
    } else {
      const std::size_t per_frame =
          frames.values.size() / static_cast<std::size_t>(frames.shape[0]);
      for (std::size_t i = 0; i < frames.values.size(); ++i) {
        std::fprintf(stdout, "%.9g%c", frames.values[i], (i + 1) % per_frame == 0 ? '\n' : ' ');
      }
    }
    std::fflush(stdout);
  }

  void finish(const FrameStream& stream, Array last) {
    if (encoding_ != "npy") {
      write(std::move(last));
      return;
    }
    kept_.push_back(std::move(last));
    std::ostringstream npy;
    write_npy(npy, stream.spectrogram_layout(kept_));
    const std::string bytes = npy.str();
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    std::fflush(stdout);
  }

 private:
  std::string encoding_;
  std::vector<Array> kept_;
};

}  // namespace

int run_stream(const StreamSettings& s) {
  const Kind kind = parse_kind(s.kind);
  TransformOptions options = s.transform;
  options.streaming = true;
  check_options(options, {kind});
  check_device(s.device);
  const TransformSet transforms(options, {kind}, s.sample_rate, s.device);
  const auto stream = transforms.stream(kind, s.channels);

  const bool s16 = s.input_encoding == "s16le";
  const std::size_t frame_bytes = static_cast<std::size_t>(s.channels) * (s16 ? 2 : 4);
  std::vector<char> buffer(frame_bytes * static_cast<std::size_t>(s.block));
  std::size_t held = 0;  // bytes of a sample frame not complete yet
  int64_t samples = 0;
  FrameWriter writer(s.encoding);
  for (;;) {
    const std::size_t got = read_some(buffer.data() + held, buffer.size() - held);
    if (got == 0) break;
    held += got;
    const std::size_t complete = held / frame_bytes;
    if (complete == 0) continue;
    const auto audio = planar(buffer.data(), static_cast<int64_t>(complete), s.channels, s16);
    writer.write(stream->push(audio.data(), static_cast<int64_t>(complete)));
    samples += static_cast<int64_t>(complete);
    held -= complete * frame_bytes;
    std::memmove(buffer.data(), buffer.data() + complete * frame_bytes, held);
  }
  if (held > 0) {
    std::fprintf(stderr,
                 "nnaudio: the input ended inside a sample frame; its last %zu bytes "
                 "were ignored\n",
                 held);
  }
  if (samples == 0) throw std::runtime_error("no audio on standard input");
  writer.finish(*stream, stream->flush());
  return 0;
}

}  // namespace nnaudio::cli
