// Validation runs: the configurations of a validation trained for real on
// this machine (fasdl/accuracy/local_run.h), to be scored by
// fasdl/accuracy/validate.h.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "fasdl/accuracy/local_run.h"
#include "fasdl/accuracy/validate.h"
#include "fasdl/base/expected.h"

namespace fasdl {

// Trains each configuration with `model`'s plan (B, and A for K < W),
// `repeats` times in turn (all configurations, then all again), each run
// between two timings of the reference probe (fasdl/accuracy/reference_probe.h,
// the runtime's network at batch 32), and keeps each configuration's run of
// median seconds per probe second (of an even number, the faster of the
// middle two). Fails with the first run that fails; `notice` hears of each run.
Expected<std::vector<MeasuredRun>> run_validation(
    const Model& model, const std::vector<Config>& configs, int repeats,
    const LocalRunSettings& settings, const std::function<void(std::string_view)>& notice);

}  // namespace fasdl
