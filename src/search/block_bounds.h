// Lower bounds of the model's seconds and dollars over a block of
// configurations: one W, a range of K and a range of the memory grid
// (internal; docs/search.md gives the argument).
#pragma once

#include <optional>
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
  // bound() in steps: the ranges of one iteration's parts over the block, the
  // global batch of its feasible configurations, the run's iterations, storage
  // and start, the relaunches of a limited lifetime, and the platform's dollars.
  struct IterationRange;
  struct RunRange;
  struct Relaunches;
  IterationRange iteration_range(const Block& b) const;
  Interval train_memory(const Block& b, const Interval& memory) const;  // T_train M
  // Empty when no configuration of the block has A >= 1.
  std::optional<Interval> global_batch(const Block& b, const IterationRange& r) const;
  RunRange run_range(const Block& b, const IterationRange& r, const Interval& iterations) const;
  // scale times one worker's MB-seconds over the run, I M T_iter + start.
  static double mb_seconds_times(double scale, const IterationRange& r, const RunRange& run);
  // Empty when a relaunch takes the whole lifetime (the block is infeasible).
  std::optional<Relaunches> relaunches(const Block& b, double run_seconds) const;
  // The dollars with today's platform terms; reads b.seconds, already bounded.
  double platform_dollars(const Block& b, const IterationRange& r, const RunRange& run,
                          const Relaunches& again) const;

  int columns_spanned(const Block& b) const;
  int column_split(const Block& b) const;
  Interval transfer(Direction d, const Block& b, double f_lo, double f_hi) const;
  Interval column_range(const TransferColumn& c, double f_lo, double f_hi) const;

  const GridEvaluator* ev_;
  int first_index_ = 0;
};

}  // namespace fasdl
