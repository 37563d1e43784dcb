// A progress line with the estimated time left on stderr, shown only on a
// terminal and only once an operation has run for a second.
#pragma once

#include <chrono>
#include <string>

namespace fasdl::cli {

class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress();
  // `total` may exceed a long long's range (a forced sweep).
  void update(long long done, double total);

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

// A duration for people: "45 s", "12 min", "3 h", "40 days", "160 years", "2.3e+07 years".
std::string duration_text(double seconds);

}  // namespace fasdl::cli
