// Measure: timing this machine for fasdl-run as the FasDL authors timed
// Lambda and S3 (docs/accuracy.md). Probes (fasdl/probe.h) run under the CPU
// quota of each memory size, `concurrency` of them at once as the workers of
// a run share the machine and the store, and time
//   transfers:  a put and a get of objects of each size, per memory;
//   compute:    a training step of the runtime's network at each batch size
//               and its flattening, per memory.
// The measurements come back in the rows of `fasdl-profile storage` and
// `compute`, which fit the profile and the workload (fasdl/fit.h).
// Processes, cgroups and the store live here; fasdl/calibrate.h fits what
// the short K-REDUCE calibration runs measure.
//
// Units: memory and sizes in MB, time in seconds, CPU in cores.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/calibrate.h"
#include "fasdl/expected.h"
#include "fasdl/fit.h"
#include "fasdl/local_run.h"
#include "fasdl/network.h"
#include "fasdl/probe.h"
#include "fasdl/runner.h"
#include "fasdl/store.h"
#include "fasdl/transfer_table.h"

namespace fasdl {

struct MeasureOptions {
  std::optional<StoreAddress> store;  // none: a private redis-server
  std::string store_password;
  std::string redis_server = "redis-server";
  // How to start a probe: the program and the arguments before
  // --store/--session/--probe (fasdl-profile: {"/proc/self/exe", {"probe"}}).
  std::string probe_program;
  std::vector<std::string> probe_arguments;
  std::vector<int> memories_mb;    // a quota of cpu_scale M / 1769 cores each
  std::vector<double> sizes_mb;    // objects to move
  std::vector<long long> batches;  // mini-batches to train
  NetworkShape network;
  DatasetSpec data;
  double cpu_scale = 1;
  Limits limits = Limits::kAuto;
  int concurrency = 1;  // probes at once, each under its own quota
  int repeats = 3;
  double burst_seconds = 1;
  double timeout_seconds = 600;  // for one group of probes
  std::function<void(std::string_view)> notice;
};

struct MachineMeasurements {
  std::vector<Measurement> transfers;  // one per burst: seconds per object
  std::vector<ComputeSample> compute;  // one per burst: seconds per step
  std::string throttle;                // how the probes were limited
  std::string store;                   // where the objects went
};

// Starts the probes, memory by memory, and collects their timings. Fails
// with one line when the store cannot be started or a probe fails.
Expected<MachineMeasurements> measure_machine(const MeasureOptions& options);

// Rows as `fasdl-profile storage` and `compute` read them (docs/formats.md).
std::string transfers_csv(const std::vector<Measurement>& rows);
std::string compute_csv(const std::vector<ComputeSample>& rows);

// Trains each configuration with `base`'s batches (B, and A for K < W) for
// one epoch of at most `iterations` global batches of the settings' data
// set, and returns what it measured; fails with the first run that fails.
Expected<std::vector<CalibrationRun>> run_calibration(const Model& base,
                                                      const std::vector<Config>& configs,
                                                      const LocalRunSettings& settings,
                                                      long long iterations);

// The calibration of `fasdl-profile measure` (docs/accuracy.md): the runs of
// `configs` at the batches of the model without sync and overheads, the
// training level they show (the workload's a scaled by it), the K < W runs
// again at the A of the model that first pass calibrates, and the fit of
// both passes against the rescaled workload (fit_two_passes). Fails when a
// configuration is listed twice.
struct TwoPassCalibration {
  std::vector<CalibrationRun> runs;  // both passes, the first first
  Calibration fit;
  double training_level = 1;  // of the first pass, dimensionless
  Workload workload;          // a scaled by training_level
};
Expected<TwoPassCalibration> calibrate_by_runs(const Profile& profile, const Workload& workload,
                                               const std::vector<Config>& configs,
                                               const LocalRunSettings& settings,
                                               long long iterations);

// ------------------------------------------------------------ pure parts

// Both passes fitted from their runs: calibrate_by_runs ends with it and
// `fasdl-profile measure --from` is only it, so measurements saved by one
// fit to the same profile in the other. The first pass is the runs up to the
// first configuration that comes again (a pass repeats none; the second
// repeats K < W ones). Its training level scales the workload's a, and
// calibrate() fits every run against the scaled workload.
Expected<TwoPassCalibration> fit_two_passes(const Profile& profile, const Workload& workload,
                                            std::vector<CalibrationRun> runs);

// The index of the first configuration that an earlier one repeats, or
// configs.size() when none does: where fit_two_passes's second pass begins,
// and what calibrate_by_runs and measure refuse in the configurations asked for.
std::size_t first_repeat(const std::vector<Config>& configs);

// The profile of the measured transfers, as `fasdl-profile storage` writes
// it with --resample at the measured sizes: repeats by their median, each
// column made non-decreasing in size (isotonic regression), memory range from the smallest to the
// largest measured memory, the reference prices, no sync yet, and the CPU scale as platform.cpu
// (one core per 1769 / cpu_scale MB, at most `cores`).
struct MeasuredProfileSpec {
  std::string name = "local";
  std::string description;
  double cpu_scale = 1;
  double cores = 1;
  Prices prices;
};
Expected<Profile> measured_profile(const std::vector<Measurement>& transfers,
                                   const MeasuredProfileSpec& spec);

// The workload of the timed steps, as `fasdl-profile compute --fix-m 0`
// fits it (a quota is exactly proportional to memory), with the efficiency that gives the
// aggregator batch `batch` (gamma = B / (B + b)).
struct MeasuredWorkloadSpec {
  std::string name = "local-mlp";
  std::string description;
  double model_mb = 0;
  long long samples = 0;
  long long epochs = 0;
  long long batch = 32;  // B wanted
  long long max_global = 1024;
};
struct MeasuredWorkload {
  Workload workload;
  ComputeFit compute;
  FlattenFit flatten;
};
Expected<MeasuredWorkload> measured_workload(const std::vector<ComputeSample>& steps,
                                             const MeasuredWorkloadSpec& spec);

// Six calibration runs spanning W, K and M, W = max_workers: (2, largest M,
// 2), (2, smallest M, 1), (W/2, middle M, W/2), (W/2, smallest M, 2),
// (W, smallest M, W) and (W, middle M, 1).
std::vector<Config> default_calibration(const std::vector<int>& memories_mb, int max_workers);

// The profile with the calibration: the reference form (sync fitted alone)
// or with the overheads (and the sync fitted to what they leave).
Profile calibrated(Profile profile, const Calibration& calibration, bool overheads);

}  // namespace fasdl
