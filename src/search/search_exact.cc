// Exact search: best-first branch and bound over blocks of configurations.
//
// A block is one W with a range of K and a range of the memory grid. Its
// lower bounds on seconds and dollars (block_bounds.h) discard it when it
// cannot meet the deadline or budget, or cannot beat the incumbent; blocks
// are expanded in the order of their objective bound, so the search stops as
// soon as the best remaining bound is worse than the incumbent: that plan is
// then proven optimal.
#include <queue>
#include <tuple>

#include "search/block_bounds.h"
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
  SearchSummary s;
  std::priority_queue<Block, std::vector<Block>, Later> open(Later{o.objective});

  // Bounds the block and queues it unless it cannot hold a better plan.
  const auto consider = [&](Block b) {
    ++s.blocks;
    if (!bounds.bound(b)) return;
    if (o.deadline_seconds && b.seconds >= *o.deadline_seconds) return;
    if (o.budget_dollars && b.dollars > *o.budget_dollars) return;
    if (const auto t = goal.threshold(); t && objective_bound(b, o.objective) > *t) return;
    open.push(b);
  };

  for (const Block& root : bounds.roots(o.min_workers, worker_limit(model, o), o.aggregators))
    consider(root);
  GridEvaluator::Columns columns;
  Block left, right;
  while (!open.empty()) {
    const Block b = open.top();
    open.pop();
    // Nothing left can do better: the kept plans are proven the best.
    if (const auto t = goal.threshold(); t && objective_bound(b, o.objective) > *t) break;
    if (bounds.split(b, left, right)) {
      consider(left);
      consider(right);
      continue;
    }
    if (columns.aggregators != b.k_lo) evaluator.fill(b.k_lo, columns);
    for (int i = b.memory_lo; i <= b.memory_hi; ++i)
      goal.offer(evaluator.evaluate(b.workers, i, columns));
    s.evaluated += b.memory_hi - b.memory_lo + 1;
  }
  goal.finish(s);
  return s;
}

}  // namespace fasdl::search_internal
