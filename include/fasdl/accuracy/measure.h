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

#include "fasdl/accuracy/local_run.h"
#include "fasdl/accuracy/probe.h"
#include "fasdl/base/expected.h"
#include "fasdl/fit/calibrate.h"
#include "fasdl/fit/compute_fit.h"
#include "fasdl/fit/measure_fit.h"
#include "fasdl/model/transfer_table.h"
#include "fasdl/runtime/network.h"
#include "fasdl/runtime/runner.h"
#include "fasdl/runtime/store.h"

namespace fasdl {

struct MeasureOptions {
  std::optional<StoreAddress> store;  // none: a private redis-server
  std::string store_password;
  std::string redis_server = "redis-server";
  // How to start a probe: the program and the arguments before
  // --redis/--session/--probe (fasdl-profile: {"/proc/self/exe", {"probe"}}).
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
// both passes against the rescaled workload (fit_two_passes,
// fasdl/fit/measure_fit.h). Fails when a configuration is listed twice.
Expected<TwoPassCalibration> calibrate_by_runs(const Profile& profile, const Workload& workload,
                                               const std::vector<Config>& configs,
                                               const LocalRunSettings& settings,
                                               long long iterations);

}  // namespace fasdl
