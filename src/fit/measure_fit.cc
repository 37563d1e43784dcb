// The pure parts of `fasdl-profile measure`: the profile and the workload
// of the measurements, the calibration runs, and the calibrated profile.
#include "fasdl/fit/measure_fit.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "fasdl/fit/compute_fit.h"
#include "fasdl/fit/transfer_fit.h"

namespace fasdl {

Expected<Profile> measured_profile(const std::vector<Measurement>& transfers,
                                   const MeasuredProfileSpec& spec) {
  auto raw = TransferTable::from_measurements(transfers, spec.name);
  if (!raw) return raw.error();
  // As `fasdl-profile storage --resample` at the measured sizes: repeats by
  // their median, then each column made non-decreasing in size (a larger
  // object never takes less time), so that one slow burst does not make a
  // chunk size dearer than a larger one.
  std::vector<double> sizes;
  for (const Measurement& m : transfers)
    sizes.push_back(m.size_mb);
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  auto table = resample(*raw, sizes);
  if (!table) return table.error();
  Profile p;
  p.name = spec.name;
  p.description = spec.description;
  int lo = 0;
  int hi = 0;
  for (const Measurement& m : transfers) {
    lo = lo == 0 ? m.memory_mb : std::min(lo, m.memory_mb);
    hi = std::max(hi, m.memory_mb);
  }
  p.memory = {lo, hi, 1};
  p.prices = spec.prices;
  p.sync = {0, 0};
  p.transfers = std::move(table).value();
  if (!(spec.cpu_scale > 0)) return Error{"measured profile: the cpu scale must be positive"};
  p.platform.cpu = CpuLimits{kLambdaMbPerVcpu / spec.cpu_scale, std::max(1.0, spec.cores)};
  return p;
}

Expected<MeasuredWorkload> measured_workload(const std::vector<ComputeSample>& steps,
                                             const MeasuredWorkloadSpec& spec) {
  MeasuredWorkload out;
  // A quota is exactly proportional to memory: m = 0 (a free m only adds noise).
  FitOptions options;
  options.fixed_m = 0;
  out.compute = fit_compute(steps, options);
  out.flatten = fit_flatten(steps);
  for (const auto& [law, status, reason] :
       {std::tuple{"training", out.compute.status, out.compute.reason},
        std::tuple{"flattening", out.flatten.status, out.flatten.reason}}) {
    if (status != FitStatus::kOk) {
      return Error{fmt::format("cannot fit the {} law to the timed steps: {}", law, reason)};
    }
  }
  Workload& w = out.workload;
  w.name = spec.name;
  w.description = spec.description;
  w.model_mb = spec.model_mb;
  w.samples = spec.samples;
  w.epochs = spec.epochs;
  w.compute = out.compute.coefficients;
  w.flatten = out.flatten.coefficients;
  // B = round(b / (1 / gamma - 1)) = B wanted when gamma = B / (B + b).
  const double b = w.compute.b;
  w.batch.efficiency = static_cast<double>(spec.batch) / (static_cast<double>(spec.batch) + b);
  w.batch.max_global = spec.max_global;
  if (aggregator_batch(b, w.batch.efficiency) != spec.batch) {
    return Error{fmt::format("b = {:.4g} cannot give the aggregator batch {}", b, spec.batch)};
  }
  return out;
}

std::vector<Config> default_calibration(const std::vector<int>& memories_mb, int max_workers) {
  std::vector<int> m = memories_mb;
  std::sort(m.begin(), m.end());
  if (m.empty()) return {};
  const int W = std::max(2, max_workers);
  const int half = std::max(2, W / 2);
  const int middle = m[m.size() / 2];
  return {{2, m.back(), 2},     {2, m.front(), 1}, {half, middle, half},
          {half, m.front(), 2}, {W, m.front(), W}, {W, middle, 1}};
}

std::size_t first_repeat(const std::vector<Config>& configs) {
  for (auto c = configs.begin(); c != configs.end(); ++c) {
    if (std::find(configs.begin(), c, *c) != c)
      return static_cast<std::size_t>(c - configs.begin());
  }
  return configs.size();
}

Expected<TwoPassCalibration> fit_two_passes(const Profile& profile, const Workload& workload,
                                            std::vector<CalibrationRun> runs,
                                            bool require_determined) {
  std::vector<Config> configs;
  for (const CalibrationRun& r : runs)
    configs.push_back(r.config);
  const std::size_t first = first_repeat(configs);
  auto base = Model::create(profile, workload);
  if (!base) return base.error();
  // The first pass only gives the training level here.
  auto level = calibrate(*base, {runs.begin(), runs.begin() + first}, false);
  if (!level) return level.error();

  TwoPassCalibration out;
  out.training_level = level->training_level;
  out.workload = workload;
  out.workload.compute.a *= level->training_level;
  out.workload.description +=
      fmt::format("; a scaled by {:.4f}, the calibration runs' training against the steps'",
                  level->training_level);
  auto rebased = Model::create(profile, out.workload);
  if (!rebased) return rebased.error();
  auto fit = calibrate(*rebased, runs, require_determined);
  if (!fit) return fit.error();
  out.fit = std::move(fit).value();
  out.runs = std::move(runs);
  return out;
}

Profile calibrated(Profile profile, const Calibration& c, bool overheads) {
  if (overheads) {
    profile.sync = c.sync;
    profile.platform.overheads = c.overheads;
  } else {
    profile.sync = c.reference_sync;
    profile.platform.overheads.reset();
  }
  return profile;
}

std::optional<double> measured_cpu_scale(const Profile& profile) {
  if (!profile.platform.cpu || !(profile.platform.cpu->mb_per_vcpu > 0)) return std::nullopt;
  return kLambdaMbPerVcpu / profile.platform.cpu->mb_per_vcpu;
}

}  // namespace fasdl
