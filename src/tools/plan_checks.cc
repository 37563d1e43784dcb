// The option combinations fasdl-plan refuses rather than ignore (docs/cli.md,
// "Combinations"), and the notes it gives when it narrows an option.
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fasdl/formats/plan_request.h"
#include "plan_command.h"

namespace fasdl::cli {

namespace {

// "--a: b" refusals, in the order they are checked: the first that applies is reported.
struct Refusal {
  bool applies;
  std::string first;
  std::string second;
  std::string why;
};

std::optional<Error> first_refusal(const std::vector<Refusal>& refusals) {
  for (const Refusal& r : refusals) {
    if (r.applies) return Error{fmt::format("{} cannot go with {}: {}", r.first, r.second, r.why)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Error> refused_combination(const PlanOptions& o) {
  const bool batch = !o.requests.empty();
  const bool trigger = !o.emit_trigger.empty();
  const std::string format = o.format_or_table();
  const std::string strategy = o.strategy.value_or("exact");
  const std::pair<bool, std::string_view> trigger_options[] = {
      {o.train_net.has_value(), "--train-net"},
      {o.learning_rate.has_value(), "--learning-rate"},
      {o.seed.has_value(), "--seed"},
      {o.func_time.has_value(), "--func-time"},
      {o.bucket_prefix.has_value(), "--bucket-prefix"}};
  for (const auto& [given, flag] : trigger_options) {
    if (given && !trigger) {
      return Error{
          fmt::format("{} needs --emit-trigger: it is a field of the trigger event", flag)};
    }
  }
  const bool other_store = [&] {
    for (const std::string& s : split_stores(o.stores)) {
      if (s != "s3") return true;
    }
    return false;
  }();
  return first_refusal({
      {batch && o.pareto, "--requests", "--pareto", "a batch plans each line; run --pareto alone"},
      {batch && !o.plot.empty(), "--requests", "--plot", "a batch writes JSON lines, not pictures"},
      {batch && trigger, "--requests", "--emit-trigger", "one event is one plan; run it alone"},
      {batch && o.format && format != "json", "--requests", "--format",
       "a batch writes one JSON line per request"},
      {o.pareto && trigger, "--pareto", "--emit-trigger", "a front is many plans, an event one"},
      {o.pareto && o.explain, "--pareto", "--explain",
       "a front has no runner-ups; every plan on it is listed"},
      {o.pareto && o.confidence.has_value(), "--pareto", "--confidence",
       "the front is of expected seconds and dollars; give --confidence to a plan"},
      {o.pareto && !o.objective.empty(), "--pareto", "--objective",
       "the front trades both objectives; give --objective to a plan"},
      {o.pareto && !o.stores.empty(), "--pareto", "--stores",
       "the front is of the profile's own store; give --stores to a plan"},
      {o.pareto && o.strategy.has_value(), "--pareto", "--search",
       "the front has its own exact search"},
      {o.pareto && o.jobs.has_value(), "--pareto", "--jobs", "the front's search uses one thread"},
      {o.explain && format == "csv", "--explain", "--format csv",
       "what holds each plan is in the table and JSON formats"},
      {o.explain && strategy == "fasdl-heuristic", "--explain", "--search fasdl-heuristic",
       "the released heuristic ranks no runner-ups"},
      {!batch && o.jobs.has_value() && strategy != "exhaustive", "--jobs", "--search " + strategy,
       "only --search exhaustive uses threads"},
      {trigger && other_store, "--emit-trigger", "--stores " + o.stores,
       "the released worker exchanges chunks through S3 only"},
  });
}

std::optional<std::string> workers_max_note(const PlanOptions& o, const Model& model) {
  if (o.workers_max <= model.max_workers()) return std::nullopt;
  const Workload& w = model.workload();
  const long long by_batch = w.batch.max_global / model.batch_aggregator();
  const std::string why = by_batch <= model.max_workers()
                              ? fmt::format("floor(batch.max_global {} / B {})", w.batch.max_global,
                                            model.batch_aggregator())
                              : fmt::format("the account's concurrency, platform.concurrency");
  return fmt::format(
      "--workers-max {} is above the {} workers {} can use ({}); searching W = "
      "1..{}",
      o.workers_max, model.max_workers(), w.name, why, model.max_workers());
}

}  // namespace fasdl::cli
