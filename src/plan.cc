#include "fasdl/plan.h"

#include <cmath>

namespace fasdl {

Savings savings_against(const Prediction& plan, const Prediction& baseline) {
  const auto percent = [](double ours, double theirs) {
    return theirs > 0 ? 100 * (theirs - ours) / theirs : 0.0;
  };
  return {percent(plan.seconds, baseline.seconds), percent(plan.dollars, baseline.dollars)};
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
  NearestMiss miss{*plan, misses, 0, 0};
  if (options.deadline_seconds) miss.over_seconds = plan->seconds - *options.deadline_seconds;
  if (options.budget_dollars) miss.over_dollars = plan->dollars - *options.budget_dollars;
  return miss;
}

}  // namespace

PlanReport make_plan(const Model& model, const SearchOptions& options, SearchSummary summary) {
  PlanReport r;
  r.options = options;
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
