// Plan: a search with its context, as `fasdl-plan` reports it: the chosen
// configuration, the best ScatterReduce (K = W) and AllReduce (K = 1) plans
// under the same constraints, what K-REDUCE saves against ScatterReduce, and
// when nothing is feasible, the nearest miss.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/overrides.h"
#include "fasdl/search.h"

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

// What a user asks of fasdl-plan, from its options or one line of a batch
// file: which model on which profile, under which deadline and budget.
struct PlanRequest {
  std::string id;  // echoed back by batch planning
  std::string profile = "aws-lambda-s3";
  std::string model;
  std::optional<double> deadline_seconds;
  std::optional<double> budget_dollars;
  std::optional<Objective> objective;  // default: time with only a budget, else cost
  Strategy strategy = Strategy::kExact;
  std::optional<int> memory_min;
  std::optional<int> memory_max;
  std::optional<int> memory_step;
  int workers_max = 0;
  int jobs = 0;
  int runners_up = 0;                // next-best plans to report (--explain)
  std::optional<double> confidence;  // meet the deadline and budget with this probability
  Settings settings;                 // --set overrides, one value each
  std::vector<std::string> stores;   // stores to choose from; empty: the profile's own
};

// One line of a batch file, a JSON object:
//   {"id": "a", "model": "resnet50", "profile": "aws-lambda-s3",
//    "deadline": "2h" or 7200, "budget": "$5" or 5, "objective": "cost",
//    "search": "exact", "memory_min": 512, "memory_max": 2048,
//    "memory_step": 64, "workers_max": 32, "confidence": 0.9, "store": "s3,redis",
//    "set": {"epochs": 5}}
// Keys the line leaves out keep their value in `base` (the command line's
// options); "model" is required unless `base` has one. `origin` names the
// line ("b.jsonl:3").
Expected<PlanRequest> parse_plan_request(std::string_view json, std::string_view origin,
                                         const PlanRequest& base = {});

// "s3,redis" as {"s3", "redis"}.
std::vector<std::string> split_stores(std::string_view list);

// Every non-blank line of a batch file (BOM and CRLF accepted), parsed.
struct BatchLine {
  long long line = 0;
  Expected<PlanRequest> request;
  std::string id;  // the line's "id" when it has one, even if the request is bad
};
std::vector<BatchLine> parse_batch(std::string_view text, std::string_view origin,
                                   const PlanRequest& base = {});

// The search options a request asks for on `model`, checked by validate().
Expected<SearchOptions> search_options(const Model& model, const PlanRequest& request);

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
