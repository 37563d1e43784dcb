#include "fasdl/search/search.h"

#include <catch2/catch.hpp>

#include "support/random_problems.h"

using namespace fasdl;

TEST_CASE("search: exact equals exhaustive on 300 seeded random problems", "[search]") {
  int feasible = 0;
  for (int i = 0; i < 300; ++i) {
    testing::Problem p = testing::random_problem(20261127, i);
    INFO("problem " << i);
    REQUIRE_FALSE(check_options(p.model, p.options));
    p.options.strategy = Strategy::kExhaustive;
    const SearchSummary all = search(p.model, p.options);
    p.options.strategy = Strategy::kExact;
    const SearchSummary exact = search(p.model, p.options);
    REQUIRE(exact.status == all.status);
    if (all.plan) {
      ++feasible;
      CHECK(exact.plan->config == all.plan->config);
      CHECK(exact.plan->dollars == all.plan->dollars);
      CHECK(exact.plan->seconds == all.plan->seconds);
      CHECK(exact.evaluated <= all.evaluated);
    }
  }
  // The family must exercise both outcomes.
  CHECK(feasible > 60);
  CHECK(feasible < 290);
}

TEST_CASE("search: ties rank by dollars, seconds, then smaller W, M and K", "[search]") {
  Prediction a;
  a.dollars = 1;
  a.seconds = 10;
  a.config = {4, 512, 2};
  Prediction b = a;
  b.config = {4, 512, 3};
  CHECK(ranks_before(a, b, Objective::kCost));
  CHECK_FALSE(ranks_before(b, a, Objective::kCost));
  b.seconds = 9;
  CHECK(ranks_before(b, a, Objective::kCost));
  b.dollars = 1.5;
  CHECK(ranks_before(a, b, Objective::kCost));
  CHECK(ranks_before(b, a, Objective::kTime));
}

TEST_CASE("search: strategies and objectives convert to and from their names", "[search]") {
  for (const auto s : {Strategy::kExact, Strategy::kHeuristic, Strategy::kExhaustive}) {
    CHECK(*strategy_from_string(to_string(s)) == s);
  }
  for (const auto o : {Objective::kCost, Objective::kTime})
    CHECK(*objective_from_string(to_string(o)) == o);
  CHECK(strategy_from_string("greedy").error().message ==
        "search: expected exact, fasdl-heuristic or exhaustive, got \"greedy\"");
}

TEST_CASE("search: runners-up are the next-best plans, equal for exact and exhaustive",
          "[search]") {
  for (int i = 0; i < 60; ++i) {
    testing::Problem p = testing::random_problem(4242, i);
    INFO("problem " << i);
    p.options.runners_up = 4;
    p.options.strategy = Strategy::kExhaustive;
    const SearchSummary all = search(p.model, p.options);
    p.options.strategy = Strategy::kExact;
    const SearchSummary exact = search(p.model, p.options);
    REQUIRE(exact.runners_up.size() == all.runners_up.size());
    for (std::size_t j = 0; j < all.runners_up.size(); ++j) {
      CHECK(exact.runners_up[j].config == all.runners_up[j].config);
      if (j > 0) CHECK(ranks_before(all.runners_up[j - 1], all.runners_up[j], p.options.objective));
    }
    if (all.plan && !all.runners_up.empty()) {
      CHECK(ranks_before(*all.plan, all.runners_up[0], p.options.objective));
    }
  }
}
