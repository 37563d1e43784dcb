// A profile whose transfer times are linear in size and the same at every
// memory, so tests can compute lookups by hand: up = 0.1 + f / 100 and
// down = 0.05 + f / 200 seconds, measured at 1 MB and `largest_mb` in two
// columns at the ends of `memory`. Upload points may carry a spread
// (`up_repeats` timings with median absolute deviation `up_mad`).
#pragma once

#include "fasdl/profile.h"

namespace fasdl::testing {

Profile linear_profile(MemoryRange memory, double largest_mb = 100, int up_repeats = 1,
                       double up_mad = 0);

}  // namespace fasdl::testing
