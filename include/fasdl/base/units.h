// Units: durations and amounts of money as people type them.
#pragma once

#include <string_view>

#include "fasdl/base/expected.h"

namespace fasdl {

// Seconds from "5400", "5400s", "90m", "90min", "1.5h", "2d", "1h30m" or
// "1 h 30 min". A bare number is seconds. The result is positive and finite.
Expected<double> parse_duration(std::string_view text);

// Dollars from "5", "5.50", "$5" or "5 USD". The result is non-negative and
// finite.
Expected<double> parse_money(std::string_view text);

}  // namespace fasdl
