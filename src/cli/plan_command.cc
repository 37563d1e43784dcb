#include "plan_command.h"

#include <chrono>

#include <fmt/format.h>

#include "common.h"
#include "fasdl/formats.h"
#include "fasdl/plan.h"
#include "fasdl/units.h"

namespace fasdl::cli {

void add_plan_options(CLI::App& app, PlanOptions& o) {
  app.add_option("--profile", o.profile, "Platform profile: a catalog name or a JSON file")
      ->capture_default_str();
  app.add_option("--model", o.model, "Workload: a catalog name (see `fasdl-plan models`) or a JSON file");
  app.add_option("--deadline", o.deadline,
                 "Plans must take less than this: 5400, 5400s, 90m, 1.5h, 1h30m");
  app.add_option("--budget", o.budget, "Plans must cost at most this many dollars: 5, $5.50");
  app.add_option("--objective", o.objective,
                 "cost or time; default: time with only a budget, else cost")
      ->check(CLI::IsMember({"cost", "time"}));
  app.add_option("--search", o.strategy, "exact, fasdl-heuristic or exhaustive")
      ->check(CLI::IsMember({"exact", "fasdl-heuristic", "exhaustive"}))
      ->capture_default_str();
  app.add_option("--memory-min", o.memory_min, "Smallest function memory searched, MB");
  app.add_option("--memory-max", o.memory_max, "Largest function memory searched, MB");
  app.add_option("--memory-step", o.memory_step, "Step between memory sizes searched, MB");
  app.add_option("--workers-max", o.workers_max, "Most workers searched (default floor(G / B))")
      ->check(CLI::PositiveNumber);
  app.add_option("--jobs", o.jobs, "Threads for the exhaustive search (default: every core)")
      ->check(CLI::PositiveNumber);
  app.add_option("--format", o.format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  app.add_flag("--pareto", o.pareto, "Print the time-versus-dollars Pareto front of the space");
  app.add_flag("--no-timing", o.no_timing,
               "Leave out elapsed times, so that the same inputs give byte-identical output");
}

namespace {

Expected<SearchOptions> search_options(const Model& model, const PlanOptions& o) {
  SearchOptions s;
  auto strategy = strategy_from_string(o.strategy);
  if (!strategy) return strategy.error();
  s.strategy = *strategy;
  if (!o.deadline.empty()) {
    auto d = parse_duration(o.deadline);
    if (!d) return Error{"--deadline: " + d.error().message};
    s.deadline_seconds = *d;
  }
  if (!o.budget.empty()) {
    auto b = parse_money(o.budget);
    if (!b) return Error{"--budget: " + b.error().message};
    s.budget_dollars = *b;
  }
  s.objective = s.budget_dollars && !s.deadline_seconds ? Objective::kTime : Objective::kCost;
  if (!o.objective.empty()) {
    auto objective = objective_from_string(o.objective);
    if (!objective) return objective.error();
    s.objective = *objective;
  }
  s.memory = profile_grid(model);
  if (o.memory_min) s.memory.min_mb = *o.memory_min;
  if (o.memory_max) s.memory.max_mb = *o.memory_max;
  if (o.memory_step) s.memory.step_mb = *o.memory_step;
  s.max_workers = o.workers_max;
  s.threads = o.jobs;
  if (auto error = validate(model, s)) return *error;
  return s;
}

// Milliseconds since `start`, or nothing when timings are left out.
std::optional<double> milliseconds_since(std::chrono::steady_clock::time_point start, bool no_timing) {
  if (no_timing) return std::nullopt;
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int run_plan(const PlanOptions& o) {
  if (o.model.empty()) return report({"--model is required: a catalog name or a workload JSON file (see --help)"});
  const auto model = load_model(o.profile, o.model);
  if (!model) return report(model.error());
  const auto options = search_options(*model, o);
  if (!options) return report(options.error());
  const auto format = output_format_from_string(o.format);
  if (!format) return report(format.error());

  const auto start = std::chrono::steady_clock::now();
  if (o.pareto) {
    const ParetoFront front = pareto_front(*model, *options);
    fmt::print("{}", format_pareto(*model, front, milliseconds_since(start, o.no_timing), *format));
    return front.plans.empty() ? kExitInfeasible : kExitOk;
  }
  SearchSummary summary = search(*model, *options);
  const auto elapsed = milliseconds_since(start, o.no_timing);
  PlanReport report = make_plan(*model, *options, std::move(summary));
  report.elapsed_ms = elapsed;
  fmt::print("{}", format_plan(*model, report, *format));
  return report.summary.status == SearchStatus::kOk ? kExitOk : kExitInfeasible;
}

}  // namespace fasdl::cli
