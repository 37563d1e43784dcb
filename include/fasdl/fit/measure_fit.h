// Measure fit: the profile, workload and calibration of `fasdl-profile
// measure` fitted from what it measured (transfers.csv, compute.csv and
// calibration.csv), with no probe and no run, so that measuring and
// `measure --from` share one path (docs/accuracy.md).
//
// Units: memory and sizes in MB, time in seconds.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/fit/calibrate.h"
#include "fasdl/fit/compute_fit.h"
#include "fasdl/model/model.h"
#include "fasdl/model/profile.h"
#include "fasdl/model/transfer_table.h"
#include "fasdl/model/workload.h"

namespace fasdl {

// Both passes of the calibration: the runs, their fit, and the training
// level of the first pass.
struct TwoPassCalibration {
  std::vector<CalibrationRun> runs;  // both passes, the first first
  Calibration fit;
  double training_level = 1;  // of the first pass, dimensionless
  Workload workload;          // a scaled by training_level
};

// Both passes fitted from their runs: calibrate_by_runs ends with it and
// `fasdl-profile measure --from` is only it, so measurements saved by one
// fit to the same profile in the other. The first pass is the runs up to the
// first configuration that comes again (a pass repeats none; the second
// repeats K < W ones). Its training level scales the workload's a, and
// calibrate() fits every run against the scaled workload (refusing
// coefficients the runs do not determine, unless not `require_determined`).
Expected<TwoPassCalibration> fit_two_passes(const Profile& profile, const Workload& workload,
                                            std::vector<CalibrationRun> runs,
                                            bool require_determined = true);

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

// The cpu scale a profile measured by `fasdl-profile measure` records in
// platform.cpu.mb_per_vcpu (1769 / scale); none when it has no platform.cpu.
std::optional<double> measured_cpu_scale(const Profile& profile);

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
