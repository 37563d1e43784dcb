// The launcher's last step (internal): the final merge, the consistency of the
// workers' parameters, the losses and the summary.
#pragma once

#include <string>
#include <vector>

#include "fasdl/runtime/run_report.h"
#include "fasdl/runtime/runner.h"
#include "fasdl/runtime/store.h"

namespace fasdl {

// What the launcher saw while the workers ran.
struct RunFacts {
  std::string store;
  std::string throttle;
  double cores = 0;        // per worker
  double first_start = 0;  // CLOCK_MONOTONIC seconds: the first invocation
  double last_end = 0;     // the last worker's exit
  int relaunches = 0;
  double function_seconds = 0;  // billed, all invocations
};

// Reads the last two merges and the workers' final digests from the store,
// evaluates the initial and final parameters and summarises the records.
// Throws StoreError when the store fails or a merge is missing.
RunSummary finish(Store& store, const RunSpec& spec, const RunnerOptions& options,
                  const std::vector<IterationRecord>& records, const RunFacts& facts);

}  // namespace fasdl
