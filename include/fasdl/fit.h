// Fit: the coefficients of the model's laws estimated from measurements,
// with how well they describe the data and how sure they are.
//
// Units: memory and object sizes in MB, time in seconds, bandwidth in MB/s,
// batches in samples.
//
// Laws fitted:
//   transfers (per memory column and direction, ordinary least squares on the
//   column's points):  seconds = latency_s + size_mb / bandwidth_mb_per_s
//   training step:     T_train(B, M) = a (B + b) / (M + m)
//   flattening:        T_trans(M)    = k1 M^k2
// The training and flattening laws are fitted by Levenberg-Marquardt on
// relative residuals (fitted / measured - 1): timing noise grows with the
// time, so a 10 s step and a 1 s step weigh alike. Standard errors and the
// covariance are s^2 (J^T J)^-1 at the solution, with s^2 the sum of squared
// relative residuals over (n - p): relative to the coefficients' own units.
// R^2 = 1 - sum (y - fitted)^2 / sum (y - mean y)^2 in seconds; the largest
// relative error is max |fitted / y - 1|.
#pragma once

#include <array>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/expected.h"
#include "fasdl/formats.h"
#include "fasdl/transfer_table.h"
#include "fasdl/workload.h"

namespace fasdl {

enum class FitStatus {
  kOk,
  kRefused,       // the data cannot determine the coefficients (reason says why)
  kNotConverged,  // the solver stopped without a usable minimum
};
std::string_view to_string(FitStatus s);

struct FitOptions {
  // A transfer point is an outlier when its residual (seconds off the line)
  // lies more than this many median absolute deviations (unscaled) from the
  // column's median residual.
  double outlier_mads = 3.0;
  double warn_r_squared = 0.9;  // a fit with a lower R^2 carries a warning
  int max_evaluations = 2000;   // Levenberg-Marquardt function evaluations
  double tolerance = 1e-12;     // relative tolerance on the sum of squares and on the step
  // The compute law's memory is min(M, memory_cap): mb_per_vcpu x min(max_vcpus,
  // threads) for the "vcpu" law of fasdl/workload.h, infinite for the "memory" law.
  double memory_cap = std::numeric_limits<double>::infinity();
  // Holds the training law's m at this value and fits a and b alone (m's
  // variance is then 0): for a platform whose CPU is known to be exactly
  // proportional to memory (m = 0), such as fasdl-run's quotas.
  std::optional<double> fixed_m;
};

// ---------------------------------------------------------------- transfers

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

// Sizes from "1:20:1,22:50:2,100": a comma-separated list of positive numbers
// and START:STOP:STEP ranges (STOP included when reached), sorted, unique.
Expected<std::vector<double>> parse_size_list(std::string_view text);

// ------------------------------------------------------------------ compute

// One timed training step: `batch` samples on a function of `memory_mb` MB
// took `train_seconds`; flattening the parameters took `flatten_seconds`.
// `source` locates it for messages ("compute.csv:7").
struct ComputeSample {
  long long batch = 0;
  int memory_mb = 0;
  double train_seconds = 0;
  double flatten_seconds = 0;
  std::string source;
};

// Parses the compute CSV: a header `batch,memory_mb,train_seconds,
// flatten_seconds`, then one timed step per line (repeats allowed). Accepts
// a UTF-8 byte-order mark, CRLF line ends, blank lines and spaces around
// cells. `origin` names the file.
Expected<std::vector<ComputeSample>> parse_compute_csv(std::string_view text,
                                                       std::string_view origin);

struct ComputeFit {
  FitStatus status = FitStatus::kOk;
  std::string reason;                       // when not kOk
  ComputeCoefficients coefficients;         // a, b, m and their covariance
  std::array<double, 3> standard_errors{};  // of a, b, m
  double r_squared = 0;
  double max_relative_error = 0;
  int samples = 0;
  int memory_sizes = 0;
  int batch_sizes = 0;
  std::vector<std::string> warnings;  // for example R^2 below FitOptions::warn_r_squared
};

struct FlattenFit {
  FitStatus status = FitStatus::kOk;
  std::string reason;
  FlattenCoefficients coefficients;  // k1, k2 and their covariance
  std::array<double, 2> standard_errors{};
  double r_squared = 0;
  double max_relative_error = 0;
  int samples = 0;
  int memory_sizes = 0;
  std::vector<std::string> warnings;
};

// a, b, m from every sample (repeats count individually). Refuses fewer than
// 3 memory sizes (1 with FitOptions::fixed_m) or 2 batch sizes, non-positive or non-finite values,
// and fitted values that leave the law undefined (b <= 0, a <= 0 or M + m <= 0).
ComputeFit fit_compute(const std::vector<ComputeSample>& samples, const FitOptions& options = {});

// k1, k2 from every sample's flattening time. Refuses fewer than 2 memory
// sizes and non-positive or non-finite times.
FlattenFit fit_flatten(const std::vector<ComputeSample>& samples, const FitOptions& options = {});

// ------------------------------------------------------------------ reports

// The line fits of `fasdl-profile storage`. Table: one line per column;
// JSON: {"fits": [{direction, memory_mb, points, measurements, status,
// reason (when not ok), latency_s, bandwidth_mb_per_s, r_squared,
// max_relative_error, outliers: [{size_mb, seconds, fitted, deviations}]}]};
// CSV: one row per column, outlier sizes joined by ';'.
std::string format_line_fits(const std::vector<LineFit>& fits, OutputFormat format);

// The fits of `fasdl-profile compute`. JSON: {"compute": {status, reason,
// a, b, m, standard_errors {a, b, m}, r_squared, max_relative_error,
// samples, memory_sizes, batch_sizes, warnings}, "flatten": {... k1, k2}}.
std::string format_compute_fits(const ComputeFit& compute, const FlattenFit& flatten,
                                OutputFormat format);

}  // namespace fasdl
