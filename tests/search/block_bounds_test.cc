// The bounds of the exact search, checked directly: no feasible point of a
// block is faster or cheaper than the block's bounds say.
#include "search/block_bounds.h"

#include <catch2/catch.hpp>
#include <random>

#include "support/random_problems.h"

using namespace fasdl;

TEST_CASE("block bounds: no point of a random block beats its bounds", "[search][bounds]") {
  std::mt19937_64 rng(99);
  long long checked = 0;
  for (int i = 0; i < 300; ++i) {
    const testing::Problem p = testing::random_problem(515, i);
    const GridEvaluator evaluator(p.model, p.options.memory);
    const BlockBounds bounds(evaluator);
    const int w_max = p.model.max_workers();
    for (int trial = 0; trial < 20; ++trial) {
      std::uniform_int_distribution<int> pick_w(1, w_max);
      Block b;
      b.workers = pick_w(rng);
      std::uniform_int_distribution<int> pick_k(1, b.workers);
      b.k_lo = pick_k(rng);
      b.k_hi = std::uniform_int_distribution<int>(b.k_lo, b.workers)(rng);
      std::uniform_int_distribution<int> pick_i(0, evaluator.size() - 1);
      b.memory_lo = pick_i(rng);
      b.memory_hi = std::uniform_int_distribution<int>(b.memory_lo, evaluator.size() - 1)(rng);
      const bool any = bounds.bound(b);
      for (int k = b.k_lo; k <= b.k_hi; ++k) {
        const auto columns = evaluator.columns(k);
        for (int m = b.memory_lo; m <= b.memory_hi; ++m) {
          const Prediction q = evaluator.evaluate(b.workers, m, columns);
          if (!q.feasible() && q.infeasibility != Infeasibility::kThrottled) continue;
          INFO("problem " << i << " W=" << b.workers << " K=" << k << " M=" << q.config.memory_mb);
          REQUIRE(any);
          CHECK(b.seconds <= q.seconds);
          CHECK(b.dollars <= q.dollars);
          ++checked;
        }
      }
    }
  }
  CHECK(checked > 100000);
}
