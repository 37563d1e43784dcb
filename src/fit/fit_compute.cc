// The training law a (B + b) / (M + m) and the flattening law k1 M^k2 fitted
// to timed steps.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "fasdl/fit/compute_fit.h"
#include "fasdl/fit/fit.h"
#include "fit/least_squares.h"

namespace fasdl {

namespace {

std::string where(const ComputeSample& s, std::size_t i) {
  return s.source.empty() ? fmt::format("sample {}", i + 1) : s.source;
}

template <class T>
std::string count_of(const std::set<T>& values, std::string_view what, std::string_view unit) {
  return fmt::format("{} {}{} ({}{})", values.size(), what, values.size() == 1 ? "" : "s",
                     fmt::join(values, ", "), unit);
}

// R^2 and the largest relative error of `fitted` against `measured` (all
// positive). R^2 does not depend on the unit: it is computed in units of the
// largest measured time, so that times near 1e308 s do not overflow the sums.
// False when a fitted time is not finite (the figures are then meaningless).
bool goodness(const std::vector<double>& measured, const std::vector<double>& fitted,
              double& r_squared, double& max_relative_error) {
  const double unit = *std::max_element(measured.begin(), measured.end());
  double mean = 0;
  for (const double y : measured)
    mean += y / unit;
  mean /= static_cast<double>(measured.size());
  double ss_res = 0, ss_tot = 0;
  max_relative_error = 0;
  for (std::size_t i = 0; i < measured.size(); ++i) {
    const double y = measured[i] / unit, f = fitted[i] / unit;
    ss_res += (y - f) * (y - f);
    ss_tot += (y - mean) * (y - mean);
    max_relative_error = std::max(max_relative_error, std::fabs(fitted[i] / measured[i] - 1));
  }
  // Equal times leave nothing to explain: R^2 is 1 only for an exact fit.
  r_squared = ss_tot > 0 ? 1 - ss_res / ss_tot : (ss_res == 0 ? 1 : 0);
  return std::isfinite(r_squared) && std::isfinite(max_relative_error);
}

constexpr std::string_view kBeyondDouble =
    "the fitted times are beyond the range of a double (about 1.8e308 s): the measured times "
    "hold values out of any realistic range";

template <class Fit>
Fit refuse(Fit fit, std::string reason) {
  fit.status = FitStatus::kRefused;
  fit.reason = std::move(reason);
  return fit;
}

// Where the relative-residual problem starts: a linear least-squares solution
// of T M = a B + a b - m T (each row divided by T M), else a plain guess.
Eigen::VectorXd compute_start(const std::vector<ComputeSample>& s, const std::vector<double>& mem,
                              double min_memory) {
  const auto n = static_cast<Eigen::Index>(s.size());
  Eigen::MatrixXd lhs(n, 3);
  Eigen::VectorXd rhs = Eigen::VectorXd::Ones(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double tm = s[i].train_seconds * mem[i];
    lhs.row(i) << static_cast<double>(s[i].batch) / tm, 1 / tm, -1.0 / mem[i];
  }
  Eigen::VectorXd x(3);
  if (const auto v = least_squares::linear(lhs, rhs)) {
    x << (*v)[0], (*v)[1] / (*v)[0], (*v)[2];
    if (x.allFinite() && x[0] > 0 && x[1] > 0 && min_memory + x[2] > 0) return x;
  }
  double a = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    a += s[i].train_seconds * mem[i] / (s[i].batch + 1.0);
  x << a / static_cast<double>(s.size()), 1, 0;
  return x;
}

}  // namespace

namespace {

// The samples checked, the memory the law sees for each (M, or M capped by
// the vCPUs the threads use) and the distinct memories; a refusal says why
// they cannot determine a, b and m.
struct TrainingData {
  std::vector<double> memory;
  std::set<double> memories;
};
std::optional<std::string> check_training(const std::vector<ComputeSample>& s,
                                          const FitOptions& options, TrainingData& d,
                                          ComputeFit& fit) {
  if (s.empty()) {
    return "no samples; expected timed steps at 3 or more memory sizes and 2 or more batch "
           "sizes";
  }
  std::set<long long> batches;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i].batch < 1) {
      return fmt::format("{}: batch = {}: expected at least 1 sample", where(s[i], i), s[i].batch);
    }
    if (s[i].memory_mb < 1) {
      return fmt::format("{}: memory_mb = {}: expected at least 1 MB", where(s[i], i),
                         s[i].memory_mb);
    }
    if (!std::isfinite(s[i].train_seconds) || !(s[i].train_seconds > 0)) {
      return fmt::format("{}: train_seconds = {}: expected a positive, finite number of seconds",
                         where(s[i], i), s[i].train_seconds);
    }
    d.memory.push_back(std::min<double>(s[i].memory_mb, options.memory_cap));
    d.memories.insert(d.memory.back());
    batches.insert(s[i].batch);
  }
  fit.memory_sizes = static_cast<int>(d.memories.size());
  fit.batch_sizes = static_cast<int>(batches.size());
  if (d.memories.size() < (options.fixed_m ? 1u : 3u)) {
    return count_of(d.memories, "memory size", " MB") +
           "; expected at least 3 to determine a, b and m";
  }
  if (batches.size() < 2) {
    return count_of(batches, "batch size", "") + "; expected at least 2 to determine b";
  }
  if (s.size() < 4) {
    return fmt::format(
        "{} samples for 3 coefficients; expected at least 4 to estimate their "
        "standard errors",
        s.size());
  }
  return std::nullopt;
}

// Relative residuals of T_train = a (B + b) / (M' + m); with m fixed, x holds (a, b).
least_squares::Problem training_problem(const std::vector<ComputeSample>& s,
                                        const std::vector<double>& mem,
                                        std::optional<double> fixed_m) {
  least_squares::Problem problem;
  problem.parameters = fixed_m ? 2 : 3;
  problem.residuals = static_cast<int>(s.size());
  const auto m_of = [fixed_m](const Eigen::VectorXd& x) { return fixed_m ? *fixed_m : x[2]; };
  problem.evaluate = [&s, &mem, m_of](const Eigen::VectorXd& x, Eigen::VectorXd& r) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      const double t = x[0] * (s[i].batch + x[1]) / (mem[i] + m_of(x));
      r[static_cast<Eigen::Index>(i)] = t / s[i].train_seconds - 1;
    }
  };
  problem.jacobian = [&s, &mem, m_of, fixed_m](const Eigen::VectorXd& x, Eigen::MatrixXd& j) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      const double y = s[i].train_seconds, mm = mem[i] + m_of(x);
      const double bb = static_cast<double>(s[i].batch) + x[1];
      const auto row = static_cast<Eigen::Index>(i);
      j(row, 0) = bb / mm / y;
      j(row, 1) = x[0] / mm / y;
      if (!fixed_m) j(row, 2) = -x[0] * bb / (mm * mm) / y;
    }
  };
  return problem;
}

// Where the solver starts; with m fixed, T (M + m) = a B + a b is a line in B
// weighted by relative error.
Eigen::VectorXd training_start(const std::vector<ComputeSample>& s, const TrainingData& d,
                               std::optional<double> fixed_m) {
  if (!fixed_m) return compute_start(s, d.memory, *d.memories.begin());
  std::vector<double> batch, y, w;
  for (std::size_t i = 0; i < s.size(); ++i) {
    batch.push_back(static_cast<double>(s[i].batch));
    y.push_back(s[i].train_seconds * (d.memory[i] + *fixed_m));
    w.push_back(1 / (y.back() * y.back()));
  }
  Eigen::VectorXd start(2);
  start << 1, 1;
  if (const auto l = least_squares::line(batch, y, w); l && l->slope > 0) {
    start << l->slope, std::max(1e-3, l->intercept / l->slope);
  }
  return start;
}

}  // namespace

ComputeFit fit_compute(const std::vector<ComputeSample>& s, const FitOptions& options) {
  ComputeFit fit;
  fit.samples = static_cast<int>(s.size());
  TrainingData d;
  if (auto refusal = check_training(s, options, d, fit)) return refuse(fit, *refusal);
  const std::vector<double>& mem = d.memory;
  const double lowest = *d.memories.begin();
  auto solution = least_squares::solve(training_problem(s, mem, options.fixed_m),
                                       training_start(s, d, options.fixed_m), options);
  if (solution.status != FitStatus::kOk) {
    fit.status = solution.status;
    fit.reason = solution.reason;
    return fit;
  }
  if (options.fixed_m) {
    Eigen::VectorXd x3(3);
    x3 << solution.x[0], solution.x[1], *options.fixed_m;
    Eigen::MatrixXd c3 = Eigen::MatrixXd::Zero(3, 3);
    c3.topLeftCorner(2, 2) = solution.covariance;
    solution.x = x3;
    solution.covariance = c3;
  }
  const Eigen::VectorXd& x = solution.x;
  fit.coefficients = {x[0], x[1], x[2]};
  if (!(x[0] > 0) || !(x[1] > 0) || !(lowest + x[2] > 0)) {
    return refuse(fit, fmt::format("the best fit a = {:.4g}, b = {:.4g}, m = {:.4g} leaves the law "
                                   "a (B + b) / (M + m) without meaning (it needs a > 0, b > 0 "
                                   "and M + m > 0 at {} MB)",
                                   x[0], x[1], x[2], lowest));
  }
  std::array<double, 9> covariance{};
  for (int i = 0; i < 3; ++i) {
    for (int k = 0; k < 3; ++k)
      covariance[3 * i + k] = solution.covariance(i, k);
    fit.standard_errors[i] = std::sqrt(solution.covariance(i, i));
  }
  fit.coefficients.covariance = covariance;
  std::vector<double> measured, fitted;
  for (std::size_t i = 0; i < s.size(); ++i) {
    measured.push_back(s[i].train_seconds);
    fitted.push_back(x[0] * (s[i].batch + x[1]) / (mem[i] + x[2]));
  }
  if (!goodness(measured, fitted, fit.r_squared, fit.max_relative_error)) {
    fit.r_squared = fit.max_relative_error = 0;
    return refuse(fit, std::string(kBeyondDouble));
  }
  if (fit.r_squared < options.warn_r_squared) {
    fit.warnings.push_back(
        fmt::format("R^2 = {:.3f} is below {}: a (B + b) / (M + m) describes "
                    "these training times poorly",
                    fit.r_squared, options.warn_r_squared));
  }
  return fit;
}

namespace {

// Why the samples cannot determine k1 and k2, or nothing.
std::optional<std::string> check_flatten(const std::vector<ComputeSample>& s, FlattenFit& fit) {
  if (s.empty()) return "no samples; expected flattening times at 2 or more memory sizes";
  std::set<int> memories;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i].memory_mb < 1) {
      return fmt::format("{}: memory_mb = {}: expected at least 1 MB", where(s[i], i),
                         s[i].memory_mb);
    }
    if (!std::isfinite(s[i].flatten_seconds) || !(s[i].flatten_seconds > 0)) {
      return fmt::format("{}: flatten_seconds = {}: expected a positive, finite number of seconds",
                         where(s[i], i), s[i].flatten_seconds);
    }
    memories.insert(s[i].memory_mb);
  }
  fit.memory_sizes = static_cast<int>(memories.size());
  if (memories.size() < 2) {
    return count_of(memories, "memory size", " MB") +
           "; expected at least 2 to determine k1 and k2";
  }
  if (s.size() < 3) {
    return fmt::format(
        "{} samples for 2 coefficients; expected at least 3 to estimate their "
        "standard errors",
        s.size());
  }
  return std::nullopt;
}

}  // namespace

FlattenFit fit_flatten(const std::vector<ComputeSample>& s, const FitOptions& options) {
  FlattenFit fit;
  fit.samples = static_cast<int>(s.size());
  if (auto refusal = check_flatten(s, fit)) return refuse(fit, *refusal);
  // Start from the log-log line ln T = ln k1 + k2 ln M.
  std::vector<double> log_memory, log_seconds;
  for (const ComputeSample& c : s) {
    log_memory.push_back(std::log(c.memory_mb));
    log_seconds.push_back(std::log(c.flatten_seconds));
  }
  // Two memory sizes at least (checked above), so the line exists.
  const least_squares::Line l = *least_squares::line(log_memory, log_seconds);
  Eigen::VectorXd start(2);
  start << std::exp(l.intercept), l.slope;
  least_squares::Problem problem;
  problem.parameters = 2;
  problem.residuals = static_cast<int>(s.size());
  problem.evaluate = [&s](const Eigen::VectorXd& x, Eigen::VectorXd& r) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      r[static_cast<Eigen::Index>(i)] =
          x[0] * std::pow(s[i].memory_mb, x[1]) / s[i].flatten_seconds - 1;
    }
  };
  problem.jacobian = [&s](const Eigen::VectorXd& x, Eigen::MatrixXd& j) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      const double p = std::pow(s[i].memory_mb, x[1]) / s[i].flatten_seconds;
      j.row(static_cast<Eigen::Index>(i)) << p, x[0] * p * std::log(s[i].memory_mb);
    }
  };
  const auto solution = least_squares::solve(problem, start, options);
  if (solution.status != FitStatus::kOk) {
    fit.status = solution.status;
    fit.reason = solution.reason;
    return fit;
  }
  fit.coefficients = {solution.x[0], solution.x[1]};
  if (!(solution.x[0] > 0)) {
    return refuse(fit, fmt::format("the best fit k1 = {:.4g} is not positive", solution.x[0]));
  }
  fit.coefficients.covariance =
      std::array<double, 4>{solution.covariance(0, 0), solution.covariance(0, 1),
                            solution.covariance(1, 0), solution.covariance(1, 1)};
  fit.standard_errors = {std::sqrt(solution.covariance(0, 0)),
                         std::sqrt(solution.covariance(1, 1))};
  std::vector<double> measured, fitted;
  for (const ComputeSample& c : s) {
    measured.push_back(c.flatten_seconds);
    fitted.push_back(solution.x[0] * std::pow(c.memory_mb, solution.x[1]));
  }
  if (!goodness(measured, fitted, fit.r_squared, fit.max_relative_error)) {
    fit.r_squared = fit.max_relative_error = 0;
    return refuse(fit, std::string(kBeyondDouble));
  }
  if (fit.r_squared < options.warn_r_squared) {
    fit.warnings.push_back(
        fmt::format("R^2 = {:.3f} is below {}: k1 M^k2 describes these "
                    "flattening times poorly",
                    fit.r_squared, options.warn_r_squared));
  }
  return fit;
}

}  // namespace fasdl
