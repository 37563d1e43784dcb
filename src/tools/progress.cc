#include "progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <string>

#include "output.h"

namespace fasdl::cli {

std::string duration_text(double seconds) {
  if (!(seconds < 120)) {
    if (seconds < 7200) return fmt::format("{:.0f} min", seconds / 60);
    if (seconds < 172'800) return fmt::format("{:.0f} h", seconds / 3600);
    if (seconds < 3.2e8) return fmt::format("{:.0f} days", seconds / 86'400);
    if (seconds < 3.156e13) return fmt::format("{:.0f} years", seconds / 3.156e7);
    return fmt::format("{:.1e} years", seconds / 3.156e7);
  }
  return fmt::format("{:.0f} s", std::max(0.0, seconds));
}

Progress::Progress(bool enabled)
    : enabled_(enabled && isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
  if (shown_) out_or_stderr(fmt::format("\r{:79}\r", ""), true);
}

void Progress::update(long long done, double total) {
  if (!enabled_ || !(total > 0)) return;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < 1.0 || (shown_ && now - last_ < std::chrono::milliseconds(100))) return;
  last_ = now;
  shown_ = true;
  const double fraction = std::min(1.0, static_cast<double>(done) / total);
  const int filled = static_cast<int>(fraction * 30);
  const double left = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  out_or_stderr(fmt::format("\r[{}{}] {:5.1f}%  {} of {:.0f} rows  {} elapsed, about {} left ",
                            std::string(filled, '#'), std::string(30 - filled, ' '), 100 * fraction,
                            done, total, duration_text(elapsed), duration_text(left)),
                true);
}

}  // namespace fasdl::cli
