#include "fasdl/search/search.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "fasdl/base/enum_names.h"
#include "fasdl/model/uncertainty.h"
#include "search/search_internal.h"

namespace fasdl {

std::string_view to_string(Strategy s) {
  switch (s) {
    case Strategy::kExact:
      return "exact";
    case Strategy::kHeuristic:
      return "fasdl-heuristic";
    case Strategy::kExhaustive:
      return "exhaustive";
  }
  return "exact";
}

Expected<Strategy> strategy_from_string(std::string_view s) {
  return enum_from_string(s, {Strategy::kExact, Strategy::kHeuristic, Strategy::kExhaustive},
                          "search");
}

std::string_view to_string(Objective o) {
  return o == Objective::kCost ? "cost" : "time";
}

Expected<Objective> objective_from_string(std::string_view s) {
  return enum_from_string(s, {Objective::kCost, Objective::kTime}, "objective");
}

std::string_view to_string(SearchStatus s) {
  return s == SearchStatus::kOk ? "ok" : "infeasible";
}

MemoryGrid profile_grid(const Model& model) {
  const MemoryRange& r = model.profile().memory;
  return {r.min_mb, r.max_mb, r.step_mb};
}

MemoryGrid floored_grid(const Model& model, MemoryGrid grid) {
  const long long floor = model.memory_floor_mb();
  if (floor <= grid.min_mb || grid.step_mb < 1) return grid;
  const long long steps = (floor - grid.min_mb + grid.step_mb - 1) / grid.step_mb;
  const long long min = grid.min_mb + steps * grid.step_mb;
  // Past the last size the grid is empty: min is max + step at most.
  grid.min_mb = static_cast<int>(std::min<long long>(min, static_cast<long long>(grid.max_mb) + 1));
  return grid;
}

bool ranks_before(const Prediction& a, const Prediction& b, Objective objective) {
  const auto key = [objective](const Prediction& p) {
    const double first = objective == Objective::kCost ? p.dollars : p.seconds;
    const double second = objective == Objective::kCost ? p.seconds : p.dollars;
    return std::tuple(first, second, p.config.workers, p.config.memory_mb, p.config.aggregators);
  };
  return key(a) < key(b);
}

std::optional<Error> check_options(const Model& model, const SearchOptions& o) {
  const MemoryRange& r = model.profile().memory;
  if (o.memory.step_mb < 1)
    return Error{fmt::format("memory step: expected at least 1 MB, got {}", o.memory.step_mb)};
  if (o.memory.min_mb < r.min_mb || o.memory.max_mb > r.max_mb ||
      o.memory.min_mb > o.memory.max_mb) {
    return Error{
        fmt::format("memory range {}..{} MB: expected a range inside the profile's {}..{} MB",
                    o.memory.min_mb, o.memory.max_mb, r.min_mb, r.max_mb)};
  }
  if (o.max_workers < 0)
    return Error{fmt::format("workers-max: expected a positive number, got {}", o.max_workers)};
  if (o.min_workers < 1)
    return Error{fmt::format("workers-min: expected a positive number, got {}", o.min_workers)};
  if (o.deadline_seconds && !(*o.deadline_seconds > 0 && std::isfinite(*o.deadline_seconds))) {
    return Error{fmt::format("deadline: expected a positive number of seconds, got {}",
                             *o.deadline_seconds)};
  }
  if (o.budget_dollars && !(*o.budget_dollars >= 0 && std::isfinite(*o.budget_dollars))) {
    return Error{fmt::format("budget: expected a non-negative number of dollars, got {}",
                             *o.budget_dollars)};
  }
  if (o.confidence && !(*o.confidence >= 0.5 && *o.confidence <= 0.9999)) {
    return Error{fmt::format("confidence: expected a probability from 0.5 to 0.9999, got {}",
                             *o.confidence)};
  }
  if (o.confidence && !has_uncertainty(model)) {
    return Error{
        "confidence: the workload carries no covariance and the profile no spread of "
        "repeated timings, so every plan would be certain; fit them with fasdl-profile "
        "compute and storage"};
  }
  if (o.strategy == Strategy::kHeuristic && o.confidence) {
    return Error{"search fasdl-heuristic: the released heuristic has no notion of confidence"};
  }
  if (o.strategy == Strategy::kHeuristic &&
      (!o.deadline_seconds || o.budget_dollars || o.objective != Objective::kCost ||
       o.aggregators != AggregatorRule::kAny || o.min_workers != 1)) {
    return Error{
        "search fasdl-heuristic: the released heuristic minimises dollars under a "
        "deadline only; give --deadline without --budget"};
  }
  return std::nullopt;
}

namespace search_internal {

int worker_limit(const Model& model, const SearchOptions& options) {
  return options.max_workers > 0 ? std::min(options.max_workers, model.max_workers())
                                 : model.max_workers();
}

}  // namespace search_internal

SearchSummary search(const Model& model, const SearchOptions& requested) {
  if (const auto error = check_options(model, requested)) {
    SearchSummary s;
    s.reason = error->message;
    return s;
  }
  SearchOptions options = requested;
  options.memory = floored_grid(model, requested.memory);
  SearchSummary s;
  if (options.memory.size() == 0) {
    s.reason = fmt::format(
        "{} needs at least {} MB, its memory floor ({}), and the largest memory searched is {} MB",
        model.workload().name, model.memory_floor_mb(), model.memory_floor_derivation(),
        requested.memory.max_mb);
    return s;
  }
  switch (options.strategy) {
    case Strategy::kExact:
      s = search_internal::exact_search(model, options);
      break;
    case Strategy::kExhaustive:
      s = search_internal::exhaustive_search(model, options);
      break;
    case Strategy::kHeuristic:
      s = search_internal::heuristic_search(model, options);
      break;
  }
  if (s.status == SearchStatus::kInfeasible && s.reason.empty()) {
    s.reason = "no configuration in the space meets the constraints";
  }
  return s;
}

}  // namespace fasdl
