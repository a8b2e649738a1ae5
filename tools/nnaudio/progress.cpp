#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace nnaudio::cli {

Progress::Progress(int64_t total, bool enabled)
    : total_(total),
      shown_(enabled && total > 0 && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()) {
  if (shown_) draw();
}

Progress::~Progress() {
  finish();
}

void Progress::advance(int64_t count) {
  done_ += count;
  // Redraw at most ten times a second, and always at the end.
  const auto now = std::chrono::steady_clock::now();
  if (shown_ && (done_ == total_ || now - last_draw_ > std::chrono::milliseconds(100))) draw();
}

void Progress::message(const std::string& line) {
  clear();
  std::fprintf(stderr, "%s\n", line.c_str());
  if (shown_) draw();
}

void Progress::finish() {
  clear();
  shown_ = false;
}

void Progress::clear() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  drawn_ = false;
}

void Progress::draw() {
  last_draw_ = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(last_draw_ - start_).count();
  const double rate = seconds > 0 ? done_ / seconds : 0.0;
  char eta[32] = "--:--";
  if (rate > 0) {
    const auto left = static_cast<long>((total_ - done_) / rate + 0.5);
    std::snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
  }
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(kWidth * done_ / total_);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r\033[K[%s] %lld/%lld files  %.1f files/s  ETA %s", bar.c_str(),
               static_cast<long long>(done_), static_cast<long long>(total_), rate, eta);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace nnaudio::cli
