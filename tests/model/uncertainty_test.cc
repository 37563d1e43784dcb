#include "fasdl/model/uncertainty.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "fasdl/base/output_format.h"
#include "fasdl/formats/plan_format.h"
#include "fasdl/search/search.h"
#include "support/linear_profile.h"

using namespace fasdl;

namespace {

// Upload medians of 9 timings with a MAD of 0.02 s when `with_spread`.
Profile profile(bool with_spread) {
  return testing::linear_profile({512, 2048, 64}, 50, with_spread ? 9 : 1, with_spread ? 0.02 : 0);
}

Workload workload() {
  Workload w;
  w.name = "w";
  w.model_mb = 40;
  w.samples = 50'000;
  w.epochs = 5;
  w.compute = {120, 16, 200};
  w.flatten = {1.4, -0.5};
  w.batch = {0.8, 512};
  return w;
}

}  // namespace

TEST_CASE("uncertainty: the normal quantile is right to 1e-9", "[uncertainty]") {
  CHECK(normal_quantile(0.5) == Approx(0).margin(1e-12));
  CHECK(normal_quantile(0.9) == Approx(1.2815515655).epsilon(1e-9));
  CHECK(normal_quantile(0.975) == Approx(1.9599639845).epsilon(1e-9));
  CHECK(normal_quantile(0.1) == Approx(-1.2815515655).epsilon(1e-9));
}

TEST_CASE("uncertainty: a model without covariance or spread is certain", "[uncertainty]") {
  const Model m = *Model::create(profile(false), workload());
  CHECK_FALSE(has_uncertainty(m));
  const Prediction p = m.predict({4, 1024, 2});
  const PredictionInterval i = interval(m, p, 0.9);
  CHECK(i.seconds_low == p.seconds);
  CHECK(i.seconds_high == p.seconds);
}

TEST_CASE("uncertainty: a planted standard error of a gives I (B + b) / (M + m) sd(a)",
          "[uncertainty]") {
  Workload w = workload();
  w.compute.covariance = std::array<double, 9>{4.0, 0, 0, 0, 0, 0, 0, 0, 0};  // sd(a) = 2
  const Model m = *Model::create(profile(false), w);
  const Prediction p = m.predict({4, 1024, 2});
  const double want = static_cast<double>(p.iterations) * (64 + 16) / (1024 + 200.0) * 2;
  CHECK(spread(m, p).seconds == Approx(want).epsilon(1e-12));
  CHECK(spread(m, p).dollars == Approx(1.64e-8 * 1024 * 4 * want).epsilon(1e-12));
  const PredictionInterval i = interval(m, p, 0.9);
  CHECK(i.seconds_high - p.seconds == Approx(1.2815515655 * want).epsilon(1e-9));
}

TEST_CASE("uncertainty: first-order spread matches sampled coefficients within 3%",
          "[uncertainty]") {
  Workload w = workload();
  // sd(a) = 3, sd(b) = 0.01, sd(m) = 10, corr(a, m) = 0.6; sd(k1) = 0.1, sd(k2) = 0.02.
  w.compute.covariance = std::array<double, 9>{9, 0, 18, 0, 1e-4, 0, 18, 0, 100};
  w.flatten.covariance = std::array<double, 4>{0.01, 0, 0, 4e-4};
  const Model m = *Model::create(profile(false), w);
  const Config c{4, 1024, 2};
  const Prediction p = m.predict(c);
  std::mt19937_64 rng(7);
  std::normal_distribution<double> z(0, 1);
  double sum = 0, sum2 = 0;
  const int n = 20000;
  for (int s = 0; s < n; ++s) {
    const double z0 = z(rng), z1 = z(rng), z2 = z(rng);
    Workload v = w;
    v.compute.a += 3 * z0;  // Cholesky of [[9, 18], [18, 100]]
    v.compute.m += 6 * z0 + 8 * z2;
    v.compute.b += 0.01 * z1;
    v.flatten.k1 += 0.1 * z(rng);
    v.flatten.k2 += 0.02 * z(rng);
    // The iteration time of the perturbed model, with A and I held.
    const double t = static_cast<double>(p.iterations) *
                     Model::create(profile(false), v)->predict(c).breakdown.iteration;
    sum += t;
    sum2 += t * t;
  }
  const double sampled = std::sqrt(sum2 / n - (sum / n) * (sum / n));
  CHECK(spread(m, p).seconds == Approx(sampled).epsilon(0.03));
}

// Lambda today: one vCPU per 1,024 MB here and a one-thread workload, so the
// compute law sees M' = min(M, 1024); tiered prices whose first tier ends
// inside the runs' GB-seconds.
Profile vcpu_profile() {
  Profile p = profile(false);
  p.platform.cpu = CpuLimits{1024, 6};
  TieredPrices tiers;
  tiers.tiers["x86_64"] = {{60, 1.7e-5}, {PriceTier{}.up_to_gb_seconds, 1.2e-5}};
  p.platform.gb_second_prices = tiers;
  return p;
}

TEST_CASE(
    "uncertainty: under the vcpu law and tiered prices the interval matches sampled "
    "coefficients within 5%, below and above the vCPU cap",
    "[uncertainty]") {
  Workload w = workload();
  w.compute.law = ComputeLaw::kVcpu;
  w.compute.threads = 1;
  // sd(a) = 6 (5%), sd(b) = 0.01 (small: b moves B, which the interval holds), sd(m) = 20,
  // corr(a, m) = 0.6.
  w.compute.covariance = std::array<double, 9>{36, 0, 72, 0, 1e-4, 0, 72, 0, 400};
  const Model m = *Model::create(vcpu_profile(), w);
  REQUIRE(m.memory_cap() == 1024);
  const TieredPrices& tiers = *m.profile().platform.gb_second_prices;
  for (const int memory : {768, 1280, 1769, 2048}) {
    CAPTURE(memory);
    const Config c{4, memory, 2};
    const Prediction p = m.predict(c);
    REQUIRE(p.feasible());
    std::mt19937_64 rng(11);
    std::normal_distribution<double> z(0, 1);
    double sum = 0, sum2 = 0, dsum = 0, dsum2 = 0;
    const int n = 20000;
    for (int s = 0; s < n; ++s) {
      const double z0 = z(rng), z1 = z(rng), z2 = z(rng);
      Workload v = w;
      v.compute.a += 6 * z0;  // Cholesky of [[36, 72], [72, 400]]
      v.compute.m += 12 * z0 + 16 * z2;
      v.compute.b += 0.01 * z1;
      // The perturbed model's time with A and I held, and its dollars by the tiers.
      const double t = static_cast<double>(p.iterations) *
                       Model::create(vcpu_profile(), v)->predict(c).breakdown.iteration;
      const double d = tiers.cost(t * memory * c.workers / 1024.0);
      sum += t;
      sum2 += t * t;
      dsum += d;
      dsum2 += d * d;
    }
    const double sampled = std::sqrt(sum2 / n - (sum / n) * (sum / n));
    const double sampled_dollars = std::sqrt(dsum2 / n - (dsum / n) * (dsum / n));
    CHECK(spread(m, p).seconds == Approx(sampled).epsilon(0.05));
    CHECK(spread(m, p).dollars == Approx(sampled_dollars).epsilon(0.05));
  }
}

TEST_CASE("uncertainty: repeated timings give the transfer lookups a variance", "[uncertainty]") {
  const Model m = *Model::create(profile(true), workload());
  REQUIRE(has_uncertainty(m));
  const TransferTable& t = m.profile().transfers;
  const double point = std::pow(1.2533 * 1.4826 * 0.02, 2) / 9;
  CHECK(t.variance(Direction::kUpload, 512, 1) == Approx(point).epsilon(1e-12));
  // Halfway between two points and two columns: weights 1/2 each, squared.
  CHECK(t.variance(Direction::kUpload, 1280, 25.5) == Approx(4 * 0.0625 * point).epsilon(1e-12));
  CHECK(t.variance(Direction::kDownload, 1280, 25.5) == 0);
  const Prediction p = m.predict({4, 512, 1});  // f = 40, K + 1 = 2 uploads in an iteration
  const double up_variance = t.variance(Direction::kUpload, 512, 40);
  CHECK(spread(m, p).seconds == Approx(p.iterations * 2 * std::sqrt(up_variance)).epsilon(1e-12));
}

TEST_CASE("uncertainty: a plan asked for confidence meets its deadline at the upper end",
          "[uncertainty][search]") {
  Workload w = workload();
  w.compute.covariance = std::array<double, 9>{100, 0, 0, 0, 0, 0, 0, 0, 0};  // sd(a) = 10
  const Model m = *Model::create(profile(false), w);
  SearchOptions o;
  o.memory = profile_grid(m);
  o.deadline_seconds = 7200;
  const SearchSummary plain = search(m, o);
  o.confidence = 0.95;
  const SearchSummary sure = search(m, o);
  REQUIRE(plain.plan);
  REQUIRE(sure.plan);
  CHECK(interval(m, *sure.plan, 0.95).seconds_high < 7200);
  CHECK(sure.plan->dollars >= plain.plan->dollars);
  // The plain optimum uses the deadline closely enough to miss it at the upper end.
  CHECK(interval(m, *plain.plan, 0.95).seconds_high >= 7200);
}

TEST_CASE("uncertainty: confidence without any uncertainty is refused", "[uncertainty][search]") {
  const Model m = *Model::create(profile(false), workload());
  SearchOptions o;
  o.memory = profile_grid(m);
  o.deadline_seconds = 7200;
  o.confidence = 0.9;
  REQUIRE(check_options(m, o));
  CHECK(check_options(m, o)->message.rfind("confidence: the workload carries no covariance", 0) ==
        0);
}

TEST_CASE("uncertainty: a spread beyond a double is infinite, and no interval is printed",
          "[uncertainty]") {
  // Found by fuzz_transfer_csv: a transfer MAD of 1e284 s squared to infinity
  // and the JSON printed the interval's ends as null, the table as inf.
  const Model m =
      *Model::create(testing::linear_profile({512, 2048, 64}, 50, 9, 1e200), workload());
  const Prediction p = m.predict({4, 1024, 2});
  REQUIRE(p.feasible());
  CHECK(std::isinf(spread(m, p).seconds));
  CHECK(std::isinf(spread(m, p).dollars));
  CHECK_FALSE(interval(m, p, 0.9).bounded());
  const std::string json = format_prediction(m, p, OutputFormat::kJson);
  CHECK(json.find("interval") == std::string::npos);
  // No interval end printed as null (the context's lifetime_seconds and
  // memory_floor_mb are null by design: this profile and workload have neither).
  CHECK(json.find("[null") == std::string::npos);
  CHECK(json.find("null]") == std::string::npos);
  const std::string csv = format_prediction(m, p, OutputFormat::kCsv);
  CHECK(csv.find("inf") == std::string::npos);
  CHECK(format_prediction(m, p, OutputFormat::kTable)
            .find("Likely          no bound: the inputs' spread is beyond a double\n") !=
        std::string::npos);
  // A search asked for confidence finds no plan rather than one it cannot bound.
  SearchOptions o;
  o.memory = profile_grid(m);
  o.deadline_seconds = 1e9;
  o.confidence = 0.9;
  CHECK_FALSE(search(m, o).plan.has_value());
}
