// Transfer fits: a latency-plus-bandwidth line per memory column and
// direction, and monotone resampling of a measured table.
//
// Units: memory and object sizes in MB, time in seconds, bandwidth in MB/s.
//
//   seconds = latency_s + size_mb / bandwidth_mb_per_s
// by ordinary least squares on the column's points.
#pragma once

#include <string>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/fit/fit.h"
#include "fasdl/model/transfer_table.h"

namespace fasdl {

struct LineOutlier {
  double size_mb = 0;
  double seconds = 0;     // measured (median of repeats)
  double fitted = 0;      // latency_s + size_mb / bandwidth_mb_per_s
  double deviations = 0;  // |residual - median residual| / MAD of residuals
};

// seconds = latency_s + size_mb / bandwidth_mb_per_s for one column.
struct LineFit {
  Direction direction = Direction::kUpload;
  int memory_mb = 0;
  int points = 0;        // distinct sizes fitted
  int measurements = 0;  // timings behind them (repeats summed)
  FitStatus status = FitStatus::kOk;
  std::string reason;    // when not kOk
  double latency_s = 0;  // may be negative when the line's intercept is
  double bandwidth_mb_per_s = 0;
  double r_squared = 0;
  double max_relative_error = 0;  // over the column's points
  std::vector<LineOutlier> outliers;
};

// One line per column and direction (uploads first, by memory). A column
// whose seconds do not grow with size is kRefused (no positive bandwidth).
std::vector<LineFit> fit_transfer_lines(const TransferTable& table, const FitOptions& options = {});

// Weighted isotonic (non-decreasing) regression by pool-adjacent-violators:
// the non-decreasing sequence closest to `y` in weighted least squares.
std::vector<double> isotonic(const std::vector<double>& y, const std::vector<double>& weights);

// A monotone-smoothed table read at chosen sizes: each column's points are
// made non-decreasing in size by isotonic regression (weighted by repeats),
// then interpolated linearly at the requested sizes that lie inside the
// column's measured range. Each column's first two and last two measured
// sizes are always kept: the column keeps its range, nothing is
// extrapolated, and lookups beyond the range extend the same (smoothed) end
// segments as before. Resampled points are derived values: repeats 1,
// spread 0.
Expected<TransferTable> resample(const TransferTable& table, const std::vector<double>& sizes_mb);

}  // namespace fasdl
