#include "fasdl/search/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "fasdl/model/uncertainty.h"

namespace fasdl {

Savings savings_against(const Prediction& plan, const Prediction& baseline) {
  const auto percent = [](double ours, double theirs) {
    return theirs > 0 ? 100 * (theirs - ours) / theirs : 0.0;
  };
  return {percent(plan.seconds, baseline.seconds), percent(plan.dollars, baseline.dollars)};
}

std::vector<std::string> bindings(const Model& model, const SearchOptions& o, const Prediction& p) {
  std::vector<std::string> out;
  const Config& c = p.config;
  if (o.deadline_seconds) {
    out.push_back(fmt::format("deadline {:.1f}% used", 100 * p.seconds / *o.deadline_seconds));
  }
  if (o.budget_dollars && *o.budget_dollars > 0) {
    out.push_back(fmt::format("budget {:.1f}% used", 100 * p.dollars / *o.budget_dollars));
  }
  const long long G = model.workload().batch.max_global;
  if (c.aggregators < c.workers &&
      p.batch_other == (G - p.batch_aggregator * c.aggregators) / (c.workers - c.aggregators)) {
    out.push_back(fmt::format("A at the global batch cap (max_global {})", G));
  }
  const int w_max =
      o.max_workers > 0 ? std::min(o.max_workers, model.max_workers()) : model.max_workers();
  if (c.workers == w_max) out.push_back(fmt::format("W at its limit {}", w_max));
  if (c.memory_mb == o.memory.at(o.memory.size() - 1)) out.push_back("M at the top of the grid");
  if (c.memory_mb == o.memory.min_mb) {
    // The floor lifts the bottom of the grid when it is above the requested minimum.
    const int floor = model.memory_floor_mb();
    out.push_back(floor > 0 && o.memory.min_mb >= floor &&
                          o.memory.min_mb - o.memory.step_mb < floor
                      ? fmt::format("M at the model's memory floor ({} MB)", floor)
                      : "M at the bottom of the grid");
  }
  if (c.aggregators == c.workers && c.workers > 1) out.push_back("K = W (ScatterReduce)");
  if (c.aggregators == 1 && c.workers > 1) out.push_back("K = 1 (AllReduce)");
  return out;
}

namespace {

std::optional<Prediction> best_with(const Model& model, SearchOptions o, AggregatorRule rule) {
  o.aggregators = rule;
  if (o.strategy != Strategy::kExhaustive) o.strategy = Strategy::kExact;
  return search(model, o).plan;
}

std::optional<NearestMiss> nearest_miss(const Model& model, const SearchOptions& options) {
  SearchOptions o = options;
  if (o.strategy != Strategy::kExhaustive) o.strategy = Strategy::kExact;
  std::optional<Prediction> plan;
  std::string misses;
  if (options.deadline_seconds && options.budget_dollars) {
    // The cheapest plan that meets the deadline misses only the budget.
    o.budget_dollars.reset();
    o.objective = Objective::kCost;
    plan = search(model, o).plan;
    misses = "budget";
  }
  if (!plan && options.deadline_seconds) {
    o.deadline_seconds.reset();
    o.budget_dollars.reset();
    o.objective = Objective::kTime;
    plan = search(model, o).plan;
    misses = "deadline";
  } else if (!plan && options.budget_dollars) {
    o.budget_dollars.reset();
    o.objective = Objective::kCost;
    plan = search(model, o).plan;
    misses = "budget";
  }
  if (!plan) return std::nullopt;
  // A plan that meets every constraint (at the confidence, when there is one) misses
  // nothing: only the strategy failed (fasdl-heuristic), and the exact search has a plan.
  const PredictionInterval high = options.confidence
                                      ? interval(model, *plan, *options.confidence)
                                      : PredictionInterval{0, 0, plan->seconds, 0, plan->dollars};
  if ((!options.deadline_seconds || high.seconds_high < *options.deadline_seconds) &&
      (!options.budget_dollars || high.dollars_high <= *options.budget_dollars)) {
    return std::nullopt;
  }
  NearestMiss miss{*plan, misses, 0, 0};
  if (options.deadline_seconds) miss.over_seconds = plan->seconds - *options.deadline_seconds;
  if (options.budget_dollars) miss.over_dollars = plan->dollars - *options.budget_dollars;
  return miss;
}

}  // namespace

Expected<std::vector<Model>> store_models(const Model& model,
                                          const std::vector<std::string>& stores) {
  std::vector<Model> out;
  if (stores.empty()) {
    out.push_back(model);
    return out;
  }
  for (const std::string& name : stores) {
    auto profile = with_store(model.profile(), name);
    if (!profile) return profile.error();
    auto m = Model::create(std::move(profile).value(), model.workload());
    if (!m) return m.error();
    out.push_back(std::move(m).value());
  }
  return out;
}

PlanReport make_plan(const Model& model, const SearchOptions& options, SearchSummary summary) {
  PlanReport r;
  r.options = options;
  // The grid the searches used: from the model's memory floor up.
  if (const MemoryGrid g = floored_grid(model, options.memory); g.size() > 0) r.options.memory = g;
  r.summary = std::move(summary);
  r.scatter_reduce = best_with(model, options, AggregatorRule::kScatterReduce);
  r.all_reduce = best_with(model, options, AggregatorRule::kAllReduce);
  if (r.summary.status == SearchStatus::kOk && r.scatter_reduce) {
    const Savings savings = savings_against(*r.summary.plan, *r.scatter_reduce);
    // Percentages of absurdly small baselines can overflow: then none is shown.
    if (std::isfinite(savings.seconds_percent) && std::isfinite(savings.dollars_percent)) {
      r.savings = savings;
    }
  }
  if (r.summary.status == SearchStatus::kInfeasible) r.nearest_miss = nearest_miss(model, options);
  return r;
}

}  // namespace fasdl
