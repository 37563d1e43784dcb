// Fit: what every fit of the model's laws shares, its outcome and its
// options (fasdl/fit/transfer_fit.h, compute_fit.h, calibrate.h).
//
// The training and flattening laws are fitted by Levenberg-Marquardt on
// relative residuals (fitted / measured - 1): timing noise grows with the
// time, so a 10 s step and a 1 s step weigh alike. Standard errors and the
// covariance are s^2 (J^T J)^-1 at the solution, with s^2 the sum of squared
// relative residuals over (n - p): relative to the coefficients' own units.
// R^2 = 1 - sum (y - fitted)^2 / sum (y - mean y)^2 in seconds; the largest
// relative error is max |fitted / y - 1|.
#pragma once

#include <limits>
#include <optional>
#include <string_view>

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

}  // namespace fasdl
