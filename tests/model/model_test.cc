#include "fasdl/model/model.h"

#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "support/linear_profile.h"

using namespace fasdl;

namespace {

// up = 0.1 + f / 100 and down = 0.05 + f / 200 at every memory (linear_profile.h).
Profile flat_profile() {
  Profile p = testing::linear_profile({128, 3008, 64});
  p.name = "flat";
  p.prices = {1e-8, 5e-6, 4e-7};
  p.sync = {0.001, 10};
  return p;
}

Workload workload() {
  Workload w;
  w.name = "w";
  w.model_mb = 40;
  w.samples = 100'000;
  w.epochs = 2;
  w.compute = {100, 16, 0};  // T_train = 100 (64 + 16) / M
  w.flatten = {0.5, 0};      // T_trans = 0.5 s
  w.batch = {0.8, 1024};
  return w;
}

Model model() {
  return *Model::create(flat_profile(), workload());
}

}  // namespace

TEST_CASE("model: a hand-computed configuration is reproduced", "[model]") {
  // W = 4, M = 1000, K = 2: f = 20, up = 0.3, down = 0.15, B = 64.
  const Prediction p = model().predict({4, 1000, 2});
  REQUIRE(p.feasible());
  const double train = 100.0 * 80 / 1000;                 // 8
  const double sync = 0.001 * 4 * (20 + 10) * (2 - 0.5);  // 0.18
  const double agg = 0.3 + 3 * 0.15 + sync;               // 0.93
  const double iteration = train + (2 * 0.3 + 0.5) + 0.15 + agg;
  CHECK(p.breakdown.train == Approx(train));
  CHECK(p.breakdown.sync == Approx(sync));
  CHECK(p.breakdown.iteration == Approx(iteration));
  // A = min(round((0.93 + 8) / 100 * 1000 - 16), floor((1024 - 128) / 2)) = round(73.3) = 73.
  CHECK(p.batch_other == 73);
  CHECK(p.iterations == 200'000 / (64 * 2 + 2 * 73));
  CHECK(p.seconds == Approx(p.iterations * iteration).epsilon(1e-12));
  CHECK(p.cost.function == Approx(1e-8 * p.seconds * 1000 * 4).epsilon(1e-12));
  CHECK(p.cost.storage == Approx(p.iterations * (5e-6 * 8 + 4e-7 * 2 * 2 * 3)).epsilon(1e-12));
  CHECK(p.dollars == Approx(p.cost.function + p.cost.storage).epsilon(1e-15));
}

TEST_CASE("model: the breakdown parts add up to the iteration", "[model]") {
  const Model m = model();
  for (const Config c : {Config{1, 128, 1}, Config{8, 640, 3}, Config{16, 3008, 16}}) {
    const Breakdown b = m.predict(c).breakdown;
    CHECK(b.train + b.flatten + b.upload + b.aggregate + b.download + b.sync ==
          Approx(b.iteration).epsilon(1e-14));
  }
}

TEST_CASE("model: K = W reduces to ScatterReduce, everyone trains B", "[model]") {
  const Prediction p = model().predict({8, 1024, 8});
  REQUIRE(p.feasible());
  CHECK(p.batch_other == p.batch_aggregator);
  CHECK(p.iterations == 200'000 / (64 * 8));
}

TEST_CASE("model: K = 1 downloads the single merged object once", "[model]") {
  const Model m = model();
  const Prediction one = m.predict({4, 1000, 1});
  const Prediction two = m.predict({4, 1000, 2});
  CHECK(one.breakdown.download == Approx(0.05 + 40.0 / 200));  // f = 40
  CHECK(two.breakdown.download == Approx(0.05 + 20.0 / 200));  // (K - 1) down, f = 20
}

TEST_CASE("model: the global batch cap bounds A", "[model]") {
  Workload w = workload();
  w.batch.max_global = 300;  // W = 4, K = 2: floor((300 - 128) / 2) = 86 ... cap 86 > 73
  CHECK(Model::create(flat_profile(), w)->predict({4, 1000, 2}).batch_other == 73);
  w.batch.max_global = 260;  // floor((260 - 128) / 2) = 66 < 73
  CHECK(Model::create(flat_profile(), w)->predict({4, 1000, 2}).batch_other == 66);
}

TEST_CASE("model: B rounds half to even", "[model]") {
  CHECK(aggregator_batch(16, 0.8) == 64);
  CHECK(aggregator_batch(2.5, 0.5) == 2);  // 2.5 -> 2
  CHECK(aggregator_batch(3.5, 0.5) == 4);  // 3.5 -> 4
}

TEST_CASE("model: each infeasible configuration says why", "[model]") {
  const Model m = model();
  const auto reason = [&](Config c) {
    const Prediction p = m.predict(c);
    REQUIRE_FALSE(p.feasible());
    return m.explain(p);
  };
  CHECK(reason({4, 1024, 5}) == "K = 5 is outside 1..W = 1..4");
  CHECK(reason({4, 1024, 0}) == "K = 0 is outside 1..W = 1..4");
  CHECK(reason({0, 1024, 1}) == "W = 0 is outside 1..16 (floor(max_global 1024 / B 64))");
  CHECK(reason({17, 1024, 1}) == "W = 17 is outside 1..16 (floor(max_global 1024 / B 64))");
  CHECK(reason({4, 4096, 2}) == "M = 4096 MB is outside the profile's memory range 128..3008 MB");
}

TEST_CASE("model: A below one is infeasible with the value of A", "[model]") {
  // With non-negative transfer times A >= B, so A < 1 needs downloads that
  // extrapolate below zero: falling from 0.2 s at 1 MB to 0.1 s at 2 MB.
  std::vector<Measurement> rows;
  for (const int m : {128, 3008}) {
    rows.push_back({Direction::kUpload, m, 1, 0.1, "t"});
    rows.push_back({Direction::kUpload, m, 2, 0.2, "t"});
    rows.push_back({Direction::kDownload, m, 1, 0.2, "t"});
    rows.push_back({Direction::kDownload, m, 2, 0.1, "t"});
  }
  Profile p = flat_profile();
  p.transfers = *TransferTable::from_measurements(rows, "t");
  Workload w = workload();
  w.model_mb = 100;  // K = 1: down(100) = -9.7 s, so T_agg < 0
  const Model m = *Model::create(p, w);
  const Prediction q = m.predict({4, 1000, 1});
  REQUIRE(q.infeasibility == Infeasibility::kBatchBelowOne);
  CHECK(q.batch_other < 1);
  CHECK(m.explain(q).rfind(fmt::format("A = {} < 1: ", q.batch_other), 0) == 0);
}

TEST_CASE("model: a compute law without a value is infeasible, not a number", "[model]") {
  Workload w = workload();
  w.compute.m = -200;
  const Model m = *Model::create(flat_profile(), w);
  const Prediction p = m.predict({4, 128, 2});
  CHECK(p.infeasibility == Infeasibility::kComputeUndefined);
  CHECK(m.explain(p) == "M + m = 128 + -200 is not positive, so T_train has no value");
}

TEST_CASE("model: negative extrapolated transfer times are kept but flagged", "[model]") {
  std::vector<Measurement> rows;
  for (const int m : {128, 3008}) {
    // Falling at the top: extrapolation to 100 MB goes below zero.
    rows.push_back({Direction::kUpload, m, 1, 0.5, "t"});
    rows.push_back({Direction::kUpload, m, 2, 0.4, "t"});
    rows.push_back({Direction::kDownload, m, 1, 0.1, "t"});
    rows.push_back({Direction::kDownload, m, 2, 0.2, "t"});
  }
  Profile p = flat_profile();
  p.transfers = *TransferTable::from_measurements(rows, "t");
  Workload w = workload();
  w.model_mb = 8;  // K = 1: f = 8, up = 0.5 - 0.1 * 7 = -0.2
  const Model m = *Model::create(p, w);
  const Prediction q = m.predict({2, 1024, 1});
  CHECK(q.negative_transfer);
  CHECK(q.feasible());
  w.model_mb = 100;  // up = -9.4: the iteration takes negative time
  const Model worse = *Model::create(p, w);
  const Prediction r = worse.predict({1, 3008, 1});
  CHECK(r.infeasibility == Infeasibility::kNonPositiveTime);
}

TEST_CASE("model: a batch policy that gives B < 1 is refused", "[model]") {
  Workload w = workload();
  w.compute.b = 0.1;
  const auto m = Model::create(flat_profile(), w);
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().message ==
        "B = round(compute.b / (1 / batch.efficiency - 1)) = 0, expected at least 1; raise "
        "compute.b or batch.efficiency");
}
