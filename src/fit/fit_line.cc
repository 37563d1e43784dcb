// Latency-plus-bandwidth lines through each transfer column, with outliers.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "base/median.h"
#include "fasdl/fit/fit.h"
#include "fasdl/fit/transfer_fit.h"
#include "fit/least_squares.h"

namespace fasdl {

std::string_view to_string(FitStatus s) {
  switch (s) {
    case FitStatus::kOk:
      return "ok";
    case FitStatus::kRefused:
      return "refused";
    case FitStatus::kNotConverged:
      return "not_converged";
  }
  return "ok";
}

namespace {

LineFit fit_column(Direction d, const TransferColumn& c, const FitOptions& options) {
  LineFit fit;
  fit.direction = d;
  fit.memory_mb = c.memory_mb;
  const std::size_t n = c.sizes_mb.size();
  fit.points = static_cast<int>(n);
  fit.measurements = std::accumulate(c.repeats.begin(), c.repeats.end(), 0);
  // Seconds in units of the column's largest: sums of squares of 1e155 s would overflow.
  const double largest = *std::max_element(c.seconds.begin(), c.seconds.end());
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i)
    y[i] = c.seconds[i] / largest;
  // A column has two distinct sizes (TransferTable), so the line exists.
  const least_squares::Line l = *least_squares::line(c.sizes_mb, y);
  const double slope = l.slope * largest;  // s per MB
  if (!(slope > 0)) {
    fit.status = FitStatus::kRefused;
    fit.reason = fmt::format(
        "seconds do not grow with the object size (slope {:.3g} s/MB); "
        "no positive bandwidth",
        slope);
    return fit;
  }
  fit.latency_s = l.intercept * largest;
  fit.bandwidth_mb_per_s = 1 / slope;
  const double mean_y = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
  double syy = 0;
  for (const double v : y)
    syy += (v - mean_y) * (v - mean_y);
  std::vector<double> residuals(n);  // in units of `largest`
  double ss_res = 0;
  for (std::size_t i = 0; i < n; ++i) {
    residuals[i] = y[i] - (l.intercept + l.slope * c.sizes_mb[i]);
    ss_res += residuals[i] * residuals[i];
    fit.max_relative_error = std::max(fit.max_relative_error, std::fabs(residuals[i]) / y[i]);
  }
  fit.r_squared = syy > 0 ? 1 - ss_res / syy : 1;
  if (!(std::isfinite(fit.latency_s) && std::isfinite(fit.bandwidth_mb_per_s) &&
        fit.bandwidth_mb_per_s > 0 && std::isfinite(fit.r_squared) &&
        std::isfinite(fit.max_relative_error))) {
    const LineFit refused = fit;
    fit = LineFit{};
    fit.direction = refused.direction;
    fit.memory_mb = refused.memory_mb;
    fit.points = refused.points;
    fit.measurements = refused.measurements;
    fit.status = FitStatus::kRefused;
    fit.reason =
        "the line is beyond the range of a double: the seconds span too many orders of "
        "magnitude";
    return fit;
  }
  // Outliers: residuals (the quantity the line minimises) more than
  // outlier_mads median absolute deviations from their median. The floor
  // keeps an exact line from flagging rounding noise.
  const double centre = median(residuals);
  std::vector<double> spread(n);
  for (std::size_t i = 0; i < n; ++i)
    spread[i] = std::fabs(residuals[i] - centre);
  const double mad = std::max(median(spread), 1e-9);
  for (std::size_t i = 0; i < n; ++i) {
    const double deviations = spread[i] / mad;
    if (deviations > options.outlier_mads) {
      fit.outliers.push_back(
          {c.sizes_mb[i], c.seconds[i], (y[i] - residuals[i]) * largest, deviations});
    }
  }
  return fit;
}

}  // namespace

std::vector<LineFit> fit_transfer_lines(const TransferTable& table, const FitOptions& options) {
  std::vector<LineFit> out;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    for (const TransferColumn& c : table.columns(d))
      out.push_back(fit_column(d, c, options));
  }
  return out;
}

}  // namespace fasdl
