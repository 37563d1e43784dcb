// Exact search: best-first branch and bound over blocks of configurations.
//
// A block is one W with a range of K and a range of the memory grid. Its
// lower bounds on seconds and dollars (block_bounds.h) discard it when it
// cannot meet the deadline or budget, or cannot beat the incumbent; blocks
// are expanded in the order of their objective bound, so the search stops as
// soon as the best remaining bound is worse than the incumbent: that plan is
// then proven optimal.
#include <tuple>

#include "search/branch_and_bound.h"
#include "search/search_internal.h"

namespace fasdl::search_internal {

namespace {

double objective_bound(const Block& b, Objective o) {
  return o == Objective::kCost ? b.dollars : b.seconds;
}

struct Later {
  Objective objective;
  bool operator()(const Block& a, const Block& b) const {
    const double x = objective_bound(a, objective);
    const double y = objective_bound(b, objective);
    if (x != y) return x > y;
    return std::tie(a.workers, a.k_lo, a.memory_lo) > std::tie(b.workers, b.k_lo, b.memory_lo);
  }
};

}  // namespace

SearchSummary exact_search(const Model& model, const SearchOptions& o) {
  const GridEvaluator evaluator(model, o.memory);
  const BlockBounds bounds(evaluator);
  Goal goal(model, o);
  // A block is kept unless it cannot meet the deadline or budget or beat the
  // plans kept; blocks come cheapest bound first, so once one cannot beat
  // them nothing after it can: the kept plans are proven the best.
  const auto verdict = [&](const Block& b) {
    if (o.deadline_seconds && b.seconds >= *o.deadline_seconds) return Verdict::kDrop;
    if (o.budget_dollars && b.dollars > *o.budget_dollars) return Verdict::kDrop;
    if (const auto t = goal.threshold(); t && objective_bound(b, o.objective) > *t) {
      return Verdict::kStop;
    }
    return Verdict::kKeep;
  };
  const BranchAndBoundCounts counts = branch_and_bound(
      evaluator, bounds, bounds.roots(o.min_workers, worker_limit(model, o), o.aggregators),
      Later{o.objective}, verdict, [&](const Prediction& p) { goal.offer(p); });
  SearchSummary s;
  s.blocks = counts.blocks;
  s.evaluated = counts.evaluated;
  goal.finish(s);
  return s;
}

}  // namespace fasdl::search_internal
