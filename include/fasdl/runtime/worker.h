// Worker: one function of a K-REDUCE run (fasdl/kreduce.h) as a loop over a
// store; fasdl-run invokes it in a process of its own, tests in threads.
//
// An invocation starts from the worker's checkpoint in the store (or from the
// initial parameters), runs iterations until the last one or until the next
// would not end within max_duration_seconds of the invocation's start, and
// then writes a checkpoint and asks to be re-invoked. Every `checkpoint_every`
// iterations it writes a checkpoint as well, so that a killed worker loses at
// most that many iterations. Training is deterministic, so an iteration
// redone after a kill produces the same bits as the first time: re-uploaded
// chunks are identical and merges that exist are not redone.
//
// Every wait for a chunk polls the store with pauses of poll_min_seconds
// doubling to poll_max_seconds and gives up after wait_timeout_seconds.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "fasdl/runtime/run.h"
#include "fasdl/runtime/run_report.h"
#include "fasdl/runtime/store.h"

namespace fasdl {

enum class WorkerStatus {
  kFinished,     // every iteration is done; its final digest is in the store
  kRelaunch,     // stopped before the duration limit with a checkpoint: invoke it again
  kStoreLost,    // the store could not be reached after the retries
  kWaitTimeout,  // a chunk or merge did not appear within wait_timeout_seconds
  kFailed,       // a broken checkpoint or event
};
std::string_view to_string(WorkerStatus s);

struct WorkerOutcome {
  WorkerStatus status = WorkerStatus::kFinished;
  std::string message;           // one line when not finished
  long long next_iteration = 0;  // where the next invocation starts
};

struct WorkerContext {
  int worker = 0;
  int invocation = 0;
  int pid = 0;
  // CLOCK_MONOTONIC seconds; shared by every process on the machine.
  std::function<double()> now;
  // When the invocation began (the launcher's clock): --max-duration counts
  // from here. 0: when run_worker is called.
  double started = 0;
  // Called with each iteration's record (the worker also pushes it to the
  // store's log list).
  std::function<void(const IterationRecord&)> on_record;
};

WorkerOutcome run_worker(Store& store, const RunSpec& spec, const WorkerContext& context);

// The checkpoint's value: magic "FASDLCK1", the next iteration and the
// parameter count as 64-bit integers, then the base parameters.
std::string encode_checkpoint(long long next_iteration, std::span<const float> base);
// Fails on a wrong magic or size; fills `base` (already of the right size).
std::optional<Error> decode_checkpoint(std::string_view value, long long& next_iteration,
                                       std::span<float> base);

// CLOCK_MONOTONIC seconds.
double monotonic_seconds();

}  // namespace fasdl
