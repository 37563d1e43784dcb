// Today's platform terms (fasdl/platform.h): each planted and recovered.
#include "fasdl/model/platform.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "fasdl/model/model.h"
#include "fasdl/search/search.h"
#include "support/linear_profile.h"

using namespace fasdl;

namespace {

// up = 0.1 + f / 100 and down = 0.05 + f / 200 at every memory (linear_profile.h).
Profile profile() {
  Profile p = testing::linear_profile({128, 10240, 1});
  p.name = "today";
  return p;
}

Workload workload() {
  Workload w;
  w.name = "w";
  w.model_mb = 40;
  w.samples = 50'000;
  w.epochs = 5;
  w.compute = {120, 16, 200};
  w.flatten = {1.4, -0.5};
  w.batch = {0.8, 1024};
  return w;
}

Prediction predict(const Profile& p, const Workload& w, Config c) {
  return Model::create(p, w)->predict(c);
}

}  // namespace

TEST_CASE("platform: without any term a profile is the reference model", "[platform]") {
  const Prediction a = predict(profile(), workload(), {8, 2048, 2});
  Profile p = profile();
  p.platform.lifetime = Lifetime{1e9, 0};  // on, but never reached
  const Prediction b = predict(p, workload(), {8, 2048, 2});
  CHECK(a.seconds == b.seconds);
  CHECK(a.dollars == b.dollars);
  CHECK(b.relaunches == 0);
}

TEST_CASE("platform: with the vCPU law memory beyond the threads' vCPUs buys no speed",
          "[platform]") {
  Profile p = profile();
  p.platform.cpu = CpuLimits{1769, 6};
  Workload w = workload();
  w.compute.law = ComputeLaw::kVcpu;
  w.compute.threads = 2;  // cap: 2 x 1769 = 3538 MB
  const Model m = *Model::create(p, w);
  CHECK(m.memory_cap() == 3538);
  CHECK(m.train_seconds(5000) == m.train_seconds(3538));
  CHECK(m.train_seconds(3000) == Approx(120.0 * 80 / (3000 + 200)));
  CHECK(m.train_seconds(3000) > m.train_seconds(3538));
  // A counts with M' too: the same batches at 5000 MB as at the cap.
  CHECK(m.predict({8, 5000, 2}).batch_other == m.predict({8, 3538, 2}).batch_other);
  // The law needs the platform's vCPU limits.
  CHECK_FALSE(Model::create(profile(), w).ok());
}

TEST_CASE("platform: tiered prices charge each GB-second at its tier's price", "[platform]") {
  TieredPrices t;
  t.tiers["x86_64"] = {{100, 2e-5}, {300, 1e-5}, {PriceTier{}.up_to_gb_seconds, 5e-6}};
  t.tiers["arm64"] = {{PriceTier{}.up_to_gb_seconds, 1e-6}};
  CHECK(t.cost(50) == Approx(50 * 2e-5));
  CHECK(t.cost(150) == Approx(100 * 2e-5 + 50 * 1e-5));
  CHECK(t.cost(500) == Approx(100 * 2e-5 + 200 * 1e-5 + 200 * 5e-6));
  t.monthly_usage_gb_seconds = 250;  // this month's earlier use starts in the second tier
  CHECK(t.cost(100) == Approx(50 * 1e-5 + 50 * 5e-6));
  t.architecture = "arm64";
  CHECK(t.cost(100) == Approx(100 * 1e-6));

  Profile p = profile();
  t.architecture = "x86_64";
  t.monthly_usage_gb_seconds = 0;
  p.platform.gb_second_prices = t;
  const Prediction q = predict(p, workload(), {8, 2048, 2});
  CHECK(q.cost.function == Approx(t.cost(q.seconds * 2048 * 8 / 1024)).epsilon(1e-12));
  CHECK(q.dollars == Approx(q.cost.function + q.cost.storage).epsilon(1e-12));
}

TEST_CASE("platform: a run just over the lifetime gains exactly one relaunch per worker",
          "[platform]") {
  const Config c{8, 2048, 2};
  const Prediction base = predict(profile(), workload(), c);
  Profile p = profile();
  p.prices = {1e-8, 5e-6, 4e-7};
  p.platform.lifetime = Lifetime{base.seconds - 1, 2.5};  // the run is 1 s too long
  const Prediction q = predict(p, workload(), c);
  REQUIRE(q.feasible());
  CHECK(q.relaunches == 1);
  const double checkpoint = (0.1 + 40.0 / 100) + (0.05 + 40.0 / 200);  // up(M, S) + down(M, S)
  CHECK(q.seconds == Approx(base.seconds + checkpoint + 2.5).epsilon(1e-12));
  CHECK(q.cost.storage == Approx(base.cost.storage + 8 * (5e-6 + 4e-7)).epsilon(1e-12));
  // Twice as long as the lifetime (less the relaunches) needs two relaunches.
  p.platform.lifetime = Lifetime{base.seconds / 2.5, 2.5};
  CHECK(predict(p, workload(), c).relaunches == 2);
  // A relaunch that cannot fit in the lifetime is infeasible, with the reason.
  p.platform.lifetime = Lifetime{base.seconds / 3, base.seconds};
  const Model m = *Model::create(p, workload());
  const Prediction r = m.predict(c);
  CHECK(r.infeasibility == Infeasibility::kLifetimeTooShort);
  CHECK(m.explain(r).find("not less than the") != std::string::npos);
}

TEST_CASE("platform: every invocation is billed, relaunches included", "[platform]") {
  const Config c{8, 2048, 2};
  const Prediction base = predict(profile(), workload(), c);
  Profile p = profile();
  p.platform.invocations = InvocationPrice{2e-7, {}};
  CHECK(predict(p, workload(), c).cost.invocations == Approx(8 * 2e-7));
  p.platform.lifetime = Lifetime{base.seconds - 1, 0};
  CHECK(predict(p, workload(), c).cost.invocations == Approx(8 * 2 * 2e-7));
}

TEST_CASE("platform: polling bills a LIST for each interval of waiting", "[platform]") {
  const Config c{8, 2048, 2};
  const Prediction base = predict(profile(), workload(), c);
  Profile p = profile();
  p.platform.polling = Polling{0.05, 5e-6, {}};
  const Prediction q = predict(p, workload(), c);
  const double down = 0.05 + 20.0 / 200;
  const double waiting = 2 * (7 * down + base.breakdown.sync) + 8 * base.breakdown.download;
  CHECK(q.cost.storage - base.cost.storage ==
        Approx(base.iterations * waiting / 0.05 * 5e-6).epsilon(1e-9));
}

TEST_CASE("platform: a store billed by the hour adds hours x price", "[platform]") {
  const Config c{8, 2048, 2};
  Profile p = profile();
  p.platform.store_hourly_price = 0.5;
  const Prediction q = predict(p, workload(), c);
  CHECK(q.cost.store == Approx(0.5 * q.seconds / 3600));
}

TEST_CASE("platform: the account's concurrency bounds W", "[platform]") {
  Profile p = profile();
  p.platform.concurrency = 5;
  const Model m = *Model::create(p, workload());
  CHECK(m.max_workers() == 5);
  CHECK(m.predict({6, 2048, 2}).infeasibility == Infeasibility::kWorkersOutOfRange);
}

TEST_CASE("platform: request rates over the store's limits are throttled, with the rates",
          "[platform]") {
  Profile p = profile();
  // W / up writes a second: 8 / 0.3 = 26.7 at K = 2 (f = 20 MB).
  p.platform.request_limits = RequestLimits{25, 1000};
  const Model m = *Model::create(p, workload());
  const Prediction q = m.predict({8, 2048, 2});
  REQUIRE(q.infeasibility == Infeasibility::kThrottled);
  CHECK(m.explain(q) ==
        "throttled: 27 writes and 53 reads a second under one key prefix exceed the store's 25 and "
        "1000");
  CHECK(m.predict({7, 2048, 2}).feasible());  // 23.3 writes a second
}

TEST_CASE("platform: a profile may name another store to use instead", "[platform]") {
  Profile p = profile();
  StoreOption redis;
  redis.name = "redis";
  std::vector<Measurement> rows;
  for (const double f : {1.0, 100.0}) {
    rows.push_back({Direction::kUpload, 1024, f, 0.01 + f / 1000, "r"});
    rows.push_back({Direction::kDownload, 1024, f, 0.01 + f / 1000, "r"});
  }
  redis.transfers = *TransferTable::from_measurements(rows, "r");
  redis.hourly_price = 0.2;
  p.stores.push_back(redis);
  const auto with = with_store(p, "redis");
  REQUIRE(with.ok());
  CHECK(with->platform.store == "redis");
  CHECK(with->platform.store_hourly_price == 0.2);
  CHECK(with->prices.put_request == 0);
  CHECK(with->transfers.seconds(Direction::kUpload, 1024, 1) == Approx(0.011));
  CHECK(with_store(p, "s3")->platform.store == "s3");
  CHECK(with_store(p, "memcached").error().message ==
        "store \"memcached\": the profile today describes no such store; it has: s3, redis");
}

TEST_CASE("platform: a throttled configuration whose dollars overflow keeps no infinite figure",
          "[platform]") {
  Profile p = profile();
  p.platform.request_limits = RequestLimits{25, 1000};
  p.platform.store_hourly_price = 1e308;  // hours x price is beyond a double
  const Prediction q = predict(p, workload(), {8, 2048, 2});
  CHECK(q.infeasibility == Infeasibility::kThrottled);
  for (const double v :
       {q.seconds, q.dollars, q.cost.function, q.cost.storage, q.cost.invocations, q.cost.store}) {
    CHECK(v == 0);
  }
}

TEST_CASE("platform: reasons print huge figures in exponent form, not 300 digits", "[platform]") {
  Profile p = profile();
  p.platform.lifetime = Lifetime{900, 1e300};
  const Model m = *Model::create(p, workload());
  const Prediction q = m.predict({8, 2048, 2});
  REQUIRE(q.infeasibility == Infeasibility::kLifetimeTooShort);
  CHECK(m.explain(q) ==
        "a relaunch (checkpoint of 40 MB saved and loaded, cold start) takes 1e+300 s, not less "
        "than the 900 s lifetime");

  Profile t = profile();
  t.platform.request_limits = RequestLimits{25, 1e20};
  const Model throttled = *Model::create(t, workload());
  CHECK(throttled.explain(throttled.predict({8, 2048, 2})) ==
        "throttled: 27 writes and 53 reads a second under one key prefix exceed the store's 25 and "
        "1e+20");
}
