// Fit reports: what `fasdl-profile storage` and `compute` print about
// their fits, as a table, JSON or CSV.
#pragma once

#include <string>
#include <vector>

#include "fasdl/base/output_format.h"
#include "fasdl/fit/compute_fit.h"
#include "fasdl/fit/transfer_fit.h"

namespace fasdl {

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
