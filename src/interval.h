// Closed intervals of doubles for bounding the model over blocks (internal).
#pragma once

#include <algorithm>

namespace fasdl {

struct Interval {
  double lo = 0;
  double hi = 0;

  static Interval point(double v) { return {v, v}; }
  static Interval of(double a, double b) { return {std::min(a, b), std::max(a, b)}; }
  Interval hull(const Interval& o) const { return {std::min(lo, o.lo), std::max(hi, o.hi)}; }
};

inline Interval operator+(Interval a, Interval b) { return {a.lo + b.lo, a.hi + b.hi}; }
inline Interval operator+(Interval a, double b) { return {a.lo + b, a.hi + b}; }
inline Interval operator*(Interval a, Interval b) {
  const double p[] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
  return {*std::min_element(p, p + 4), *std::max_element(p, p + 4)};
}
inline Interval operator*(double s, Interval a) { return Interval::of(s * a.lo, s * a.hi); }

}  // namespace fasdl
