#pragma once
// What the streaming tests share: chunk partitions of a signal and pushing a signal through.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <vector>

namespace nnaudio::test {

/// Chunk lengths covering `total` samples: 1-sample chunks for the first frame and a half,
/// then lengths drawn (seeded) from those around a hop and a frame (shorter, equal, longer)
/// and several frames long.
inline std::vector<int64_t> one_sample_then_random(int64_t total, const Stream& stream,
                                                   uint32_t seed) {
  const int64_t hop = stream.hop_length();
  const int64_t frame = stream.frame_length();
  const std::vector<int64_t> lengths = {1,         2,     hop - 1,   hop,          hop + 1,
                                        frame - 1, frame, frame + 1, 3 * frame + 7};
  std::mt19937 rng(seed);
  std::vector<int64_t> partition;
  int64_t used = 0;
  while (used < total) {
    int64_t length = used < frame + frame / 2 ? 1 : lengths[rng() % lengths.size()];
    length = std::min(std::max<int64_t>(length, 1), total - used);
    partition.push_back(length);
    used += length;
  }
  return partition;
}

/// Chunks that end exactly where a frame completes: latency() samples, then hops.
inline std::vector<int64_t> on_frame_boundaries(int64_t total, const Stream& stream) {
  std::vector<int64_t> partition = {std::min(stream.latency(), total)};
  for (int64_t used = partition.front(); used < total; used += partition.back()) {
    partition.push_back(std::min(stream.hop_length(), total - used));
  }
  return partition;
}

/// Pushes x (..., samples) in chunks of these lengths, flushes, and joins the frames.
inline torch::Tensor stream_through(Stream& stream, const torch::Tensor& x,
                                    const std::vector<int64_t>& partition, int64_t frames_dim) {
  std::vector<torch::Tensor> frames;
  int64_t start = 0;
  for (const int64_t length : partition) {
    frames.push_back(stream.push(x.narrow(-1, start, length)));
    start += length;
  }
  frames.push_back(stream.flush());
  return torch::cat(frames, frames_dim);
}

/// The stream's state() after a round trip through torch::save and torch::load.
inline std::vector<torch::Tensor> saved_and_loaded(const Stream& stream) {
  std::stringstream saved;
  torch::save(stream.state(), saved);
  std::vector<torch::Tensor> state;
  torch::load(state, saved);
  return state;
}

/// max |a - b| / max |b| in float64 (complex tensors compared as (real, imag) pairs): every
/// value held to the tolerance, relative to the spectrogram's scale.
inline double max_relative_error(const torch::Tensor& actual, const torch::Tensor& expected) {
  const auto as_real = [](const torch::Tensor& t) {
    return (t.is_complex() ? torch::view_as_real(t) : t).detach().to(torch::kFloat64);
  };
  const auto a = as_real(actual);
  const auto b = as_real(expected);
  return (a - b).abs().max().item<double>() / std::max(b.abs().max().item<double>(), 1e-300);
}

}  // namespace nnaudio::test
