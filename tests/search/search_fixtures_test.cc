// The searches against the optima and heuristic plans of the reference cases.
#include <catch2/catch.hpp>

#include "fasdl/search/search.h"
#include "support/reference.h"

using namespace fasdl;

namespace {

struct Case {
  Model model;
  SearchOptions options;
};

Case load_case(const nlohmann::json& c) {
  auto model = Model::create(testing::reference_profile(c["Mlower"].get<int>()),
                             testing::reference_workload(c));
  REQUIRE(model.ok());
  SearchOptions o;
  o.memory = profile_grid(*model);
  o.deadline_seconds = c["Tcon"].get<double>();
  return {std::move(model).value(), o};
}

}  // namespace

TEST_CASE("search: exact and exhaustive find every reference optimum", "[search][conformance]") {
  for (const auto& c : testing::reference_cases()) {
    Case k = load_case(c);
    INFO("case seed " << c["seed"]);
    for (const Strategy strategy : {Strategy::kExact, Strategy::kExhaustive}) {
      k.options.strategy = strategy;
      const SearchSummary s = search(k.model, k.options);
      if (c["optimum"].is_null()) {
        CHECK(s.status == SearchStatus::kInfeasible);
        CHECK_FALSE(s.plan);
        continue;
      }
      REQUIRE(s.status == SearchStatus::kOk);
      const auto& want = c["optimum"];
      CHECK(s.plan->config ==
            Config{want["W"].get<int>(), want["M"].get<int>(), want["K"].get<int>()});
      CHECK(s.plan->dollars == Approx(want["C"].get<double>()).epsilon(1e-9));
      CHECK(s.plan->seconds == Approx(want["T"].get<double>()).epsilon(1e-9));
    }
  }
}

TEST_CASE("search: exhaustive evaluates the whole reference space", "[search][conformance]") {
  for (const auto& c : testing::reference_cases()) {
    Case k = load_case(c);
    k.options.strategy = Strategy::kExhaustive;
    const SearchSummary s = search(k.model, k.options);
    const long long w_max = k.model.max_workers();
    CHECK(s.evaluated == k.options.memory.size() * w_max * (w_max + 1) / 2);
    // The fixture counts the configurations with A >= 1.
    long long with_batch = 0;
    for (int w = 1; w <= w_max; ++w)
      for (int kk = 1; kk <= w; ++kk)
        for (int i = 0; i < k.options.memory.size(); ++i)
          with_batch += k.model.predict({w, k.options.memory.at(i), kk}).batch_other >= 1;
    CHECK(with_batch == c["evaluated"].get<long long>());
  }
}

TEST_CASE("search: fasdl-heuristic reproduces the released optimizer's plans",
          "[search][conformance]") {
  for (const auto& c : testing::reference_cases()) {
    Case k = load_case(c);
    k.options.strategy = Strategy::kHeuristic;
    const SearchSummary s = search(k.model, k.options);
    const auto& want = c["heuristic"];
    INFO("case seed " << c["seed"]);
    REQUIRE(s.plan);
    CHECK(s.plan->config ==
          Config{want["W"].get<int>(), want["M"].get<int>(), want["K"].get<int>()});
    CHECK(s.plan->batch_other == want["A"].get<long long>());
    CHECK(s.plan->dollars == Approx(want["C"].get<double>()).epsilon(1e-9));
    REQUIRE(s.heuristic_seconds);
    CHECK(*s.heuristic_seconds == Approx(want["T"].get<double>()).epsilon(1e-9));
    CHECK((s.status == SearchStatus::kOk) == (want["flag"] == "Success"));
  }
}
