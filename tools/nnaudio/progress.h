#pragma once
// A one-line progress bar on stderr (count, rate, ETA) when stderr is a terminal; silent in a
// pipe or with --quiet. Messages printed through it do not tear the bar.

#include <chrono>
#include <cstdint>
#include <string>

namespace nnaudio::cli {

class Progress {
 public:
  /// `enabled`: the caller's wish (false with --quiet); the bar also needs a terminal.
  Progress(int64_t total, bool enabled);
  ~Progress();

  void advance(int64_t count = 1);
  /// Prints a line on stderr above the bar (always, whether the bar shows or not).
  void message(const std::string& line);
  /// Removes the bar.
  void finish();

 private:
  void draw();
  void clear();

  int64_t total_, done_ = 0;
  bool shown_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace nnaudio::cli
