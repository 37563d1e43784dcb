#include "fasdl/model/chance.h"

#include <cmath>

#include "fasdl/model/uncertainty.h"

namespace fasdl {

double chance_within(double value, double sd, double limit, bool inclusive) {
  if (!(sd > 0)) return (inclusive ? value <= limit : value < limit) ? 1.0 : 0.0;
  return 0.5 * std::erfc(-(limit - value) / (sd * std::sqrt(2.0)));
}

Chances chances(const Model& model, const Prediction& p, std::optional<double> deadline_seconds,
                std::optional<double> budget_dollars) {
  if (!p.feasible()) return {};
  const Spread s = spread(model, p);
  if (!std::isfinite(s.seconds) || !std::isfinite(s.dollars)) return {};
  Chances c;
  if (deadline_seconds) c.deadline = chance_within(p.seconds, s.seconds, *deadline_seconds, false);
  if (budget_dollars) c.budget = chance_within(p.dollars, s.dollars, *budget_dollars, true);
  return c;
}

}  // namespace fasdl
