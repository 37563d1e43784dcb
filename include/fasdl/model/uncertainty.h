// Uncertainty: how sure a prediction is, from the covariance of the fitted
// compute and flatten coefficients (workload) and the spread of repeated
// transfer timings (profile), by first-order propagation through the
// model's own terms (Model::train_gradient, flatten_gradient,
// function_dollars; transfer_weights of fasdl/model/iteration.h).
//
// With the batches A, B and the iteration count I held at their predicted
// values, T = I T_iter and
//   Var(T_iter) = g_c' S_c g_c + g_f' S_f g_f
//               + (K + 1)^2 Var(up) + (max(K - 1, 1) + W - 1)^2 Var(down)
// where g_c = dT_train/d(a, b, m) = ((B + b), a, -a (B + b) / (M' + m)) / (M' + m)
// at the memory the compute law sees (M' = M, or capped by the vCPUs used),
// g_f = dT_trans/d(k1, k2) = (M^k2, k1 M^k2 ln M), S_c and S_f the
// covariances, and Var(up), Var(down) the interpolated variances of the
// transfer medians (TransferTable::variance). Then
//   sd(T) = I sd(T_iter)   seconds,
//   sd(C) = (C_fn(T + sd(T)) - C_fn(T - sd(T))) / 2   dollars,
// with C_fn the function's dollars (tiered per GB-second, or p_mem T M W),
// and the interval at confidence c runs from the (1 - c) to the c quantile of
// a normal distribution (the lower ends clipped at zero): with probability c
// a run takes at most `seconds_high` and costs at most `dollars_high`.
#pragma once

#include <cmath>

#include "fasdl/model/model.h"

namespace fasdl {

struct Spread {
  double seconds = 0;  // standard deviation of T, s
  double dollars = 0;  // standard deviation of C, $
};

struct PredictionInterval {
  double confidence = 0.9;
  double seconds_low = 0;
  double seconds_high = 0;
  double dollars_low = 0;
  double dollars_high = 0;
  // False when the spread is beyond the range of a double (absurd spreads in
  // the inputs): the outputs then print no interval rather than infinity.
  bool bounded() const { return std::isfinite(seconds_high) && std::isfinite(dollars_high); }
};

// True when the workload carries a covariance or the profile a spread.
bool has_uncertainty(const Model& model);

// The spread of a feasible prediction (zero when nothing is uncertain);
// infinite, never NaN, when it is beyond the range of a double.
Spread spread(const Model& model, const Prediction& p);

PredictionInterval interval(const Model& model, const Prediction& p, double confidence);

// The p quantile of the standard normal distribution, p in (0, 1).
double normal_quantile(double p);

}  // namespace fasdl
