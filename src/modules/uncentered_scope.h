#pragma once
// The one hook streaming needs inside the modules: while an UncenteredScope lives on a thread,
// the framed modules (STFT and every module built on it) compute as if center=false. A stream
// (nnaudio/streaming/stream.h) applies the centring pad itself, once, at the ends of the whole
// signal, and runs the module on complete frames of the padded signal only.

namespace nnaudio::detail {

class UncenteredScope {
 public:
  UncenteredScope() : previous_(active_) { active_ = true; }
  ~UncenteredScope() { active_ = previous_; }
  UncenteredScope(const UncenteredScope&) = delete;
  UncenteredScope& operator=(const UncenteredScope&) = delete;

  /// True inside a scope on this thread.
  static bool active() { return active_; }

 private:
  static inline thread_local bool active_ = false;
  bool previous_;
};

}  // namespace nnaudio::detail
