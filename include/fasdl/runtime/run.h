// Run: what fasdl-run trains, on which share of the machine, and the event
// every worker is invoked with (docs/runtime.md). Value types and pure
// functions; the processes live in fasdl/runner.h.
//
// Units: memory and sizes in MB, time in seconds, CPU in cores.
//
// Lambda gives a function of M MB vCPU(M) = M / 1769 cores. fasdl-run gives
// each worker
//   cores(M) = cpu_scale * M / 1769
// and requires W cores(M) <= the cores it may use, so that the workers never
// oversubscribe the machine (auto scale: min(1, cores / (W M / 1769))).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fasdl/base/expected.h"
#include "fasdl/model/model.h"
#include "fasdl/runtime/kreduce.h"
#include "fasdl/runtime/network.h"

namespace fasdl {

// A configuration to run: the model's (W, M, K) and the two batches.
struct RunPlan {
  Config config;
  long long batch_aggregator = 1;  // B
  long long batch_other = 1;       // A; unused when K = W

  Partition partition() const;
};

// W in 1..1000, 1 <= K <= W, M in 128..10240 MB (Lambda's range), B >= 1, and
// A >= 1 when K < W.
std::optional<Error> check_plan(const RunPlan& plan);

// The `plan` object of `fasdl-plan --format json`, or a bare prediction
// (`fasdl-plan predict --format json`): keys workers, memory_mb, aggregators,
// batch_aggregator, batch_other; other keys are ignored. An infeasible plan
// or prediction is refused with its reason.
Expected<RunPlan> parse_run_plan(std::string_view json, std::string_view origin);

// cpu_scale * M / 1769 cores.
double worker_cores(int memory_mb, double cpu_scale);
// The smallest share of a core a worker may get: a CPU quota of 1 ms per 1 s
// period (cgroup.cc).
inline constexpr double kMinWorkerCores = 0.001;
// min(1, cores / (W M / 1769)): the largest scale up to Lambda's own at
// which the workers fit in `cores`.
double fitting_cpu_scale(const Config& config, double cores);
// Refuses a scale whose workers need more than `cores` (names the largest
// scale that fits).
std::optional<Error> check_cpu_fit(const Config& config, double cpu_scale, double cores);
// "auto" (fitting_cpu_scale) or a positive number that passes check_cpu_fit.
Expected<double> parse_cpu_scale(std::string_view text, const Config& config, double cores);

// What a worker holds in memory, MB: the network's parameters four times
// (weights, the flat vector, this and the next base), 28 bytes per value of a
// chunk (the merge sum in doubles, the received chunk, the client's copies),
// activations of the largest batch, the data set and 24 MB for the process.
// An upper bound: a 16 MB network with K = 1 peaked at 177 MB against 200.
double worker_memory_mb(const NetworkShape& network, long long batch, const DatasetSpec& data,
                        int aggregators);

struct TrainingSpec {
  NetworkShape network;
  DatasetSpec data;
  std::uint64_t seed = 1;  // initial weights (the data set has its own seed)
  double learning_rate = 0.05;
  long long epochs = 1;
};

// The event every worker is invoked with, stored in the store as JSON.
struct RunSpec {
  std::string run_id;
  RunPlan plan;
  TrainingSpec training;
  long long iterations = 0;           // I = floor(D E / G)
  int checkpoint_every = 10;          // iterations between checkpoints (>= 1)
  double max_duration_seconds = 900;  // one invocation's limit
  double wait_timeout_seconds = 60;   // longest wait for one chunk
  double store_retry_seconds = 10;    // back-off before a lost store is fatal
  double clock_origin = 0;            // CLOCK_MONOTONIC seconds at the run's start
  double poll_min_seconds = 0.0005;   // first pause between polls of a missing key
  double poll_max_seconds = 0.005;    // longest pause between polls

  // Merges older than this many iterations are removed from the store.
  long long retained_merges() const { return checkpoint_every + 3; }
};

std::string run_spec_to_json(const RunSpec& spec);
Expected<RunSpec> parse_run_spec(std::string_view json, std::string_view origin);

}  // namespace fasdl
