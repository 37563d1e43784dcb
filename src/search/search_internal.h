// Pieces shared by the search strategies (internal).
#pragma once

#include <algorithm>
#include <optional>
#include <vector>

#include "fasdl/model/uncertainty.h"
#include "fasdl/search/search.h"
#include "search/grid_evaluator.h"

namespace fasdl::search_internal {

// The constraints and objective of one search, and the best plans so far:
// the plan and up to options.runners_up more, in ranking order.
class Goal {
 public:
  Goal(const Model& model, const SearchOptions& o)
      : model_(&model),
        options_(&o),
        keep_(1 + static_cast<std::size_t>(std::max(0, o.runners_up))),
        z_(o.confidence ? normal_quantile(*o.confidence) : 0) {}

  // Feasible and within the deadline and budget; with a confidence, the
  // upper ends of the prediction's interval must be (fasdl/uncertainty.h).
  bool meets(const Prediction& p) const {
    if (!p.feasible()) return false;
    const Spread s = options_->confidence ? spread(*model_, p) : Spread{};
    return (!options_->deadline_seconds ||
            p.seconds + z_ * s.seconds < *options_->deadline_seconds) &&
           (!options_->budget_dollars || p.dollars + z_ * s.dollars <= *options_->budget_dollars);
  }
  // Keeps `p` when it meets the constraints and ranks among the best kept.
  void offer(const Prediction& p) {
    if (!meets(p)) return;
    if (kept_.size() == keep_ && !ranks_before(p, kept_.back(), options_->objective)) return;
    auto at = kept_.begin();
    while (at != kept_.end() && ranks_before(*at, p, options_->objective))
      ++at;
    kept_.insert(at, p);
    if (kept_.size() > keep_) kept_.pop_back();
  }
  std::optional<Prediction> best() const {
    return kept_.empty() ? std::nullopt : std::optional<Prediction>(kept_.front());
  }
  // The objective a block must beat to matter: the last kept plan's, once
  // as many plans as wanted are kept.
  std::optional<double> threshold() const {
    if (kept_.size() < keep_) return std::nullopt;
    const Prediction& p = kept_.back();
    return options_->objective == Objective::kCost ? p.dollars : p.seconds;
  }
  const std::vector<Prediction>& kept() const { return kept_; }
  const SearchOptions& options() const { return *options_; }
  // Fills the summary's plan, runners-up and status.
  void finish(SearchSummary& s) const {
    s.plan = best();
    s.runners_up.assign(kept_.begin() + (kept_.empty() ? 0 : 1), kept_.end());
    s.status = s.plan ? SearchStatus::kOk : SearchStatus::kInfeasible;
  }

 private:
  const Model* model_;
  const SearchOptions* options_;
  std::size_t keep_;
  double z_;  // the confidence's normal quantile
  std::vector<Prediction> kept_;
};

// The aggregator counts a rule allows for W workers: [first, last].
inline std::pair<int, int> aggregator_range(AggregatorRule rule, int workers) {
  switch (rule) {
    case AggregatorRule::kScatterReduce:
      return {workers, workers};
    case AggregatorRule::kAllReduce:
      return {1, 1};
    case AggregatorRule::kAny:
      break;
  }
  return {1, workers};
}

int worker_limit(const Model& model, const SearchOptions& options);

SearchSummary exact_search(const Model& model, const SearchOptions& options);
SearchSummary exhaustive_search(const Model& model, const SearchOptions& options);
SearchSummary heuristic_search(const Model& model, const SearchOptions& options);

}  // namespace fasdl::search_internal
