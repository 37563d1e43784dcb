// TransferTable: measured seconds to move one object between a function and
// the store, looked up between measurements as the K-REDUCE spec prescribes.
//
// Units: memory in MB, object sizes in MB, time in seconds.
//
// Lookup of (M, f), in this order:
//   1. each memory column is interpolated in size on its own points:
//      piecewise-linear between neighbours; below the smallest or above the
//      largest size, the straight line through the first two or last two
//      points is extended (extrapolated, not clamped);
//   2. the two column values around M are interpolated linearly in memory;
//      below the smallest or above the largest column the nearest column is
//      used (clamped).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"

namespace fasdl {

enum class Direction { kUpload, kDownload };
std::string_view to_string(Direction d);
Expected<Direction> direction_from_string(std::string_view s);

// One timed transfer. `source` locates it for messages ("t.csv:12").
// A point that already combines several timings (a profile's
// [size_mb, seconds, repeats, mad_seconds] form) has `seconds` = their
// median, `repeats` > 1 and their median absolute deviation in `mad`.
struct Measurement {
  Direction direction = Direction::kUpload;
  int memory_mb = 0;
  double size_mb = 0;
  double seconds = 0;
  std::string source;
  int repeats = 1;  // timings behind this row
  double mad = 0;   // their median absolute deviation, s
};

// The points of one memory size, sorted by size, repeats already combined.
struct TransferColumn {
  int memory_mb = 0;
  std::vector<double> sizes_mb;
  std::vector<double> seconds;
  std::vector<int> repeats;  // measurements combined into each point (>= 1)
  std::vector<double> mad;   // median absolute deviation of those repeats, s

  // Seconds for an object of `size_mb` MB (step 1 of the lookup).
  double at(double size_mb) const;
  // Variance of at(size_mb), s^2, from the standard errors of the medians it
  // interpolates (see point_variance); 0 where points are single timings.
  double variance_at(double size_mb) const;
  // Variance of one point's median, s^2: (1.2533 x 1.4826 mad)^2 / repeats,
  // the large-sample variance of a median of normal timings with a robust
  // standard deviation; 0 for a single timing.
  double point_variance(std::size_t i) const;
};

// Where a memory size falls between columns: value = lo + (hi - lo) * t.
struct MemoryPosition {
  int lo = 0;
  int hi = 0;
  double t = 0;  // in [0, 1]; 0 when clamped or exactly on a column
};

class TransferTable {
 public:
  TransferTable() = default;

  // Groups by direction and memory, combines repeats of one size by their
  // median (count and median absolute deviation kept), and checks that each column has at least two
  // distinct sizes and that both directions are present. A row that already combines repeats
  // (repeats > 1) must be the only row of its size. `origin` prefixes error
  // messages.
  static Expected<TransferTable> from_measurements(std::vector<Measurement> rows,
                                                   std::string_view origin);

  // up(M, f) or down(M, f), seconds.
  double seconds(Direction d, double memory_mb, double size_mb) const;
  // Variance of seconds(d, M, f), s^2: the interpolation weights squared
  // times the points' variances.
  double variance(Direction d, double memory_mb, double size_mb) const;
  // True when some point carries the spread of repeated timings.
  bool has_spread() const;

  // The smallest and largest measured memory column of either direction, MB:
  // outside them a lookup reuses the end column.
  struct MeasuredRange {
    int min_mb = 0;
    int max_mb = 0;
  };
  MeasuredRange measured_memory() const;
  // True when seconds(d, M, f) reads f inside the measured sizes of every
  // column it blends (no end segment extended).
  bool size_measured(Direction d, double memory_mb, double size_mb) const;

  const std::vector<TransferColumn>& columns(Direction d) const;
  MemoryPosition locate(Direction d, double memory_mb) const;
  static double blend(double lo_value, double hi_value, double t) {
    return t == 0 ? lo_value : lo_value + (hi_value - lo_value) * t;
  }

 private:
  std::vector<TransferColumn> up_;
  std::vector<TransferColumn> down_;
};

}  // namespace fasdl
