// Closed intervals of doubles for bounding the model over blocks (internal).
//
// Absurd coefficients can make an end infinite. The operations stay sound:
// a product of an exact 0 and an infinite end is 0 (the ends bound finite
// values), and an end that would be NaN (inf - inf) widens to -inf or +inf.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace fasdl {

struct Interval {
  double lo = 0;
  double hi = 0;

  static constexpr double kInf = std::numeric_limits<double>::infinity();
  // NaN ends widen to the whole line.
  static Interval widened(double lo, double hi) {
    return {std::isnan(lo) ? -kInf : lo, std::isnan(hi) ? kInf : hi};
  }
  static Interval point(double v) { return widened(v, v); }
  static Interval of(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return {-kInf, kInf};
    return {std::min(a, b), std::max(a, b)};
  }
  Interval hull(const Interval& o) const { return {std::min(lo, o.lo), std::max(hi, o.hi)}; }
};

// The product of two interval ends, with 0 times an infinite end taken as 0.
inline double end_product(double a, double b) {
  const double p = a * b;
  return std::isnan(p) && (a == 0 || b == 0) ? 0.0 : p;
}

inline Interval operator+(Interval a, Interval b) {
  return Interval::widened(a.lo + b.lo, a.hi + b.hi);
}
inline Interval operator+(Interval a, double b) {
  return Interval::widened(a.lo + b, a.hi + b);
}
inline Interval operator*(Interval a, Interval b) {
  const double p[] = {end_product(a.lo, b.lo), end_product(a.lo, b.hi), end_product(a.hi, b.lo),
                      end_product(a.hi, b.hi)};
  return {*std::min_element(p, p + 4), *std::max_element(p, p + 4)};
}
inline Interval operator*(double s, Interval a) {
  return Interval::of(end_product(s, a.lo), end_product(s, a.hi));
}

}  // namespace fasdl
