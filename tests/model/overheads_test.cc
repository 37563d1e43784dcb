// The measured overheads of a runtime (platform.overheads): off, the model is
// the reference form; on, each term adds what fasdl/platform.h says.
#include <catch2/catch.hpp>

#include "fasdl/formats/profile_json.h"
#include "fasdl/model/model.h"
#include "fasdl/model/profile.h"
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

Source no_files(const std::string&) {
  return {};
}

}  // namespace

TEST_CASE("overheads: all zero, the prediction is the reference form's to the last bit",
          "[model][overheads]") {
  const Model reference = *Model::create(flat_profile(), workload());
  Profile p = flat_profile();
  p.platform.overheads = Overheads{};
  const Model zero = *Model::create(p, workload());
  for (const Config c : {Config{4, 1000, 2}, Config{8, 512, 1}, Config{6, 2048, 6}}) {
    const Prediction a = reference.predict(c);
    const Prediction b = zero.predict(c);
    CHECK(a.seconds == b.seconds);
    CHECK(a.dollars == b.dollars);
    CHECK(a.batch_other == b.batch_other);
    CHECK(a.breakdown.iteration == b.breakdown.iteration);
  }
}

TEST_CASE("overheads: averaging, bookkeeping and start add mu W f / M, g / M and t0 + s / M",
          "[model][overheads]") {
  Profile p = flat_profile();
  p.platform.overheads = Overheads{6.0, 20.0, 0.5, 600.0};
  const Model m = *Model::create(p, workload());
  // W = 4, M = 1000, K = 2: f = 20, up = 0.3, down = 0.15, B = 64.
  const Prediction q = m.predict({4, 1000, 2});
  REQUIRE(q.feasible());
  const double train = 100.0 * 80 / 1000;
  const double sync = 0.001 * 4 * (20 + 10) * (2 - 0.5);
  const double merge = 6.0 * 4 * 20 / 1000;  // 0.48
  const double bookkeeping = 20.0 / 1000;    // 0.02
  const double agg = 0.3 + 3 * 0.15 + sync + merge;
  const double iteration = train + (2 * 0.3 + 0.5) + 0.15 + agg + bookkeeping;
  CHECK(q.breakdown.aggregate == Approx(0.3 + 3 * 0.15 + merge));
  CHECK(q.breakdown.flatten == Approx(0.5 + bookkeeping));
  CHECK(q.breakdown.iteration == Approx(iteration));
  const Breakdown& b = q.breakdown;
  CHECK(b.train + b.flatten + b.upload + b.aggregate + b.download + b.sync ==
        Approx(b.iteration).epsilon(1e-12));
  // Non-aggregators train through the averaging too: A from T_agg with it.
  CHECK(q.batch_other == std::min<long long>(std::llround((agg + train) / 100 * 1000 - 16), 448));
  CHECK(q.iterations == 200'000 / (64 * 2 + 2 * q.batch_other));
  CHECK(q.seconds == Approx(q.iterations * iteration + 0.5 + 600.0 / 1000).epsilon(1e-12));
  CHECK(q.cost.function == Approx(1e-8 * q.seconds * 1000 * 4).epsilon(1e-12));
}

TEST_CASE("overheads: a profile's platform.overheads reads and writes back", "[model][overheads]") {
  Profile p = flat_profile();
  p.platform.overheads = Overheads{6.5, 21.25, 0.125, 612.0};
  const std::string json = profile_to_json(p);
  CHECK(json.find("\"overheads\"") != std::string::npos);
  const auto back = parse_profile(json, "p.json", no_files);
  REQUIRE(back);
  REQUIRE(back->platform.overheads);
  CHECK(back->platform.overheads->aggregation_mb_seconds_per_mb == 6.5);
  CHECK(back->platform.overheads->iteration_mb_seconds == 21.25);
  CHECK(back->platform.overheads->start_seconds == 0.125);
  CHECK(back->platform.overheads->start_mb_seconds == 612.0);
  CHECK(profile_to_json(flat_profile()).find("overheads") == std::string::npos);
}

TEST_CASE("overheads: a negative or unknown field is one line naming its path",
          "[model][overheads]") {
  std::string json = profile_to_json(flat_profile());
  const std::string bad = json.substr(0, json.rfind('}')) +
                          ", \"platform\": {\"overheads\": {\"iteration_mb_seconds\": -1}}}";
  const auto e = parse_profile(bad, "p.json", no_files);
  REQUIRE_FALSE(e);
  CHECK(e.error().message ==
        "p.json: platform.overheads.iteration_mb_seconds: expected a non-negative number, got -1");
  const std::string unknown =
      json.substr(0, json.rfind('}')) + ", \"platform\": {\"overheads\": {\"merge\": 1}}}";
  const auto u = parse_profile(unknown, "p.json", no_files);
  REQUIRE_FALSE(u);
  CHECK(u.error().message.find("platform.overheads.merge") != std::string::npos);
}

TEST_CASE(
    "overheads: the wait for the others adds omega max(0, T_train(A) - T_train(B) + up) "
    "at K < W, after A is chosen, and nothing at K = W",
    "[model][overheads]") {
  Profile p = flat_profile();
  p.platform.overheads = Overheads{0, 0, 0, 0, 0.5};
  const Model m = *Model::create(p, workload());
  const Model reference = *Model::create(flat_profile(), workload());
  // W = 4, M = 1000, K = 2: f = 20, up = 0.3; B = 64, T_train(B) = 8.
  const Prediction q = m.predict({4, 1000, 2});
  const Prediction r = reference.predict({4, 1000, 2});
  REQUIRE(q.feasible());
  CHECK(q.batch_other == r.batch_other);  // A is the reference form's
  CHECK(q.iterations == r.iterations);
  const double others = 100.0 * (static_cast<double>(q.batch_other) + 16) / 1000;
  const double wait = 0.5 * (others - 8.0 + 0.3);
  CHECK(wait > 0);
  CHECK(q.breakdown.sync == Approx(r.breakdown.sync + wait).epsilon(1e-12));
  CHECK(q.breakdown.iteration == Approx(r.breakdown.iteration + wait).epsilon(1e-12));
  CHECK(q.seconds == Approx(q.iterations * q.breakdown.iteration).epsilon(1e-12));
  // K = W: everyone aggregates, nobody waits for a larger batch.
  const Prediction all = m.predict({4, 1000, 4});
  CHECK(all.breakdown.iteration == reference.predict({4, 1000, 4}).breakdown.iteration);
  // The coefficient reads and writes back; absent, it is 0.
  const auto back = parse_profile(profile_to_json(p), "p.json", no_files);
  REQUIRE(back);
  CHECK(back->platform.overheads->wait_fraction == 0.5);
  Profile none = flat_profile();
  none.platform.overheads = Overheads{1, 0, 0, 0};
  CHECK(profile_to_json(none).find("wait_fraction") == std::string::npos);
}
