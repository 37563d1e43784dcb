#include <algorithm>
#include <catch2/catch.hpp>

#include "fasdl/search/search.h"
#include "support/random_problems.h"

using namespace fasdl;

namespace {

// Every feasible configuration within the deadline and budget, then the sweep that keeps
// what nothing dominates.
std::vector<Prediction> brute_force_front(const Model& model, const SearchOptions& o) {
  std::vector<Prediction> all;
  const int w_max =
      o.max_workers > 0 ? std::min(o.max_workers, model.max_workers()) : model.max_workers();
  for (int w = 1; w <= w_max; ++w) {
    const int k_lo = o.aggregators == AggregatorRule::kScatterReduce ? w : 1;
    const int k_hi = o.aggregators == AggregatorRule::kAllReduce ? 1 : w;
    for (int k = k_lo; k <= k_hi; ++k)
      for (int i = 0; i < o.memory.size(); ++i) {
        const Prediction p = model.predict({w, o.memory.at(i), k});
        const bool meets = (!o.deadline_seconds || p.seconds < *o.deadline_seconds) &&
                           (!o.budget_dollars || p.dollars <= *o.budget_dollars);
        if (p.feasible() && meets) all.push_back(p);
      }
  }
  std::sort(all.begin(), all.end(), [](const Prediction& a, const Prediction& b) {
    return ranks_before(a, b, Objective::kTime);
  });
  std::vector<Prediction> front;
  for (const Prediction& p : all) {
    if (front.empty() || p.dollars < front.back().dollars) front.push_back(p);
  }
  return front;
}

}  // namespace

TEST_CASE("pareto: the branch-and-bound front equals the brute-force front", "[search][pareto]") {
  for (int i = 0; i < 60; ++i) {
    const testing::Problem p = testing::random_problem(777, i);
    INFO("problem " << i);
    const ParetoFront front = pareto_front(p.model, p.options);
    const std::vector<Prediction> want = brute_force_front(p.model, p.options);
    REQUIRE(front.plans.size() == want.size());
    for (std::size_t j = 0; j < want.size(); ++j) {
      CHECK(front.plans[j].config == want[j].config);
      CHECK(front.plans[j].seconds == want[j].seconds);
      CHECK(front.plans[j].dollars == want[j].dollars);
    }
  }
}

TEST_CASE("pareto: seconds rise and dollars fall along the front", "[search][pareto]") {
  const testing::Problem p = testing::random_problem(31, 3);
  const ParetoFront front = pareto_front(p.model, p.options);
  REQUIRE(front.plans.size() > 1);
  for (std::size_t j = 1; j < front.plans.size(); ++j) {
    CHECK(front.plans[j].seconds > front.plans[j - 1].seconds);
    CHECK(front.plans[j].dollars < front.plans[j - 1].dollars);
  }
}

TEST_CASE("pareto: a deadline and a budget cut the front without changing it", "[search][pareto]") {
  int cut = 0;
  for (int i = 0; i < 60; ++i) {
    testing::Problem p = testing::random_problem(777, i);
    if (!p.options.deadline_seconds && !p.options.budget_dollars) continue;
    INFO("problem " << i);
    const ParetoFront constrained = pareto_front(p.model, p.options);
    SearchOptions open = p.options;
    open.deadline_seconds.reset();
    open.budget_dollars.reset();
    std::vector<Prediction> want;
    for (const Prediction& q : pareto_front(p.model, open).plans) {
      if ((!p.options.deadline_seconds || q.seconds < *p.options.deadline_seconds) &&
          (!p.options.budget_dollars || q.dollars <= *p.options.budget_dollars))
        want.push_back(q);
    }
    REQUIRE(constrained.plans.size() == want.size());
    for (std::size_t j = 0; j < want.size(); ++j)
      CHECK(constrained.plans[j].config == want[j].config);
    if (!want.empty()) ++cut;
  }
  CHECK(cut > 10);
}

TEST_CASE("pareto: no point of the front is below the model's memory floor", "[search][pareto]") {
  int floored = 0;
  for (int i = 0; i < 60; ++i) {
    const testing::Problem p = testing::random_problem(777, i);
    if (p.model.memory_floor_mb() == 0) continue;
    ++floored;
    for (const Prediction& q : pareto_front(p.model, p.options).plans)
      CHECK(q.config.memory_mb >= p.model.memory_floor_mb());
  }
  CHECK(floored > 10);
}
