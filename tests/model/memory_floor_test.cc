// The memory floor of a workload (issue 14): the model refuses less memory,
// every search starts its grid there, and a floorless workload is untouched.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>

#include "fasdl/model/chance.h"
#include "fasdl/search/plan.h"
#include "fasdl/search/search.h"
#include "support/linear_profile.h"

using namespace fasdl;

namespace {

Workload workload_with(MemoryFloor floor) {
  Workload w;
  w.name = "w";
  w.model_mb = 90;
  w.samples = 50'000;
  w.epochs = 2;
  w.compute = {143, 16, 215};
  w.flatten = {5, -0.5};
  w.memory_floor = floor;
  return w;
}

Model model_with(MemoryFloor floor, MemoryRange memory = {128, 3008, 64}) {
  auto m = Model::create(testing::linear_profile(memory), workload_with(floor));
  REQUIRE(m.ok());
  return std::move(m).value();
}

}  // namespace

TEST_CASE("memory floor: the rule is runtime + copies S + activations at B, in whole MB",
          "[floor]") {
  // B = round(16 / (1 / 0.8 - 1)) = 64: 350 + 6 x 90 + 64 x 26.19 = 2566.16 MB.
  const Model m = model_with({std::nullopt, MemoryRule{350, 6, 26.19}});
  CHECK(m.batch_aggregator() == 64);
  CHECK(m.memory_floor_mb() == 2567);
  CHECK(m.memory_floor_derivation() ==
        "350 MB runtime + 6 x 90 MB vectors + 64 x 26.19 MB activations");
  CHECK(model_with({700.5, std::nullopt}).memory_floor_mb() == 701);
  CHECK(model_with({}).memory_floor_mb() == 0);
}

TEST_CASE("memory floor: a prediction below it is infeasible and says why", "[floor]") {
  const Model m = model_with({1000.0, std::nullopt});
  const Prediction below = m.predict({4, 960, 2});
  CHECK(below.infeasibility == Infeasibility::kBelowMemoryFloor);
  CHECK(m.explain(below) ==
        "M = 960 MB is below w's memory floor of 1000 MB (the workload's memory_min_mb)");
  CHECK(m.predict({4, 1000, 2}).feasible());
  // Without a floor the same configuration is what it always was.
  const Model free = model_with({});
  const Prediction p = free.predict({4, 960, 2});
  CHECK(p.feasible());
  CHECK(p.seconds == model_with({960.0, std::nullopt}).predict({4, 960, 2}).seconds);
}

TEST_CASE("memory floor: the searched grid starts at the first size on it at or above the floor",
          "[floor]") {
  const Model m = model_with({1000.0, std::nullopt});
  const MemoryGrid g = floored_grid(m, {128, 3008, 64});
  CHECK(g.min_mb == 1024);  // 128 + 14 x 64
  CHECK(g.max_mb == 3008);
  CHECK(g.step_mb == 64);
  CHECK(floored_grid(m, {1200, 3008, 64}).min_mb == 1200);  // already above
  CHECK(floored_grid(m, {128, 960, 64}).size() == 0);       // the floor is above the grid
  CHECK(floored_grid(model_with({}), {128, 3008, 64}).min_mb == 128);
}

TEST_CASE("memory floor: no search, baseline or front goes below it", "[floor]") {
  const Model m = model_with({1000.0, std::nullopt});
  SearchOptions o;
  o.memory = profile_grid(m);
  for (const Strategy s : {Strategy::kExact, Strategy::kExhaustive}) {
    o.strategy = s;
    o.threads = 1;
    const PlanReport r = make_plan(m, o, search(m, o));  // the cheapest plan
    REQUIRE(r.summary.plan);
    CHECK(r.summary.plan->config.memory_mb >= 1000);
    CHECK(r.scatter_reduce->config.memory_mb >= 1000);
    CHECK(r.all_reduce->config.memory_mb >= 1000);
    CHECK(r.options.memory.min_mb == 1024);
    CHECK_THAT(bindings(m, r.options, *r.summary.plan),
               Catch::VectorContains(std::string("M at the model's memory floor (1000 MB)")));
  }
  o.strategy = Strategy::kExact;
  for (const Prediction& p : pareto_front(m, o).plans)
    CHECK(p.config.memory_mb >= 1000);
  // Above the grid: nothing feasible, and the reason names the floor.
  o.memory = {128, 960, 64};
  const SearchSummary none = search(m, o);
  CHECK(none.status == SearchStatus::kInfeasible);
  CHECK(none.reason ==
        "w needs at least 1000 MB, its memory floor (the workload's memory_min_mb), and the "
        "largest memory searched is 960 MB");
}

TEST_CASE("chance: the normal probability of meeting a limit, certain without a spread",
          "[chance]") {
  CHECK(chance_within(100, 0, 101, false) == 1);
  CHECK(chance_within(101, 0, 101, false) == 0);
  CHECK(chance_within(101, 0, 101, true) == 1);
  CHECK(chance_within(100, 10, 100, false) == Approx(0.5));
  CHECK(chance_within(100, 10, 112.8155, false) == Approx(0.9).epsilon(1e-4));
  CHECK(chance_within(100, 10, 87.1845, false) == Approx(0.1).epsilon(1e-3));
}

TEST_CASE("memory floor: with the rule, the non-aggregators' batch A must fit too", "[floor]") {
  // Floor 350 + 6 x 90 + 64 x 5 = 1210 MB; at A samples the others need 890 + 5 A MB.
  const Model m = model_with({std::nullopt, MemoryRule{350, 6, 5}});
  REQUIRE(m.memory_floor_mb() == 1210);
  for (const int memory : {1216, 1600, 2048, 3008}) {
    const Prediction p = m.predict({8, memory, 2});
    INFO("M = " << memory << ", A = " << p.batch_other);
    REQUIRE(p.batch_other > 64);
    const double need = 890 + 5.0 * static_cast<double>(p.batch_other);
    CHECK(p.feasible() == (memory >= need));
    if (!p.feasible()) {
      CHECK(p.infeasibility == Infeasibility::kBatchBeyondMemory);
      CHECK_THAT(m.explain(p), Catch::StartsWith(fmt::format(
                                   "the non-aggregators train A = {} samples in one pass, which "
                                   "needs {:.0f} MB (350 MB runtime + 6 x 90 MB vectors + {} x 5 "
                                   "MB activations), more than M = {} MB",
                                   p.batch_other, std::ceil(need), p.batch_other, memory)));
    }
  }
  // ScatterReduce trains B everywhere: the floor is all it needs.
  CHECK(m.predict({8, 1216, 8}).feasible());
  // A stated floor has no batch: only the floor applies.
  CHECK(model_with({1210.0, std::nullopt}).predict({8, 1216, 2}).feasible());
}
