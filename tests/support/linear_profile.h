// A profile whose transfer times are linear in size and the same at every
// memory, so tests can compute lookups by hand: up = 0.1 + f / 100 and
// down = 0.05 + f / 200 seconds, measured at 1 MB and `largest_mb` in two
// columns at the ends of `memory`. Upload points may carry a spread
// (`up_repeats` timings with median absolute deviation `up_mad`).
#pragma once

#include <string>

#include "fasdl/model/model.h"
#include "fasdl/model/profile.h"

namespace fasdl::testing {

Profile linear_profile(MemoryRange memory, double largest_mb = 100, int up_repeats = 1,
                       double up_mad = 0);

// The transfers of fasdl-run's small networks: up = 0.01 + f / 50 and
// down = 0.005 + f / 100, measured at 0.5 and 16 MB at 256 and 2048 MB, with
// prices {1.64e-8, 5e-6, 4e-7} and no sync.
Profile small_run_profile();

// The formats' tests' model: linear_profile over 128..3008 MB by 64 MB named
// "flat", prices {1e-8, 5e-6, 4e-7}, sync {0.001, 10 MB}, and a 40 MB workload
// of 100,000 samples with T_train = 100 (B + 16) / M and T_trans = 0.5 s.
Model flat_model(std::string workload_name, int epochs);

}  // namespace fasdl::testing
