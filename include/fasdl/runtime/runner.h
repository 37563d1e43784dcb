// Runner: fasdl-run's launcher (docs/runtime.md). It starts a private
// redis-server (or uses the given one), stores the run's event, invokes W
// worker processes with CPU and memory limits, re-invokes a worker that was
// killed or stopped at the duration limit (from its checkpoint), collects
// the JSON lines the workers log, and prices and summarises the run. It
// stops every process it started, and removes every key of the run, on
// success, failure or interruption (SIGINT, SIGTERM, SIGHUP).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/model/profile.h"
#include "fasdl/runtime/run.h"
#include "fasdl/runtime/run_report.h"
#include "fasdl/runtime/store.h"

namespace fasdl {

// Exit codes of a worker process (`fasdl-run worker`).
inline constexpr int kWorkerFinished = 0;
inline constexpr int kWorkerBadEvent = 2;
inline constexpr int kWorkerStoreLost = 3;
inline constexpr int kWorkerWaitTimeout = 4;
inline constexpr int kWorkerFailed = 5;
inline constexpr int kWorkerRelaunch = 75;

// Cores left to the store and the launcher; workers get the rest.
inline constexpr double kReservedCores = 0.5;

// CPU and memory limits of the workers.
enum class Limits {
  kAuto,  // cgroup v2, else v1, else none with the reason
  kNone,  // unthrottled, on purpose
};
std::string_view to_string(Limits l);
Expected<Limits> limits_from_string(std::string_view s);

struct RunnerOptions {
  RunSpec spec;                       // run_id and clock_origin are set by the launcher
  std::optional<StoreAddress> store;  // none: start a private redis-server
  std::string store_password;         // for `store`
  std::string redis_server = "redis-server";
  // How to invoke a worker: the program and the arguments before
  // --store/--run/--worker/--invocation (fasdl-run: {"/proc/self/exe", {"worker"}}).
  std::string worker_program;
  std::vector<std::string> worker_arguments;
  std::string log_path;  // JSON lines; "" for none
  Prices prices;
  std::string profile_name;
  double cpu_scale = 1;
  double cores = 1;  // cores the workers may use together
  Limits limits = Limits::kAuto;
  int max_relaunches = 3;  // per worker, after kills that lost progress
  long long evaluation_samples = 2048;
  // Fault injection for tests and demonstrations: SIGKILL this worker once,
  // as soon as it has logged this iteration.
  struct Kill {
    int worker = 0;
    long long iteration = 0;
  };
  std::optional<Kill> kill;
  // One-line notices for people (start, relaunches, progress).
  std::function<void(std::string_view)> notice;
};

// kWriteFailed: the run could not write its log (the one-line message names it).
// The redis-server program to start: `program` found on PATH (or as a path),
// a regular executable file; else "--redis-server PROGRAM: not an executable
// file ...". Checked before anything starts.
Expected<std::string> find_redis_server(const std::string& program);

enum class RunStatus { kCompleted, kFailed, kInterrupted, kWriteFailed };

struct RunOutcome {
  RunStatus status = RunStatus::kFailed;
  std::string message;  // one line when not completed
  RunSummary summary;   // complete when completed
};

RunOutcome run_training(const RunnerOptions& options);

// "W@I" of --kill-worker, with W in 0..workers-1 and I in 0..iterations-1.
Expected<RunnerOptions::Kill> parse_kill(std::string_view text, int workers, long long iterations);

// The cores this process may use: CPUs in its affinity mask, capped by its
// own cgroup's CPU quota when it has one.
double machine_cores();

// How a worker or probe process ends: its exit code, and the one-line
// message the program prints (empty when there is nothing to say).
struct ProcessExit {
  int code = 0;
  std::string message;
};

// One invocation of one worker, the body of the hidden `worker` subcommand:
// reads the event from the store, runs, and returns one of the exit codes
// above with a message ("worker N: ...") when it does not finish.
ProcessExit run_worker_invocation(const StoreAddress& store, const std::string& password,
                                  const std::string& run_id, int worker, int invocation,
                                  double started, double retry_seconds);

}  // namespace fasdl
