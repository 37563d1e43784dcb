// A profile whose transfer times are linear in size and the same at every
// memory, so tests can compute lookups by hand: up = 0.1 + f / 100 and
// down = 0.05 + f / 200 seconds, measured at 1 MB and `largest_mb` in two
// columns at the ends of `memory`. Upload points may carry a spread
// (`up_repeats` timings with median absolute deviation `up_mad`).
#pragma once

#include "fasdl/model/profile.h"

namespace fasdl::testing {

Profile linear_profile(MemoryRange memory, double largest_mb = 100, int up_repeats = 1,
                       double up_mad = 0);

// The transfers of fasdl-run's small networks: up = 0.01 + f / 50 and
// down = 0.005 + f / 100, measured at 0.5 and 16 MB at 256 and 2048 MB, with
// prices {1.64e-8, 5e-6, 4e-7} and no sync.
Profile small_run_profile();

}  // namespace fasdl::testing
