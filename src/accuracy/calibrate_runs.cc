// The two passes of `fasdl-profile measure`'s calibration (docs/accuracy.md).
#include <fmt/format.h>

#include "fasdl/accuracy/measure.h"
#include "fasdl/fit/measure_fit.h"

namespace fasdl {

Expected<TwoPassCalibration> calibrate_by_runs(const Profile& profile, const Workload& workload,
                                               const std::vector<Config>& configs,
                                               const LocalRunSettings& settings,
                                               long long iterations) {
  // fit_two_passes tells the passes apart by the first repeated configuration.
  if (const std::size_t i = first_repeat(configs); i < configs.size()) {
    const Config& c = configs[i];
    return Error{fmt::format("calibration run {}:{}:{} is listed twice", c.workers, c.memory_mb,
                             c.aggregators)};
  }
  auto base = Model::create(profile, workload);
  if (!base) return base.error();
  auto first_pass = run_calibration(*base, configs, settings, iterations);
  if (!first_pass) return first_pass.error();
  std::vector<CalibrationRun> runs = std::move(first_pass).value();
  // Interim: it only picks the second pass's A.
  auto first = fit_two_passes(profile, workload, runs, false);
  if (!first) return first.error();
  // Only at the calibrated model's (larger) A do the aggregators wait for
  // the others: the pass without it cannot tell what that wait costs.
  auto interim = Model::create(calibrated(profile, first->fit, true), first->workload);
  if (!interim) return interim.error();
  std::vector<Config> again;
  for (const Config& c : configs) {
    if (c.aggregators < c.workers &&
        interim->predict(c).batch_other != base->predict(c).batch_other) {
      again.push_back(c);
    }
  }
  if (!again.empty()) {
    auto more = run_calibration(*interim, again, settings, iterations);
    if (!more) return more.error();
    runs.insert(runs.end(), more->begin(), more->end());
  }
  return fit_two_passes(profile, workload, std::move(runs));
}

}  // namespace fasdl
