// Reference probe: a fixed piece of work timed on this machine, so that a
// run's seconds can be told apart from the machine's speed at that moment
// (docs/accuracy.md, "Drift"). `fasdl-profile measure` records its seconds in
// the profile (Profile::reference_probe); `fasdl-validate` times it before
// and after every run. With p_run the mean of the two and p_profile the
// profile's,
//   c = p_run / p_profile              the machine's slowness, dimensionless
//   corrected = measured / c           the run's seconds at the profile's speed
// Everything a local run does (training, flattening, Redis, the launcher)
// runs on the same CPUs, so the whole run is scaled.
//
// The work: `steps` SGD steps of the runtime's network at batch `batch` on
// seeded data, in this process, with no CPU quota; the seconds are the
// median of `repeats` timings.
#pragma once

#include <string>

#include "fasdl/runtime/network.h"

namespace fasdl {

struct ReferenceWork {
  NetworkShape network;
  long long batch = 32;
  int steps = 20;
  int repeats = 3;
};

// "20 SGD steps at batch 32 of a 4.00 MB network (32-512x3-10)"
std::string describe(const ReferenceWork& work);

// Median seconds of `repeats` timings of the work.
double time_reference(const ReferenceWork& work);

// c = p_run / p_profile; 1 when either is missing (0).
double slowness(double run_seconds, double profile_seconds);

}  // namespace fasdl
