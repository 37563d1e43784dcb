// Plan: a search with its context, as `fasdl-plan` reports it: the chosen
// configuration, the best ScatterReduce (K = W) and AllReduce (K = 1) plans
// under the same constraints, what K-REDUCE saves against ScatterReduce, and
// when nothing is feasible, the nearest miss.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/search/search.h"

namespace fasdl {

// The plan that comes closest when nothing meets the constraints: the
// fastest plan for a deadline, the cheapest for a budget (with both: the
// cheapest that meets the deadline if any, else the fastest).
struct NearestMiss {
  Prediction plan;
  std::string misses;       // "deadline" or "budget"
  double over_seconds = 0;  // T - deadline, s (>= 0 when the deadline is missed)
  double over_dollars = 0;  // C - budget, $ (> 0 when the budget is missed)
};

// Relative savings of the plan against a baseline, percent of the baseline
// (positive: the plan is cheaper or faster).
struct Savings {
  double seconds_percent = 0;
  double dollars_percent = 0;
};

// One store's best plan, when a plan chooses among stores.
struct StoreChoice {
  std::string store;
  std::optional<Prediction> plan;
};

struct PlanReport {
  SearchOptions options;
  SearchSummary summary;
  std::optional<Prediction> scatter_reduce;  // best with K = W, same constraints
  std::optional<Prediction> all_reduce;      // best with K = 1, same constraints
  std::optional<Savings> savings;            // plan against scatter_reduce
  std::optional<NearestMiss> nearest_miss;   // when infeasible
  std::optional<double> elapsed_ms;          // the main search, set by the caller
  std::vector<StoreChoice> stores;           // every store compared, when more than one
};

// The model with each store of `stores` in place of the profile's own
// (fasdl/profile.h with_store); the model itself when `stores` is empty.
Expected<std::vector<Model>> store_models(const Model& model,
                                          const std::vector<std::string>& stores);

// Completes the result `summary` of search(model, options) with its
// baselines and, when infeasible, the nearest miss. Baselines use the exact
// search (exhaustive when the main search is exhaustive).
PlanReport make_plan(const Model& model, const SearchOptions& options, SearchSummary summary);

Savings savings_against(const Prediction& plan, const Prediction& baseline);

// What holds a plan where it is, for --explain: how much of the deadline and
// budget it uses, whether A sits at the global batch cap, W at its limit, M
// at an end of the grid, K at 1 or W. One short phrase each.
std::vector<std::string> bindings(const Model& model, const SearchOptions& options,
                                  const Prediction& plan);

}  // namespace fasdl
