// Chance: how likely a predicted run meets a deadline and a budget, under the
// first-order uncertainty of the workload and profile (fasdl/model/uncertainty.h).
//
// With T and C normal around the prediction with standard deviations sd(T) s
// and sd(C) $,
//   P(T < deadline) = Phi((deadline - T) / sd(T))
//   P(C <= budget)  = Phi((budget - C) / sd(C))
// Phi the standard normal distribution function. Without a spread the run is
// certain: 1 when the prediction meets the limit, else 0. A plan found at the
// point estimate just under its deadline has about one chance in two.
#pragma once

#include <optional>

#include "fasdl/model/model.h"

namespace fasdl {

// Phi((limit - value) / sd); with sd = 0, 1 when value < limit (or <= when
// `inclusive`), else 0.
double chance_within(double value, double sd, double limit, bool inclusive);

struct Chances {
  std::optional<double> deadline;  // P(T < deadline), when there is a deadline
  std::optional<double> budget;    // P(C <= budget), when there is a budget
};

// The chances of a feasible prediction; empty for an infeasible one or a
// spread beyond a double.
Chances chances(const Model& model, const Prediction& p, std::optional<double> deadline_seconds,
                std::optional<double> budget_dollars);

}  // namespace fasdl
