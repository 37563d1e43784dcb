// Lower bounds of the model's seconds and dollars over a block of
// configurations: one W, a range of K and a range of the memory grid
// (internal; docs/search.md gives the argument).
#pragma once

#include <vector>

#include "search/grid_evaluator.h"
#include "search/interval.h"

namespace fasdl {

struct Block {
  int workers = 1;
  int k_lo = 1;
  int k_hi = 1;
  int memory_lo = 0;  // memory grid indices, inclusive
  int memory_hi = 0;
  double seconds = 0;  // lower bound on the seconds of its feasible configurations
  double dollars = 0;  // lower bound on their dollars
};

class BlockBounds {
 public:
  explicit BlockBounds(const GridEvaluator& evaluator);

  // Fills b.seconds and b.dollars; false when the block holds no feasible
  // configuration (A < 1 or I < 1 throughout).
  bool bound(Block& b) const;

  // Cuts `b` in two: first at a transfer-column boundary while its memory
  // range spans more than one interpolation segment, then its K range in
  // halves, then its memory range in halves. False for a leaf (one K and at
  // most kLeafSize memory sizes), whose points are to be evaluated.
  bool split(const Block& b, Block& left, Block& right) const;
  static constexpr int kLeafSize = 8;

  // One block per W from min_workers to max_workers: every allowed K, every
  // memory size where the compute law is defined.
  std::vector<Block> roots(int min_workers, int max_workers, AggregatorRule rule) const;

 private:
  int columns_spanned(const Block& b) const;
  int column_split(const Block& b) const;
  Interval transfer(Direction d, const Block& b, double f_lo, double f_hi) const;
  Interval column_range(const TransferColumn& c, double f_lo, double f_hi) const;

  const GridEvaluator* ev_;
  int first_index_ = 0;
};

}  // namespace fasdl
