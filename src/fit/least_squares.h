// Nonlinear least squares by Levenberg-Marquardt (Eigen's unsupported module)
// with the covariance of the estimates (internal).
#pragma once

#include <Eigen/Dense>
#include <functional>
#include <string>

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

// Minimises |r(x)|^2 from `start`. Needs residuals > parameters.
Solution solve(const Problem& problem, Eigen::VectorXd start, const FitOptions& options);

}  // namespace fasdl::least_squares
