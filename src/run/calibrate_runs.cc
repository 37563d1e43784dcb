// The two passes of `fasdl-profile measure`'s calibration (docs/accuracy.md).
#include <fmt/format.h>

#include "fasdl/measure.h"

namespace fasdl {

Expected<TwoPassCalibration> calibrate_by_runs(const Profile& profile, const Workload& workload,
                                               const std::vector<Config>& configs,
                                               const LocalRunSettings& settings,
                                               long long iterations) {
  auto base = Model::create(profile, workload);
  if (!base) return base.error();
  auto runs = run_calibration(*base, configs, settings, iterations);
  if (!runs) return runs.error();
  auto first = calibrate(*base, *runs);
  if (!first) return first.error();

  TwoPassCalibration out;
  out.training_level = first->training_level;
  out.workload = workload;
  out.workload.compute.a *= first->training_level;
  out.workload.description +=
      fmt::format("; a scaled by {:.4f}, the calibration runs' training against the steps'",
                  first->training_level);
  // Only at the calibrated model's (larger) A do the aggregators wait for
  // the others: the pass without it cannot tell what that wait costs.
  auto interim = Model::create(calibrated(profile, *first, true), out.workload);
  if (!interim) return interim.error();
  std::vector<Config> again;
  for (const Config& c : configs) {
    if (c.aggregators < c.workers &&
        interim->predict(c).batch_other != base->predict(c).batch_other) {
      again.push_back(c);
    }
  }
  out.runs = std::move(runs).value();
  if (!again.empty()) {
    auto more = run_calibration(*interim, again, settings, iterations);
    if (!more) return more.error();
    out.runs.insert(out.runs.end(), more->begin(), more->end());
  }
  auto rebased = Model::create(profile, out.workload);
  if (!rebased) return rebased.error();
  auto fit = calibrate(*rebased, out.runs);
  if (!fit) return fit.error();
  out.fit = std::move(fit).value();
  return out;
}

}  // namespace fasdl
