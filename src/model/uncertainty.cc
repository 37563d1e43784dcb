#include "fasdl/model/uncertainty.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "fasdl/model/iteration.h"

namespace fasdl {

bool has_uncertainty(const Model& model) {
  const Workload& w = model.workload();
  return w.compute.covariance.has_value() || w.flatten.covariance.has_value() ||
         model.profile().transfers.has_spread();
}

Spread spread(const Model& model, const Prediction& p) {
  if (!p.feasible()) return {};
  const Workload& w = model.workload();
  const Config& c = p.config;
  double variance = 0;
  if (const auto& s = w.compute.covariance) {
    const std::array<double, 3> g = model.train_gradient(c.memory_mb);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        variance += g[i] * (*s)[3 * i + j] * g[j];
  }
  if (const auto& s = w.flatten.covariance) {
    const std::array<double, 2> g = model.flatten_gradient(c.memory_mb);
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        variance += g[i] * (*s)[2 * i + j] * g[j];
  }
  const TransferTable& t = model.profile().transfers;
  const double f = w.model_mb / c.aggregators;
  const TransferWeights weight = transfer_weights(c.workers, c.aggregators);
  variance += weight.up * weight.up * t.variance(Direction::kUpload, c.memory_mb, f);
  variance += weight.down * weight.down * t.variance(Direction::kDownload, c.memory_mb, f);
  const double seconds = static_cast<double>(p.iterations) * std::sqrt(std::max(variance, 0.0));
  // The function's dollars move with its seconds at the price of the next
  // GB-second (tiers) or p_mem: their central difference over one spread.
  const double dollars =
      0.5 * (model.function_dollars(p.seconds + seconds, c.memory_mb, c.workers) -
             model.function_dollars(std::max(0.0, p.seconds - seconds), c.memory_mb, c.workers));
  // An overflow (or infinity times a zero price) means a spread beyond any bound.
  if (!std::isfinite(seconds) || !std::isfinite(dollars)) {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    return {kInf, kInf};
  }
  return {seconds, dollars};
}

PredictionInterval interval(const Model& model, const Prediction& p, double confidence) {
  const Spread s = spread(model, p);
  const double z = normal_quantile(confidence);
  return {confidence, std::max(0.0, p.seconds - z * s.seconds), p.seconds + z * s.seconds,
          std::max(0.0, p.dollars - z * s.dollars), p.dollars + z * s.dollars};
}

double normal_quantile(double p) {
  // Bisection on the CDF 0.5 erfc(-x / sqrt 2): slow but exact to the last
  // digits, and only called once per search.
  double lo = -40, hi = 40;
  for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
    const double mid = 0.5 * (lo + hi);
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace fasdl
