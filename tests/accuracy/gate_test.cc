// Gate: what decides a validation, judged on planted summaries.
#include "fasdl/accuracy/gate.h"

#include <catch2/catch.hpp>

#include "fasdl/accuracy/validate.h"
#include "support/planted_cases.h"

using namespace fasdl;
using testing::planted;
using testing::robust_gate;

TEST_CASE(
    "gate: the robust gate fails when the predicted cheapest measured dearer and the "
    "ranks swap",
    "[validate][gate]") {
  const std::vector<ValidationCase> cases = {planted({2, 512, 1}, 0.97, 1.0, 3.0),
                                             planted({3, 512, 1}, 0.91, 2.0, 2.0),
                                             planted({4, 512, 1}, 0.99, 3.0, 1.0)};
  const AccuracySummary s = summarize(cases);
  CHECK(s.cheapest_excess == Approx(2.0));
  CHECK(s.rank_correlation == Approx(-1.0));
  REQUIRE(s.dollars_order.any);
  CHECK(s.dollars_order.separation == Approx(2.0));  // 1 and 3 predicted, 3 and 1 measured
  const GateResult g = judge(s, nullptr, robust_gate());
  CHECK_FALSE(g.passed);
  REQUIRE(g.failures.size() == 3);
  CHECK_THAT(g.failures[0], Catch::Matchers::StartsWith("the cheapest predicted (2:512:1)"));
  CHECK_THAT(g.failures[1], Catch::Matchers::StartsWith("order of dollars: 2:512:1 and 4:512:1 "
                                                        "ordered oppositely, 200.0% apart"));
  CHECK_THAT(g.failures[2], Catch::Matchers::StartsWith("order of seconds:"));
}

TEST_CASE(
    "gate: the robust gate forgives near ties swapped (Spearman 0.60) and fails a pair "
    "swapped far apart",
    "[validate][gate]") {
  // Dollars in the same order on both sides; seconds with two near ties, each
  // swapped: 10 and 10.5 predicted, 11 and 10 measured; 20 and 21, 22 and 20.
  const auto with_seconds = [](std::vector<double> predicted, std::vector<double> measured) {
    std::vector<ValidationCase> cases;
    for (std::size_t i = 0; i < predicted.size(); ++i) {
      const double dollars = static_cast<double>(i + 1);
      cases.push_back(planted({static_cast<int>(i) + 2, 512, 1}, 0.9, dollars, dollars));
      cases.back().predicted.seconds = predicted[i];
      cases.back().measured.seconds = measured[i];
    }
    return summarize(cases);
  };
  const AccuracySummary s = with_seconds({10, 10.5, 20, 21}, {11, 10, 22, 20});
  CHECK(s.seconds_rank_correlation == Approx(0.6));
  CHECK(s.seconds_order.separation == Approx(0.05));
  CHECK(judge(s, nullptr, robust_gate()).passed);
  GateOptions spearman = robust_gate();
  spearman.min_rank_correlation = 0.8;
  CHECK_FALSE(judge(s, nullptr, spearman).passed);
  GateOptions tight = robust_gate();
  tight.order_tolerance = 0.04;
  CHECK_FALSE(judge(s, nullptr, tight).passed);
  // A pair the model puts 50% apart and the runs 40% apart the other way.
  const AccuracySummary f = with_seconds({10, 15}, {14, 10});
  CHECK(f.seconds_order.separation == Approx(0.4));
  const GateResult g = judge(f, nullptr, robust_gate());
  CHECK_FALSE(g.passed);
  REQUIRE(g.failures.size() == 1);
  CHECK_THAT(g.failures[0], Catch::Matchers::Contains("40.0% apart; at most 25.0% apart"));
}

TEST_CASE("gate: a run of no time is not finite, and fails either gate", "[validate][gate]") {
  std::vector<ValidationCase> cases = {planted({2, 512, 1}, 0.97, 1.0, 1.1),
                                       planted({3, 512, 1}, 0.91, 2.0, 2.5)};
  cases[1].measured.seconds = 0;
  const AccuracySummary s = summarize(cases);
  CHECK_FALSE(s.finite);
  CHECK_FALSE(judge(s, nullptr, GateOptions{}).passed);
  CHECK_FALSE(judge(s, nullptr, robust_gate()).passed);
}

TEST_CASE("gate: gates convert to and from their names", "[validate][gate]") {
  for (const Gate g : {Gate::kMedian, Gate::kCorrected, Gate::kRobust})
    CHECK(*gate_from_string(to_string(g)) == g);
  CHECK_FALSE(gate_from_string("ranks"));
}
