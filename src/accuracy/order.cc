#include "fasdl/accuracy/order.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace fasdl {

namespace {

// Ranks 1..n, ties sharing their mean rank.
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]])
      ++j;
    for (std::size_t k = i; k <= j; ++k)
      r[order[k]] = 0.5 * static_cast<double>(i + j) + 1;
    i = j + 1;
  }
  return r;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  if (x.size() < 2) return 0;
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0;
}

double apart(double a, double b) {
  return std::max(a, b) / std::min(a, b) - 1;
}

}  // namespace

double spearman(const std::vector<double>& predicted, const std::vector<double>& measured) {
  return pearson(ranks(predicted), ranks(measured));
}

OrderDisagreement widest_disagreement(const std::vector<double>& predicted,
                                      const std::vector<double>& measured) {
  OrderDisagreement out;
  const std::size_t n = std::min(predicted.size(), measured.size());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      if (!((predicted[i] - predicted[j]) * (measured[i] - measured[j]) < 0)) continue;
      const double separation =
          std::min(apart(predicted[i], predicted[j]), apart(measured[i], measured[j]));
      if (!out.any || separation > out.separation) out = {true, i, j, separation};
    }
  }
  return out;
}

}  // namespace fasdl
