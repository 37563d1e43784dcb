// Best-first branch and bound over blocks of configurations (internal): the
// one loop of the exact search and the Pareto front (docs/search.md).
//
// Blocks come from BlockBounds: each is bounded when it is made, queued if
// `verdict` lets it, and taken in `Order` (the top first). A taken block is
// judged again (the goal may have moved since it was queued), then split in
// two or, when it cannot be split, evaluated configuration by configuration,
// each prediction going to `visit`.
#pragma once

#include <queue>
#include <vector>

#include "search/block_bounds.h"
#include "search/grid_evaluator.h"

namespace fasdl::search_internal {

enum class Verdict {
  kKeep,  // may hold a wanted configuration
  kDrop,  // holds none
  kStop,  // holds none, and no block after it in the order does either
};

struct BranchAndBoundCounts {
  long long blocks = 0;     // blocks bounded
  long long evaluated = 0;  // configurations evaluated
};

template <class Order, class Judge, class Visit>
BranchAndBoundCounts branch_and_bound(const GridEvaluator& evaluator, const BlockBounds& bounds,
                                      const std::vector<Block>& roots, Order order, Judge verdict,
                                      Visit visit) {
  BranchAndBoundCounts counts;
  std::priority_queue<Block, std::vector<Block>, Order> open(order);
  const auto consider = [&](Block b) {
    ++counts.blocks;
    if (bounds.bound(b) && verdict(b) == Verdict::kKeep) open.push(b);
  };
  for (const Block& root : roots)
    consider(root);
  GridEvaluator::Columns columns;
  Block left, right;
  while (!open.empty()) {
    const Block b = open.top();
    open.pop();
    const Verdict v = verdict(b);
    if (v == Verdict::kStop) break;
    if (v == Verdict::kDrop) continue;
    if (bounds.split(b, left, right)) {
      consider(left);
      consider(right);
      continue;
    }
    if (columns.aggregators != b.k_lo) evaluator.fill(b.k_lo, columns);
    for (int i = b.memory_lo; i <= b.memory_hi; ++i)
      visit(evaluator.evaluate(b.workers, i, columns));
    counts.evaluated += b.memory_hi - b.memory_lo + 1;
  }
  return counts;
}

}  // namespace fasdl::search_internal
