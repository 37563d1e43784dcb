// Least squares, the one path of every fit (internal): linear problems by
// column-pivoting Householder QR, nonlinear ones by Levenberg-Marquardt
// (Eigen's unsupported module) with the covariance of the estimates.
#pragma once

#include <Eigen/Dense>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fasdl/fit/fit.h"

namespace fasdl::least_squares {

// Residuals r(x) (`residuals` of them) and their Jacobian dr/dx.
struct Problem {
  int parameters = 0;
  int residuals = 0;
  std::function<void(const Eigen::VectorXd& x, Eigen::VectorXd& r)> evaluate;
  std::function<void(const Eigen::VectorXd& x, Eigen::MatrixXd& jacobian)> jacobian;
};

struct Solution {
  FitStatus status = FitStatus::kOk;
  std::string reason;  // when not kOk
  Eigen::VectorXd x;
  // s^2 (J^T J)^-1 with s^2 = |r|^2 / (residuals - parameters), symmetric.
  Eigen::MatrixXd covariance;
  int evaluations = 0;
};

// The x minimising sum_i w_i (design_i x - y_i)^2 (w_i = 1 without
// weights); nothing when the weighted design has fewer independent columns
// than it has columns, or the solution is not finite.
std::optional<Eigen::VectorXd> linear(const Eigen::MatrixXd& design, const Eigen::VectorXd& y,
                                      const Eigen::VectorXd* weights = nullptr);

// The covariance of linear()'s solution, s^2 (A' W A)^-1 with s^2 the weighted
// sum of squared residuals over (rows - columns); nothing when there are no
// more rows than columns or the columns are not independent.
std::optional<Eigen::MatrixXd> linear_covariance(const Eigen::MatrixXd& design,
                                                 const Eigen::VectorXd& y,
                                                 const Eigen::VectorXd& weights);

// y = intercept + slope x by linear(); nothing when x has fewer than two
// distinct values.
struct Line {
  double intercept = 0;
  double slope = 0;
};
std::optional<Line> line(const std::vector<double>& x, const std::vector<double>& y,
                         const std::vector<double>& weights = {});

// Minimises |r(x)|^2 from `start`. Needs residuals > parameters.
Solution solve(const Problem& problem, Eigen::VectorXd start, const FitOptions& options);

}  // namespace fasdl::least_squares
