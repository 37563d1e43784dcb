// Run report: what fasdl-run measured, as JSON lines per worker and
// iteration and as a summary in the keys of a prediction, so that a run and
// `fasdl-plan predict` compare field by field (docs/runtime.md).
//
// Units: seconds, US dollars, MB.
//
// Per iteration a worker records seconds of
//   train      one SGD step on its mini-batch (B or A samples)
//   flatten    parameters to the flat vector and the base back (both ways)
//   upload     its chunks (K - 1 for an aggregator, K for another worker)
//   aggregate  an aggregator's W - 1 chunk downloads, the mean and the merged
//              chunk's upload (0 for other workers)
//   download   the merged chunks it does not own
//   sync       waiting for a chunk or merge that was not there yet
//   iteration  wall time from the start of train to the end of download.
// The summary's breakdown is the mean over the aggregators' records: their
// path is the one the model's breakdown describes (others train A instead of
// waiting). by_role gives both roles.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/base/output_format.h"
#include "fasdl/model/model.h"
#include "fasdl/model/profile.h"
#include "fasdl/runtime/kreduce.h"
#include "fasdl/runtime/run.h"

namespace fasdl {

struct IterationRecord {
  int worker = 0;
  int invocation = 0;  // 0 first, 1 after the first re-invocation, ...
  int pid = 0;
  long long iteration = 0;
  Role role = Role::kAggregator;
  long long batch = 0;
  double loss = 0;        // mini-batch cross-entropy before the step, nats
  Breakdown seconds;      // train .. sync and iteration as above
  double checkpoint = 0;  // seconds writing the checkpoint just before the iteration
  double started = 0;     // seconds since the run's start
  long long puts = 0;     // data requests of this iteration
  long long gets = 0;
  bool replay = false;  // redone after a re-invocation: some of its merges existed already
};

// One line of JSON (no line end): {"event": "iteration", "worker": ..., ...}.
std::string to_json_line(const IterationRecord& r);
Expected<IterationRecord> parse_iteration_record(std::string_view json, std::string_view origin);

struct RoleSummary {
  int workers = 0;
  long long batch = 0;
  Breakdown breakdown;  // mean seconds per iteration
};

// What the records say, before prices.
struct Measurements {
  RoleSummary aggregator;
  RoleSummary other;                  // workers = 0 when K = W
  std::vector<double> loss_by_epoch;  // mean mini-batch loss of each epoch, weighted by batch
  long long puts = 0;
  long long gets = 0;
  long long replayed = 0;         // iterations redone after re-invocations
  double checkpoint_seconds = 0;  // all workers, all checkpoints
};

// Summarises the records of a run. A re-done iteration counts once in the
// means (its last record); its requests count every time.
Measurements measure(const std::vector<IterationRecord>& records, const RunSpec& spec);

// C_fn = p_mem * M * (billed function seconds, summed over invocations),
// C_storage = p_put puts + p_get gets: the model's prices applied to what the
// run did.
CostSplit price_run(const Prices& prices, int memory_mb, double function_seconds, long long puts,
                    long long gets);

struct RunSummary {
  RunSpec spec;
  // The keys of a prediction.
  long long iterations = 0;
  double seconds = 0;  // wall: first invocation to the last worker's exit
  double dollars = 0;
  Breakdown breakdown;  // the aggregators' mean
  CostSplit cost;
  // Run only.
  Measurements measured;
  double seconds_per_iteration = 0;  // training wall span / I
  double function_seconds = 0;       // billed: all invocations of all workers
  double initial_loss = 0;           // initial parameters on the evaluation samples
  double final_loss = 0;             // final merge on the evaluation samples
  long long evaluation_samples = 0;
  std::string final_digest;            // digest of the final merge
  bool parameters_consistent = false;  // workers hold merge I-1 (aggregators) or I-2 (others)
  int relaunches = 0;                  // re-invocations after a kill or the duration limit
  double cpu_scale = 1;
  double worker_cores = 0;
  std::string throttle;  // how CPU and memory were limited, or "none: <why>"
  std::string store;     // where chunks went
  std::string profile;   // whose prices
};

// JSON (prediction keys first, then run-only keys) or a table for people.
std::string format_run_summary(const RunSummary& s, OutputFormat format);
// {"event": "summary", ...}: the last line of a run's log.
std::string summary_log_line(const RunSummary& s);

}  // namespace fasdl
