// A progress line with an ETA on stderr, shown only on a terminal and only
// once an operation has run for a second.
#pragma once

#include <chrono>

namespace fasdl::cli {

class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress();
  void update(long long done, long long total);

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace fasdl::cli
