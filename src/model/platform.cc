#include "fasdl/model/platform.h"

#include <fmt/format.h>

#include <algorithm>

namespace fasdl {

double TieredPrices::cost(double gb_seconds) const {
  const auto it = tiers.find(architecture);
  if (it == tiers.end() || gb_seconds <= 0) return 0;
  double dollars = 0;
  double start = monthly_usage_gb_seconds;
  const double end = monthly_usage_gb_seconds + gb_seconds;
  double tier_start = 0;
  for (const PriceTier& t : it->second) {
    const double lo = std::max(start, tier_start);
    const double hi = std::min(end, t.up_to_gb_seconds);
    if (hi > lo && t.price > 0) dollars += (hi - lo) * t.price;
    tier_start = t.up_to_gb_seconds;
    if (tier_start >= end) break;
  }
  return dollars;
}

}  // namespace fasdl
