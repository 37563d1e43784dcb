// One invocation of one worker in a process of its own (`fasdl-run worker`).
#include <fmt/format.h>
#include <unistd.h>

#include "fasdl/runtime/runner.h"
#include "fasdl/runtime/worker.h"

namespace fasdl {

ProcessExit run_worker_invocation(const StoreAddress& address, const std::string& password,
                                  const std::string& run_id, int worker, int invocation,
                                  double started, double retry_seconds) {
  // Messages of run_worker start with "worker N: "; ours get it here.
  const auto with_prefix = [&](const std::string& message) {
    const std::string prefix = fmt::format("worker {}: ", worker);
    return message.rfind(prefix, 0) == 0 ? message : prefix + message;
  };
  auto connected = connect_redis(address, password, {2.0, 30.0, retry_seconds});
  if (!connected) return {kWorkerStoreLost, with_prefix(connected.error().message)};
  Store& store = **connected;
  const KeySpace keys(run_id);
  // The launcher prints one line for the run: it reads why a worker gave up from the store.
  const auto fail = [&](int code, const std::string& message) {
    ProcessExit exit{code, with_prefix(message)};
    try {
      store.put(keys.failure(worker), exit.message);
    } catch (const StoreError&) {
    }
    return exit;
  };
  WorkerOutcome outcome;
  try {
    const auto event = store.get(keys.spec());
    if (!event)
      return fail(kWorkerBadEvent,
                  fmt::format("no event under {} in {}", keys.spec(), store.name()));
    auto spec = parse_run_spec(*event, keys.spec());
    if (!spec) return fail(kWorkerBadEvent, spec.error().message);
    if (worker < 0 || worker >= spec->plan.config.workers) {
      return fail(kWorkerBadEvent, fmt::format("--worker {}: expected 0..{}", worker,
                                               spec->plan.config.workers - 1));
    }
    const WorkerContext context{worker,  invocation, static_cast<int>(getpid()), monotonic_seconds,
                                started, nullptr};
    outcome = run_worker(store, *spec, context);
  } catch (const StoreError& e) {
    return {kWorkerStoreLost, with_prefix(e.what())};
  }
  switch (outcome.status) {
    case WorkerStatus::kFinished:
      return {kWorkerFinished, ""};
    case WorkerStatus::kRelaunch:
      return {kWorkerRelaunch, ""};
    case WorkerStatus::kStoreLost:
      return {kWorkerStoreLost, with_prefix(outcome.message)};
    case WorkerStatus::kWaitTimeout:
    case WorkerStatus::kFailed:
      break;
  }
  return fail(outcome.status == WorkerStatus::kWaitTimeout ? kWorkerWaitTimeout : kWorkerFailed,
              outcome.message);
}

}  // namespace fasdl
