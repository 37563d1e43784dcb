// Calibration: sync and overheads fitted to planted K-REDUCE runs.
#include "fasdl/fit/calibrate.h"

#include <catch2/catch.hpp>

#include "fasdl/fit/measure_fit.h"
#include "fasdl/formats/calibration_csv.h"
#include "fasdl/model/model.h"
#include "fasdl/model/profile.h"
#include "support/linear_profile.h"

using namespace fasdl;

namespace {

Profile base_profile() {
  Profile p = testing::small_run_profile();  // up = 0.01 + f / 50, down = 0.005 + f / 100
  p.name = "base";
  return p;
}

Workload base_workload() {
  Workload w;
  w.name = "w";
  w.model_mb = 4;
  w.samples = 8192;
  w.epochs = 2;
  w.compute = {2.5, 2, 0};
  w.flatten = {0.3, -0.5};
  w.batch = {32.0 / 34.0, 1024};
  return w;
}

const std::vector<Config> kConfigs = {{2, 1769, 2}, {2, 512, 1},  {4, 1024, 4}, {4, 512, 2},
                                      {8, 512, 8},  {8, 1024, 1}, {6, 768, 3},  {3, 2048, 1}};

// The runs a machine with `truth`'s sync and overheads would measure with
// `truth`'s plans (its A): period and parts = truth's, outside = t0 + s / M.

std::vector<CalibrationRun> planted_runs(const Model& base, const Model& truth) {
  std::vector<CalibrationRun> runs;
  for (const Config& c : kConfigs) {
    const Prediction p = base.predict(c);
    const Prediction t = truth.predict(c);
    REQUIRE(p.feasible());
    REQUIRE(t.feasible());
    const double outside = t.seconds - static_cast<double>(t.iterations) * t.breakdown.iteration;
    const long long iterations = 20;
    runs.push_back({c, t.batch_aggregator, t.batch_other, iterations,
                    static_cast<double>(iterations) * t.breakdown.iteration + outside,
                    t.breakdown.iteration, t.breakdown});
  }
  return runs;
}

}  // namespace

TEST_CASE("calibrate: planted mu, g, t0, s, omega and sync are recovered within 2% without noise",
          "[calibrate]") {
  const Model base = *Model::create(base_profile(), base_workload());
  Profile p = base_profile();
  p.sync = {0.0004, 10};
  p.platform.overheads = Overheads{3.0, 5.0, 0.2, 400.0, 0.6};
  const Model truth = *Model::create(p, base_workload());
  const auto fit = calibrate(base, planted_runs(base, truth));
  REQUIRE(fit);
  CHECK(fit->overheads.wait_fraction == Approx(0.6).epsilon(0.02));
  CHECK(fit->overheads.aggregation_mb_seconds_per_mb == Approx(3.0).epsilon(0.02));
  CHECK(fit->overheads.iteration_mb_seconds == Approx(5.0).epsilon(0.02));
  CHECK(fit->overheads.start_seconds == Approx(0.2).epsilon(0.02));
  CHECK(fit->overheads.start_mb_seconds == Approx(400.0).epsilon(0.02));
  CHECK(fit->rms_relative_error < 0.002);
  // f_0 is read on a grid of 6% steps; the sync seconds it gives are what matters.
  for (const CalibrationPoint& point : fit->points) {
    CHECK(point.fitted_period == Approx(point.run.period).epsilon(0.002));
  }
  CHECK(fit->reference_rms_relative_error > fit->rms_relative_error);
}

TEST_CASE(
    "calibrate: noiseless planted runs determine every coefficient, each reported with "
    "its standard error",
    "[calibrate]") {
  const Model base = *Model::create(base_profile(), base_workload());
  Profile p = base_profile();
  p.sync = {0.0004, 10};
  p.platform.overheads = Overheads{3.0, 5.0, 0.2, 400.0, 0.6};
  const auto fit = calibrate(base, planted_runs(base, *Model::create(p, base_workload())));
  REQUIRE(fit);
  REQUIRE(fit->uncertainties.size() == 6);
  const char* names[] = {"mu", "g", "c_sync", "omega", "t_0", "s"};
  for (std::size_t i = 0; i < 6; ++i) {
    CAPTURE(names[i]);
    CHECK(fit->uncertainties[i].name == names[i]);
    CHECK(fit->uncertainties[i].determined());
    CHECK(fit->uncertainties[i].effect < 0.01);
  }
  CHECK(fit->uncertainties[3].value == fit->overheads.wait_fraction);
}

TEST_CASE("calibrate: runs that cannot tell a coefficient are refused, naming it", "[calibrate]") {
  const Model base = *Model::create(base_profile(), base_workload());
  Profile p = base_profile();
  p.platform.overheads = Overheads{3.0, 5.0, 0.2, 400.0, 0.6};
  auto runs = planted_runs(base, *Model::create(p, base_workload()));
  // Only K = W runs: nobody waits for the others, so omega has no column.
  std::erase_if(runs,
                [](const CalibrationRun& r) { return r.config.aggregators < r.config.workers; });
  REQUIRE(runs.size() >= 3);
  const auto fit = calibrate(base, runs);
  REQUIRE_FALSE(fit);
  // The sync part's joint fit of c_sync and omega has no covariance without a wait column.
  CHECK_THAT(fit.error().message,
             Catch::Matchers::StartsWith("calibration: c_sync = ") &&
                 Catch::Matchers::Contains("is not determined by these 3 runs") &&
                 Catch::Matchers::Contains("an unknown amount"));
}

TEST_CASE("calibrate: each overhead comes from its own part: slow training moves none of them",
          "[calibrate]") {
  const Model base = *Model::create(base_profile(), base_workload());
  Profile p = base_profile();
  p.platform.overheads = Overheads{3.0, 0, 0, 0, 0};
  const Model truth = *Model::create(p, base_workload());
  auto runs = planted_runs(base, truth);
  for (CalibrationRun& r : runs) {
    // Training 20% slower than the compute law: the period grows, the other parts do not.
    const double extra = 0.2 * r.aggregator.train;
    r.aggregator.train += extra;
    r.aggregator.iteration += extra;
    r.period += extra;
  }
  const auto fit = calibrate(base, runs);
  REQUIRE(fit);
  CHECK(fit->overheads.aggregation_mb_seconds_per_mb == Approx(3.0).epsilon(1e-9));
  CHECK(fit->overheads.iteration_mb_seconds == 0);
  CHECK(fit->overheads.wait_fraction == 0);
  CHECK(fit->sync.seconds_per_mb == 0);
  CHECK(fit->rms_relative_error > 0.01);  // the periods show what the parts do not explain
}

TEST_CASE("calibrate: the training level is the median of the runs' train over the law",
          "[calibrate]") {
  const Model base = *Model::create(base_profile(), base_workload());
  auto runs = planted_runs(base, base);
  CHECK(calibrate(base, runs)->training_level == Approx(1).epsilon(1e-12));
  for (std::size_t i = 0; i < runs.size(); ++i) {
    // Aggregators 20% faster than the law, one run an outlier at twice the law.
    runs[i].aggregator.train *= i == 3 ? 2.0 : 0.8;
  }
  const auto fit = calibrate(base, runs);
  REQUIRE(fit);
  CHECK(fit->training_level == Approx(0.8).epsilon(1e-12));
}

TEST_CASE("calibrate: the reference form alone recovers a planted c_sync and f_0", "[calibrate]") {
  const Model base = *Model::create(base_profile(), base_workload());
  Profile p = base_profile();
  p.sync = {0.001, 20};
  const Model truth = *Model::create(p, base_workload());
  const auto fit = calibrate(base, planted_runs(base, truth));
  REQUIRE(fit);
  CHECK(fit->reference_sync.seconds_per_mb == Approx(0.001).epsilon(0.05));
  CHECK(fit->reference_sync.offset_mb == Approx(20).epsilon(0.05));
  CHECK(fit->reference_rms_relative_error < 0.005);
}

TEST_CASE("calibrate: no overheads in the runs, none are fitted, and negative residuals give zeros",
          "[calibrate]") {
  const Model base = *Model::create(base_profile(), base_workload());
  auto runs = planted_runs(base, base);
  for (CalibrationRun& r : runs) {
    r.period *= 0.9;  // faster than the model: nothing to add
    r.aggregator.aggregate *= 0.9;
    r.aggregator.flatten *= 0.9;
  }
  const auto fit = calibrate(base, runs);
  REQUIRE(fit);
  CHECK(fit->overheads.aggregation_mb_seconds_per_mb == 0);
  CHECK(fit->overheads.iteration_mb_seconds == 0);
  CHECK(fit->overheads.wait_fraction == 0);
  CHECK(fit->reference_sync.seconds_per_mb == 0);
  CHECK(fit->sync.seconds_per_mb == 0);
}

TEST_CASE("calibrate: fewer than two runs, or a run without a period, is an error", "[calibrate]") {
  const Model base = *Model::create(base_profile(), base_workload());
  auto runs = planted_runs(base, base);
  CHECK_FALSE(calibrate(base, {runs[0]}));
  runs[1].period = 0;
  const auto fit = calibrate(base, runs);
  REQUIRE_FALSE(fit);
  CHECK(fit.error().message ==
        "calibration: W = 2, M = 512, K = 1: expected a positive period, seconds, iterations "
        "and aggregator iteration, and no negative part");
}

TEST_CASE("calibrate: periods of 5e-324 s give no fit rather than an infinite error",
          "[calibrate]") {
  const Model base = *Model::create(base_profile(), base_workload());
  auto runs = planted_runs(base, base);
  runs[1].period = 5e-324;
  runs[1].seconds = 5e-324;
  const auto fit = calibrate(base, runs);
  REQUIRE_FALSE(fit);
  CHECK(fit.error().message ==
        "the runs give a fit beyond the range of a double (its relative errors are not finite "
        "numbers): a run's period or seconds are out of any realistic range");
}

TEST_CASE("calibrate: the runs' CSV reads back what it wrote, and a bad cell names line and cell",
          "[calibrate]") {
  const Model base = *Model::create(base_profile(), base_workload());
  const auto runs = planted_runs(base, base);
  const auto back = parse_calibration_csv(calibration_csv(runs), "c.csv");
  REQUIRE(back);
  REQUIRE(back->size() == runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    CHECK((*back)[i].config == runs[i].config);
    CHECK((*back)[i].batch_other == runs[i].batch_other);
    CHECK((*back)[i].period == runs[i].period);
    CHECK((*back)[i].seconds == runs[i].seconds);
    CHECK((*back)[i].aggregator.aggregate == runs[i].aggregator.aggregate);
    CHECK((*back)[i].aggregator.iteration == runs[i].aggregator.iteration);
  }
  const auto bad = parse_calibration_csv(
      "workers,memory_mb,aggregators,batch_aggregator,batch_other,iterations,seconds,period,"
      "train,flatten,upload,aggregate,download,sync,iteration\n"
      "2,512,1,32,64,10,abc,0.1,0,0,0,0,0,0,0.1\n",
      "c.csv");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message ==
        "c.csv:2: cell 7: expected a non-negative number of seconds, got \"abc\"");
  CHECK_FALSE(parse_calibration_csv("w,m\n", "c.csv"));
}

TEST_CASE("measure: the calibrated profile is the reference form or carries the overheads",
          "[calibrate][measure]") {
  Calibration c;
  c.reference_sync = {0.001, 5};
  c.sync = {0.0002, 1};
  c.overheads = {1, 2, 3, 4};
  const Profile reference = calibrated(base_profile(), c, false);
  CHECK(reference.sync.seconds_per_mb == 0.001);
  CHECK_FALSE(reference.platform.overheads);
  const Profile full = calibrated(base_profile(), c, true);
  CHECK(full.sync.seconds_per_mb == 0.0002);
  REQUIRE(full.platform.overheads);
  CHECK(full.platform.overheads->start_mb_seconds == 4);
}

TEST_CASE("measure: two passes: the level is the first pass's, the fit takes every run",
          "[calibrate][measure]") {
  const Model base = *Model::create(base_profile(), base_workload());
  auto runs = planted_runs(base, base);
  const std::vector<double> levels = {0.7, 0.75, 0.8, 0.8, 0.85, 0.9, 0.95, 1.0};  // median 0.825
  REQUIRE(runs.size() == levels.size());
  for (std::size_t i = 0; i < runs.size(); ++i)
    runs[i].aggregator.train *= levels[i];
  const std::size_t first_pass = runs.size();
  for (std::size_t i = 0; i < first_pass; ++i) {
    if (runs[i].config.aggregators == runs[i].config.workers) continue;
    CalibrationRun again = runs[i];  // the second pass repeats the K < W ones
    again.aggregator.train *= 2;     // counted, they would make the median 0.95
    runs.push_back(again);
  }
  const auto fit = fit_two_passes(base_profile(), base_workload(), runs);
  REQUIRE(fit);
  CHECK(fit->training_level == Approx(0.825).epsilon(1e-12));
  CHECK(fit->workload.compute.a == Approx(0.825 * base_workload().compute.a).epsilon(1e-12));
  CHECK(fit->runs.size() == runs.size());
  CHECK(fit->fit.points.size() == runs.size());
}

TEST_CASE("measure: the first repeated configuration is where a second pass begins",
          "[calibrate][measure]") {
  CHECK(first_repeat({}) == 0);
  CHECK(first_repeat({{2, 512, 1}, {4, 512, 2}}) == 2);
  CHECK(first_repeat({{2, 512, 1}, {4, 512, 2}, {2, 512, 1}, {4, 512, 2}}) == 2);
  CHECK(first_repeat({{2, 512, 1}, {2, 1024, 1}, {2, 1024, 1}}) == 2);
}
