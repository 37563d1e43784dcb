// The median of a sample (internal): the middle value, or the mean of the two
// middle ones; 0 for an empty sample.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace fasdl {

inline double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  if (n % 2) return v[n / 2];
  const double mid = (v[n / 2 - 1] + v[n / 2]) / 2;
  return std::isfinite(mid) ? mid : v[n / 2 - 1] / 2 + v[n / 2] / 2;  // near DBL_MAX
}

}  // namespace fasdl
