// Validation: scoring measured runs, the median, the worst and the ranking.
#include "fasdl/accuracy/validate.h"

#include <catch2/catch.hpp>

#include "fasdl/model/model.h"
#include "fasdl/model/profile.h"
#include "support/linear_profile.h"
#include "support/planted_cases.h"

using namespace fasdl;
using testing::planted;
using testing::robust_gate;

namespace {

Profile flat_profile() {
  Profile p = testing::small_run_profile();  // up = 0.01 + f / 50, down = 0.005 + f / 100
  p.name = "flat";
  return p;
}

Workload workload() {
  Workload w;
  w.name = "w";
  w.model_mb = 4;
  w.samples = 4096;
  w.epochs = 2;
  w.compute = {2.5, 2, 0};
  w.flatten = {0.3, -0.5};
  w.batch = {32.0 / 34.0, 1024};
  return w;
}

}  // namespace

TEST_CASE("validate: median and worst of planted accuracies, and the cheapest plans",
          "[validate]") {
  const std::vector<ValidationCase> cases = {
      planted({2, 512, 1}, 0.95, 3.0, 3.2), planted({4, 512, 2}, 0.80, 1.0, 1.5),
      planted({8, 1024, 8}, 0.99, 2.0, 1.1), planted({6, 768, 3}, 0.90, 4.0, 4.4)};
  const AccuracySummary s = summarize(cases);
  CHECK(s.median == Approx(0.925));
  CHECK(s.worst == Approx(0.80));
  CHECK(s.worst_config == Config{4, 512, 2});
  CHECK(s.predicted_cheapest == Config{4, 512, 2});
  CHECK(s.measured_cheapest == Config{8, 1024, 8});
  CHECK_FALSE(s.cheapest_agrees);
  // Ranks of predicted 3 1 2 4, of measured 3 2 1 4: Spearman 1 - 6 x 2 / (4 x 15) = 0.8.
  CHECK(s.rank_correlation == Approx(0.8));
}

TEST_CASE(
    "validate: an odd count's median is the middle, and the same order agrees on the cheapest",
    "[validate]") {
  const std::vector<ValidationCase> cases = {planted({2, 512, 1}, 0.97, 1.0, 1.1),
                                             planted({3, 512, 1}, 0.91, 2.0, 2.5),
                                             planted({4, 512, 1}, 0.99, 3.0, 2.9)};
  const AccuracySummary s = summarize(cases);
  CHECK(s.median == Approx(0.97));
  CHECK(s.worst == Approx(0.91));
  CHECK(s.cheapest_agrees);
  CHECK(s.rank_correlation == Approx(1.0));
}

TEST_CASE("validate: score predicts the run's I and measures 1 - |pred - meas| / meas",
          "[validate]") {
  const Model model = *Model::create(flat_profile(), workload());
  const Prediction p = model.predict({4, 1024, 2});
  REQUIRE(p.feasible());
  MeasuredRun run;
  run.config = {4, 1024, 2};
  run.iterations = p.iterations + 10;  // the run's own I counts
  const double predicted = static_cast<double>(run.iterations) * p.breakdown.iteration;
  run.seconds = predicted / 0.9;  // 10% faster than measured... accuracy 0.9
  const Scored s = score(model, run);
  CHECK(s.seconds == Approx(predicted));
  CHECK(s.iteration == Approx(p.breakdown.iteration));
  CHECK(s.accuracy == Approx(0.9));
  run.seconds = predicted / 1.25;  // predicted 25% over: accuracy 0.75
  CHECK(score(model, run).accuracy == Approx(0.75));
}

TEST_CASE("validate: the threshold decides, and a perturbed coefficient lowers the accuracy",
          "[validate]") {
  const Model model = *Model::create(flat_profile(), workload());
  std::vector<MeasuredRun> runs;
  for (const Config c : validation_configs(ValidationSet::kFull)) {
    const Prediction p = model.predict(c);
    if (!p.feasible()) continue;
    MeasuredRun r;
    r.config = c;
    r.iterations = p.iterations;
    r.seconds = p.seconds;
    r.dollars = p.dollars;
    runs.push_back(r);
  }
  REQUIRE(runs.size() >= 8);
  const ValidationReport exact = *validate_runs(runs, model, nullptr, GateOptions{});
  CHECK(exact.summary.median == Approx(1.0));
  CHECK(exact.passed());
  Workload w = workload();
  w.compute.a *= 1.1;
  const Model perturbed = *Model::create(flat_profile(), w);
  GateOptions strict;
  strict.threshold = 0.98;
  const ValidationReport off = *validate_runs(runs, perturbed, &model, strict);
  CHECK(off.summary.median < 0.98);
  CHECK_FALSE(off.passed());
  REQUIRE(off.baseline);
  CHECK(off.baseline->median == Approx(1.0));
}

namespace {

// Runs that measured exactly what `model` predicts for the full set, each
// `slower` times as long (the machine's speed), priced likewise.
std::vector<MeasuredRun> runs_of(const Model& model, double slower) {
  std::vector<MeasuredRun> runs;
  for (const Config c : validation_configs(ValidationSet::kFull)) {
    const Prediction p = model.predict(c);
    if (!p.feasible()) continue;
    MeasuredRun r;
    r.config = c;
    r.iterations = p.iterations;
    r.seconds = p.seconds * slower;
    r.dollars = p.dollars * slower;
    for (const auto& [name, part] : kBreakdownParts)
      r.breakdown.*part = p.breakdown.*part * slower;
    runs.push_back(r);
  }
  return runs;
}

}  // namespace

TEST_CASE(
    "validate: the robust gate passes a right model on a machine 20% slower, and the median "
    "gate fails it",
    "[validate][gate]") {
  const Model model = *Model::create(flat_profile(), workload());
  const auto runs = runs_of(model, 1.2);
  const ValidationReport median = *validate_runs(runs, model, nullptr, GateOptions{});
  CHECK(median.summary.median == Approx(1 - 0.2 / 1.2));
  CHECK_FALSE(median.passed());
  const ValidationReport r = *validate_runs(runs, model, nullptr, robust_gate());
  CHECK(r.summary.scale == Approx(1 / 1.2));
  CHECK(r.summary.shape_median == Approx(1.0));
  CHECK(r.summary.rank_correlation == Approx(1.0));
  CHECK(r.summary.seconds_rank_correlation == Approx(1.0));
  CHECK(r.summary.cheapest_excess == 0);
  CHECK(r.summary.training_split == Approx(1.0));
  CHECK(r.passed());
  CHECK(r.result.failures.empty());
}

TEST_CASE(
    "validate: the robust gate fails a model whose training coefficient is 1.5 times too "
    "large: the reference form's shape accuracy is higher, and the opt-in split is off",
    "[validate][gate]") {
  const Model model = *Model::create(flat_profile(), workload());
  Workload w = workload();
  w.compute.a *= 1.5;
  const Model broken = *Model::create(flat_profile(), w);
  const ValidationReport plain = *validate_runs(runs_of(model, 1.1), broken, &model, robust_gate());
  REQUIRE(plain.result.failures.size() == 1);
  CHECK_THAT(plain.result.failures[0], Catch::Matchers::Contains("above the reference form's"));
  GateOptions g = robust_gate();
  g.max_split_error = 0.15;
  const ValidationReport r = *validate_runs(runs_of(model, 1.1), broken, &model, g);
  CHECK_FALSE(r.passed());
  // Training 1.5 times as long against a whole that grew less: the split is off.
  CHECK(r.summary.training_split > 1.15);
  REQUIRE(r.result.failures.size() == 2);
  CHECK_THAT(r.result.failures[0], Catch::Matchers::StartsWith("training split"));
  CHECK_THAT(r.result.failures[1], Catch::Matchers::StartsWith("shape accuracy") &&
                                       Catch::Matchers::Contains("above the reference form's"));
}

TEST_CASE(
    "validate: the robust gate fails a model whose uploads take four times as long: the "
    "shape accuracy falls",
    "[validate][gate]") {
  const Model model = *Model::create(flat_profile(), workload());
  Profile p = flat_profile();
  std::vector<Measurement> rows;
  for (const int m : {256, 2048}) {
    for (const double f : {0.5, 16.0}) {
      rows.push_back({Direction::kUpload, m, f, 4 * (0.01 + f / 50), "t"});
      rows.push_back({Direction::kDownload, m, f, 0.005 + f / 100, "t"});
    }
  }
  p.transfers = *TransferTable::from_measurements(rows, "t");
  const Model broken = *Model::create(p, workload());
  GateOptions g = robust_gate();
  g.min_shape = 0.95;
  const ValidationReport r = *validate_runs(runs_of(model, 0.9), broken, nullptr, g);
  CHECK_FALSE(r.passed());
  CHECK(r.summary.shape_median < 0.95);
}

TEST_CASE("validate: a run whose accuracy is beyond a double is refused, not printed as -inf%",
          "[validate]") {
  const Model model = *Model::create(flat_profile(), workload());
  const Prediction p = model.predict({4, 1024, 2});
  REQUIRE(p.feasible());
  MeasuredRun run;
  run.config = {4, 1024, 2};
  run.iterations = p.iterations;
  run.seconds = 5e-324;  // parse_runs accepts it: a positive number
  run.period = 1;
  const auto report = validate_runs({run}, model, nullptr, GateOptions{});
  REQUIRE_FALSE(report);
  CHECK(report.error().message.rfind("run W = 4, M = 1024, K = 2: measured 4.94066e-324 s against "
                                     "a prediction of ",
                                     0) == 0);
  CHECK(report.error().message.find("the accuracy is beyond the range of a double; expected a "
                                    "run's wall time") != std::string::npos);
}

TEST_CASE(
    "validate: a machine 20% slower by its reference probe is corrected back, and the "
    "corrected gate passes it",
    "[validate][gate][drift]") {
  Profile p = flat_profile();
  p.reference_probe = ReferenceProbe{0.5, "20 steps"};
  const Model model = *Model::create(p, workload());
  auto runs = runs_of(model, 1.2);
  for (MeasuredRun& r : runs)
    r.reference_seconds = 0.6;  // the probe 20% slower too
  GateOptions g;
  g.gate = Gate::kCorrected;
  const ValidationReport r = *validate_runs(runs, model, nullptr, g);
  REQUIRE(r.summary.corrected);
  CHECK(r.cases[0].predicted.slowness == Approx(1.2));
  CHECK(r.summary.median == Approx(1 - 0.2 / 1.2));
  CHECK(r.summary.corrected_median == Approx(1.0));
  CHECK(r.passed());
  // The machine slower than its probe says: the correction leaves the difference.
  for (MeasuredRun& run : runs)
    run.reference_seconds = 0.55;
  const ValidationReport half = *validate_runs(runs, model, nullptr, g);
  CHECK(half.summary.corrected_median == Approx(1 - 0.1 / 1.2).epsilon(1e-9));
  CHECK_FALSE(half.passed());
}

TEST_CASE(
    "validate: without reference probes nothing is corrected and the corrected gate "
    "fails, saying why",
    "[validate][gate][drift]") {
  const Model model = *Model::create(flat_profile(), workload());
  GateOptions g;
  g.gate = Gate::kCorrected;
  const ValidationReport r = *validate_runs(runs_of(model, 1.0), model, nullptr, g);
  CHECK_FALSE(r.summary.corrected);
  CHECK_FALSE(r.passed());
  REQUIRE(r.result.failures.size() == 1);
  CHECK_THAT(r.result.failures[0], Catch::Matchers::Contains("no reference probe"));
}

TEST_CASE("validate: a run's reference probe survives the runs' JSON", "[validate][drift]") {
  MeasuredRun r;
  r.config = {2, 512, 1};
  r.batch_aggregator = r.batch_other = r.iterations = 3;
  r.seconds = r.period = r.dollars = 1;
  r.reference_seconds = 0.375;
  const auto back = parse_runs(runs_to_json({r}), "runs.json");
  REQUIRE(back);
  CHECK((*back)[0].reference_seconds == 0.375);
  r.reference_seconds = 0;
  CHECK((*parse_runs(runs_to_json({r}), "runs.json"))[0].reference_seconds == 0);
}

TEST_CASE("validate: the full set spans W, K = 1 and K = W, and memory, and quick is part of it",
          "[validate]") {
  const auto full = validation_configs(ValidationSet::kFull);
  REQUIRE(full.size() >= 8);
  bool k1 = false, kw = false;
  int w_lo = 1000, w_hi = 0, m_lo = 100000, m_hi = 0;
  for (const Config& c : full) {
    k1 = k1 || (c.aggregators == 1 && c.workers > 1);
    kw = kw || (c.aggregators == c.workers && c.workers > 1);
    w_lo = std::min(w_lo, c.workers);
    w_hi = std::max(w_hi, c.workers);
    m_lo = std::min(m_lo, c.memory_mb);
    m_hi = std::max(m_hi, c.memory_mb);
  }
  CHECK(k1);
  CHECK(kw);
  CHECK(w_hi >= 4 * w_lo);
  CHECK(m_hi >= 3 * m_lo);
  for (const Config& c : validation_configs(ValidationSet::kQuick)) {
    CHECK(std::find(full.begin(), full.end(), c) != full.end());
  }
}

TEST_CASE("validate: configurations W:M:K parse, and a bad one is named", "[validate]") {
  const auto ok = parse_configs("8:1024:4,2:512:1");
  REQUIRE(ok);
  CHECK(*ok == std::vector<Config>{{8, 1024, 4}, {2, 512, 1}});
  for (const char* bad : {"8:1024", "8:1024:9", "a:1:1", "8:1024:4,", "0:512:1"}) {
    INFO(bad);
    CHECK_FALSE(parse_configs(bad));
  }
  CHECK(parse_configs("8:1024:9").error().message.find("\"8:1024:9\"") != std::string::npos);
  CHECK(validation_set_from_string("quick"));
  CHECK_FALSE(validation_set_from_string("most"));
}

TEST_CASE("validate: saved runs read back, and a bad field names its JSON path", "[validate]") {
  MeasuredRun r;
  r.config = {4, 512, 2};
  r.batch_aggregator = 32;
  r.batch_other = 50;
  r.iterations = 17;
  r.seconds = 3.5;
  r.dollars = 0.01;
  r.period = 0.2;
  r.breakdown = {0.1, 0.01, 0.02, 0.03, 0.01, 0.02, 0.19};
  const auto back = parse_runs(runs_to_json({r}), "runs.json");
  REQUIRE(back);
  REQUIRE(back->size() == 1);
  CHECK((*back)[0].config == r.config);
  CHECK((*back)[0].batch_other == 50);
  CHECK((*back)[0].seconds == 3.5);
  CHECK((*back)[0].breakdown.aggregate == 0.03);
  std::string text = runs_to_json({r});
  text.replace(text.find("\"seconds\": 3.5"), 14, "\"seconds\": -1");
  const auto bad = parse_runs(text, "runs.json");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("runs.json: runs[0].seconds:") == 0);
  CHECK_FALSE(parse_runs("{\"runs\": []}", "runs.json"));
}

TEST_CASE("validate: a run that a model finds infeasible is refused, naming it", "[validate]") {
  const Model model = *Model::create(flat_profile(), workload());
  MeasuredRun run;
  run.config = {4, 1024, 2};
  run.iterations = 10;
  run.seconds = 5;
  REQUIRE(model.predict(run.config).feasible());
  REQUIRE(validate_runs({run}, model, nullptr, GateOptions{}));
  Workload tiny = workload();
  tiny.samples = 1;  // less than one global batch
  const Model small = *Model::create(flat_profile(), tiny);
  const auto refused = validate_runs({run}, model, &small, GateOptions{});
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Catch::Matchers::StartsWith("run W = 4, M = 1024, K = 2: ") &&
                                          Catch::Matchers::Contains("finds it infeasible: "));
}
