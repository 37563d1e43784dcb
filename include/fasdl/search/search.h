// Search: the best configuration (W, M, K) of a model under a deadline, a
// budget or both. The search asks the model (fasdl/model.h) and never
// re-derives its arithmetic, so every plan it returns is exactly what
// Model::predict says of it.
//
// Units: seconds, US dollars, MB.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/model/model.h"

namespace fasdl {

enum class Strategy {
  kExact,       // branch and bound over (W, K, memory) blocks; the proven optimum
  kHeuristic,   // the released FasDL optimizer, step by step ("fasdl-heuristic")
  kExhaustive,  // every configuration, in parallel
};
std::string_view to_string(Strategy s);
Expected<Strategy> strategy_from_string(std::string_view s);

enum class Objective {
  kCost,  // fewest dollars; ties: fewer seconds, then smaller W, M, K
  kTime,  // fewest seconds; ties: fewer dollars, then smaller W, M, K
};
std::string_view to_string(Objective o);
Expected<Objective> objective_from_string(std::string_view s);

// Which aggregator counts a search may use.
enum class AggregatorRule {
  kAny,            // K in 1..W (K-REDUCE)
  kScatterReduce,  // K = W (LambdaML's ScatterReduce)
  kAllReduce,      // K = 1
};

// Memory sizes searched: min, min + step, ... up to max, MB.
struct MemoryGrid {
  int min_mb = 128;
  int max_mb = 3008;
  int step_mb = 64;

  int size() const { return max_mb < min_mb ? 0 : (max_mb - min_mb) / step_mb + 1; }
  int at(int i) const { return min_mb + i * step_mb; }
};

struct SearchOptions {
  Strategy strategy = Strategy::kExact;
  Objective objective = Objective::kCost;
  std::optional<double> deadline_seconds;  // plans take strictly less
  std::optional<double> budget_dollars;    // plans cost at most this
  MemoryGrid memory;                       // must lie inside the profile's range
  int min_workers = 1;                     // smallest W searched
  int max_workers = 0;                     // 0: floor(G / B); else min(this, floor(G / B))
  AggregatorRule aggregators = AggregatorRule::kAny;
  int threads = 0;     // exhaustive only; 0: every core
  int runners_up = 0;  // also return this many next-best plans
  // With a confidence c, a plan must meet the deadline and budget with
  // probability c: the upper ends of its interval (fasdl/uncertainty.h) do.
  std::optional<double> confidence;
};

// The options' memory grid set to the profile's range and step.
MemoryGrid profile_grid(const Model& model);

// The grid from its first size at or above the model's memory floor
// (Model::memory_floor_mb), on the grid's own steps: min + ceil((floor - min)
// / step) step. Unchanged without a floor; empty (size() == 0) when the floor
// is above the grid's last size. Every search and the Pareto front search
// this grid, so no plan uses less memory than its model needs.
MemoryGrid floored_grid(const Model& model, MemoryGrid grid);

enum class SearchStatus { kOk, kInfeasible };
std::string_view to_string(SearchStatus s);

struct SearchSummary {
  SearchStatus status = SearchStatus::kInfeasible;
  // The best plan; fasdl-heuristic sets it also when its check fails.
  std::optional<Prediction> plan;
  std::vector<Prediction> runners_up;  // the next-best plans, in ranking order
  long long evaluated = 0;             // configurations the model was evaluated on
  long long blocks = 0;                // exact: blocks bounded
  // fasdl-heuristic only: its own running time figure and verdict.
  std::optional<double> heuristic_seconds;
  std::string reason;  // why nothing was found, when infeasible
};

// Checks the options against the model: the grid inside the profile's
// memory range, a positive deadline and budget, and fasdl-heuristic with a
// deadline and the cost objective only.
std::optional<Error> check_options(const Model& model, const SearchOptions& options);

// Runs one search. Call check_options() first; invalid options give kInfeasible
// with the reason.
SearchSummary search(const Model& model, const SearchOptions& options);

// True when `a` ranks strictly before `b` under `objective` (tie-breaks
// included). Both must be feasible.
bool ranks_before(const Prediction& a, const Prediction& b, Objective objective);

// The time-versus-dollars Pareto front of the space: every feasible
// configuration that meets the deadline and budget of `options` and that no
// other is at least as good as on both seconds and dollars and better on one;
// sorted by seconds. The grid (above the memory floor), worker and aggregator
// limits hold. A deadline and a budget cut the front without changing it:
// what dominates a plan that meets them meets them too. The confidence and
// the objective play no part (fasdl-plan refuses --pareto with --confidence).
struct ParetoFront {
  std::vector<Prediction> plans;
  long long evaluated = 0;
};
ParetoFront pareto_front(const Model& model, const SearchOptions& options);

}  // namespace fasdl
