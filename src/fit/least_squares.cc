#include "fit/least_squares.h"

#include <fmt/format.h>

#include <cmath>
#include <unsupported/Eigen/LevenbergMarquardt>

namespace fasdl::least_squares {

namespace {

struct Functor : Eigen::DenseFunctor<double> {
  explicit Functor(const Problem& p) : DenseFunctor(p.parameters, p.residuals), problem(&p) {}
  int operator()(const InputType& x, ValueType& r) const {
    problem->evaluate(x, r);
    // A step outside the law's domain must look bad, not poison the solver.
    for (Eigen::Index i = 0; i < r.size(); ++i) {
      if (!std::isfinite(r[i])) r[i] = 1e6;
    }
    return 0;
  }
  int df(const InputType& x, JacobianType& j) const {
    problem->jacobian(x, j);
    return j.allFinite() ? 0 : -1;
  }
  const Problem* problem;
};

std::string_view describe(Eigen::LevenbergMarquardtSpace::Status s) {
  using namespace Eigen::LevenbergMarquardtSpace;
  switch (s) {
    case TooManyFunctionEvaluation:
      return "too many function evaluations";
    case ImproperInputParameters:
      return "improper input parameters";
    case UserAsked:
      return "the Jacobian became non-finite";
    default:
      return "no convergence";
  }
}

}  // namespace

std::optional<Eigen::VectorXd> linear(const Eigen::MatrixXd& design, const Eigen::VectorXd& y,
                                      const Eigen::VectorXd* weights) {
  Eigen::MatrixXd a = design;
  Eigen::VectorXd b = y;
  if (weights != nullptr) {
    const Eigen::VectorXd root = weights->cwiseSqrt();
    a = root.asDiagonal() * a;
    b = root.asDiagonal() * b;
  }
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(a);
  if (qr.rank() < a.cols()) return std::nullopt;
  Eigen::VectorXd x = qr.solve(b);
  if (!x.allFinite()) return std::nullopt;
  return x;
}

std::optional<Eigen::MatrixXd> linear_covariance(const Eigen::MatrixXd& design,
                                                 const Eigen::VectorXd& y,
                                                 const Eigen::VectorXd& weights) {
  const Eigen::Index n = design.rows(), p = design.cols();
  if (n <= p) return std::nullopt;
  const auto x = linear(design, y, &weights);
  if (!x) return std::nullopt;
  const Eigen::VectorXd r = design * *x - y;
  const double s2 = r.cwiseProduct(r).dot(weights) / static_cast<double>(n - p);
  const Eigen::MatrixXd normal = design.transpose() * weights.asDiagonal() * design;
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(normal);
  if (!lu.isInvertible()) return std::nullopt;
  Eigen::MatrixXd covariance = s2 * lu.inverse();
  if (!covariance.allFinite()) return std::nullopt;
  return covariance;
}

std::optional<Line> line(const std::vector<double>& x, const std::vector<double>& y,
                         const std::vector<double>& weights) {
  const auto n = static_cast<Eigen::Index>(x.size());
  Eigen::MatrixXd design(n, 2);
  for (Eigen::Index i = 0; i < n; ++i)
    design.row(i) << 1, x[static_cast<std::size_t>(i)];
  const Eigen::VectorXd rhs = Eigen::Map<const Eigen::VectorXd>(y.data(), n);
  std::optional<Eigen::VectorXd> solution;
  if (weights.empty()) {
    solution = linear(design, rhs);
  } else {
    const Eigen::VectorXd w = Eigen::Map<const Eigen::VectorXd>(weights.data(), n);
    solution = linear(design, rhs, &w);
  }
  if (!solution) return std::nullopt;
  return Line{(*solution)[0], (*solution)[1]};
}

Solution solve(const Problem& problem, Eigen::VectorXd start, const FitOptions& options) {
  using namespace Eigen::LevenbergMarquardtSpace;
  Solution out;
  Functor functor(problem);
  Eigen::LevenbergMarquardt<Functor> lm(functor);
  lm.setMaxfev(options.max_evaluations);
  lm.setFtol(options.tolerance);
  lm.setXtol(options.tolerance);
  const Status status = lm.minimize(start);
  out.evaluations = static_cast<int>(lm.nfev());
  out.x = start;
  const bool converged = status == RelativeReductionTooSmall || status == RelativeErrorTooSmall ||
                         status == RelativeErrorAndReductionTooSmall || status == CosinusTooSmall ||
                         status == FtolTooSmall || status == XtolTooSmall || status == GtolTooSmall;
  if (!converged || !out.x.allFinite()) {
    out.status = FitStatus::kNotConverged;
    out.reason = fmt::format("Levenberg-Marquardt stopped after {} evaluations: {}",
                             out.evaluations, describe(status));
    return out;
  }
  Eigen::VectorXd r(problem.residuals);
  Eigen::MatrixXd j(problem.residuals, problem.parameters);
  problem.evaluate(out.x, r);
  problem.jacobian(out.x, j);
  const Eigen::MatrixXd jtj = j.transpose() * j;
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(jtj);
  if (!r.allFinite() || !j.allFinite() || !lu.isInvertible()) {
    out.status = FitStatus::kRefused;
    out.reason =
        "the measurements do not determine the coefficients separately "
        "(singular Jacobian at the solution)";
    return out;
  }
  const double s2 = r.squaredNorm() / (problem.residuals - problem.parameters);
  const Eigen::MatrixXd inverse = lu.inverse();
  out.covariance = s2 * (inverse + inverse.transpose()) / 2;
  return out;
}

}  // namespace fasdl::least_squares
