// Pieces shared by the search strategies (internal).
#pragma once

#include <optional>

#include "fasdl/search.h"
#include "grid_evaluator.h"

namespace fasdl::search_internal {

// The constraints and objective of one search, and the incumbent plan.
class Goal {
 public:
  explicit Goal(const SearchOptions& o) : options_(&o) {}

  bool meets(const Prediction& p) const {
    return p.feasible() && (!options_->deadline_seconds || p.seconds < *options_->deadline_seconds) &&
           (!options_->budget_dollars || p.dollars <= *options_->budget_dollars);
  }
  // Keeps `p` when it meets the constraints and ranks before the incumbent.
  void offer(const Prediction& p) {
    if (meets(p) && (!best_ || ranks_before(p, *best_, options_->objective))) best_ = p;
  }
  const std::optional<Prediction>& best() const { return best_; }
  const SearchOptions& options() const { return *options_; }

 private:
  const SearchOptions* options_;
  std::optional<Prediction> best_;
};

// The aggregator counts a rule allows for W workers: [first, last].
inline std::pair<int, int> aggregator_range(AggregatorRule rule, int workers) {
  switch (rule) {
    case AggregatorRule::kScatterReduce: return {workers, workers};
    case AggregatorRule::kAllReduce: return {1, 1};
    case AggregatorRule::kAny: break;
  }
  return {1, workers};
}

int worker_limit(const Model& model, const SearchOptions& options);

SearchSummary exact_search(const Model& model, const SearchOptions& options);
SearchSummary exhaustive_search(const Model& model, const SearchOptions& options);
SearchSummary heuristic_search(const Model& model, const SearchOptions& options);

}  // namespace fasdl::search_internal
