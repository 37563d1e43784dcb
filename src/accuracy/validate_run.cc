// fasdl-validate's runs: the model's plans trained by the runtime.
#include "fasdl/accuracy/validate_run.h"

#include <fmt/format.h>

#include <algorithm>

#include "fasdl/accuracy/reference_probe.h"

namespace fasdl {

Expected<std::vector<MeasuredRun>> run_validation(
    const Model& model, const std::vector<Config>& configs, int repeats,
    const LocalRunSettings& settings, const std::function<void(std::string_view)>& notice) {
  // The same work the profile's probe timed, around every run (reference_probe.h).
  ReferenceWork probe;
  probe.network = settings.network;
  std::vector<std::vector<MeasuredRun>> runs(configs.size());
  for (int r = 0; r < std::max(1, repeats); ++r) {
    for (std::size_t i = 0; i < configs.size(); ++i) {
      const Config& c = configs[i];
      const Prediction p = model.predict(c);
      const std::string name =
          fmt::format("W = {}, M = {}, K = {}", c.workers, c.memory_mb, c.aggregators);
      if (!p.feasible()) return Error{fmt::format("{}: {}", name, model.explain(p))};
      if (notice) {
        notice(fmt::format("run {} of {}: {}, B = {}, A = {}, I = {}, predicted {:.2f} s",
                           r * configs.size() + i + 1, configs.size() * std::max(1, repeats), name,
                           p.batch_aggregator, p.batch_other, p.iterations, p.seconds));
      }
      const double before = time_reference(probe);
      const RunOutcome outcome = run_local(settings, {c, p.batch_aggregator, p.batch_other});
      if (outcome.status == RunStatus::kInterrupted) return Error{outcome.message};
      if (outcome.status != RunStatus::kCompleted) {
        return Error{fmt::format("{}: {}", name, outcome.message)};
      }
      MeasuredRun run = measured_run(outcome.summary);
      run.reference_seconds = 0.5 * (before + time_reference(probe));
      runs[i].push_back(run);
    }
  }
  std::vector<MeasuredRun> out;
  for (auto& list : runs) {
    // By seconds at the probe's speed: the median run of the model's own terms.
    std::sort(list.begin(), list.end(), [](const MeasuredRun& a, const MeasuredRun& b) {
      return a.seconds / a.reference_seconds < b.seconds / b.reference_seconds;
    });
    out.push_back(list[(list.size() - 1) / 2]);  // the median, the lower of two
  }
  return out;
}

}  // namespace fasdl
