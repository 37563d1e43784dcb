#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "base/text.h"
#include "fasdl/base/enum_names.h"
#include "fasdl/runtime/network.h"
#include "runtime/cgroup.h"
#include "runtime/runner_internal.h"

namespace fasdl {

namespace {

// Merge m of the run (m < 0: the initial parameters).
std::vector<float> merge_of(Store& store, const KeySpace& keys, const RunSpec& spec, long long m,
                            const std::vector<float>& initial) {
  if (m < 0) return initial;
  std::vector<float> out(initial.size());
  const auto n = static_cast<long long>(out.size());
  const int K = spec.plan.config.aggregators;
  for (int k = 0; k < K; ++k) {
    const Span c = chunk_of(n, K, k);
    const auto part = std::span<float>(out).subspan(static_cast<std::size_t>(c.begin),
                                                    static_cast<std::size_t>(c.size()));
    if (!get_floats(store, keys.merged(m, k), part)) {
      throw StoreError(fmt::format("{}: {} is missing: the workers did not finish iteration {}",
                                   store.name(), keys.merged(m, k), m));
    }
  }
  return out;
}

}  // namespace

RunSummary finish(Store& store, const RunSpec& spec, const RunnerOptions& options,
                  const std::vector<IterationRecord>& records, const RunFacts& facts) {
  const KeySpace keys(spec.run_id);
  RunSummary s;
  s.spec = spec;
  s.iterations = spec.iterations;

  Network network(spec.training.network, spec.training.seed);
  std::vector<float> initial(static_cast<std::size_t>(network.parameter_count()));
  network.flatten(initial);
  const std::vector<float> last = merge_of(store, keys, spec, spec.iterations - 1, initial);
  const std::vector<float> previous = merge_of(store, keys, spec, spec.iterations - 2, initial);
  s.final_digest = digest(last);
  const std::string previous_digest = digest(previous);
  s.parameters_consistent = true;
  for (int w = 0; w < spec.plan.config.workers; ++w) {
    const bool aggregator = role_of(w, spec.plan.config.aggregators) == Role::kAggregator;
    const auto held = store.get(keys.final_digest(w));
    s.parameters_consistent =
        s.parameters_consistent && held && *held == (aggregator ? s.final_digest : previous_digest);
  }

  const Dataset data(spec.training.data);
  s.evaluation_samples = std::min(spec.training.data.samples, options.evaluation_samples);
  const Batch evaluation = data.batch(0, s.evaluation_samples);
  s.initial_loss = network.loss(evaluation);
  network.load(last);
  s.final_loss = network.loss(evaluation);
  if (!std::isfinite(s.final_loss)) {  // the last steps left numbers the summary cannot print
    throw std::runtime_error(
        fmt::format("the training diverged: the final loss is {}; lower --learning-rate ({})",
                    std::isnan(s.final_loss) ? "NaN" : "infinite", spec.training.learning_rate));
  }

  s.measured = measure(records, spec);
  s.breakdown = s.measured.aggregator.breakdown;
  double begin = std::numeric_limits<double>::infinity();
  double end = 0;
  for (const IterationRecord& r : records) {
    begin = std::min(begin, r.started);
    end = std::max(end, r.started + r.seconds.iteration);
  }
  s.seconds_per_iteration =
      records.empty() ? 0 : (end - begin) / static_cast<double>(spec.iterations);
  s.seconds = facts.last_end - facts.first_start;
  s.function_seconds = facts.function_seconds;
  s.cost = price_run(options.prices, spec.plan.config.memory_mb, facts.function_seconds,
                     s.measured.puts, s.measured.gets);
  s.dollars = s.cost.function + s.cost.storage;
  s.relaunches = facts.relaunches;
  s.cpu_scale = options.cpu_scale;
  s.worker_cores = facts.cores;
  s.throttle = facts.throttle;
  s.store = facts.store;
  s.profile = options.profile_name;
  return s;
}

Expected<RunnerOptions::Kill> parse_kill(std::string_view text, int workers, long long iterations) {
  const auto parts = text::split(text, '@');
  const auto w = parts.size() == 2 ? text::to_integer(parts[0]) : std::nullopt;
  const auto i = parts.size() == 2 ? text::to_integer(parts[1]) : std::nullopt;
  if (!w || !i || *w < 0 || *w >= workers || *i < 0 || *i >= iterations) {
    return Error{fmt::format("--kill-worker {}: expected W@I with W in 0..{} and I in 0..{}",
                             text::quoted(text), workers - 1, iterations - 1)};
  }
  return RunnerOptions::Kill{static_cast<int>(*w), *i};
}

double machine_cores() {
  return cgroup::available_cores();
}

std::string_view to_string(Limits l) {
  return l == Limits::kAuto ? "auto" : "none";
}

Expected<Limits> limits_from_string(std::string_view s) {
  return enum_from_string(s, {Limits::kAuto, Limits::kNone}, "--limits");
}

}  // namespace fasdl
