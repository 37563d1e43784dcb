// The model, the searches and the writers at the edges of their inputs: a
// million workers, models of a kilobyte and of 10 GB, deadlines of a second
// and of a year, free prices, 10^18 samples, memory from 1 MB to 1 TB. No
// output may hold NaN or infinity; what cannot be represented is infeasible
// with a reason.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "fasdl/base/output_format.h"
#include "fasdl/formats/files.h"
#include "fasdl/formats/plan_format.h"
#include "fasdl/search/plan.h"
#include "fasdl/search/search.h"
#include "fuzz_check.h"
#include "support/random_problems.h"

using namespace fasdl;

namespace {

constexpr double kYear = 365.0 * 86400;

Profile aws() {
  auto path = resolve(kReferenceProfile, CatalogKind::kProfile);
  REQUIRE(path.ok());
  auto profile = load_profile(*path);
  REQUIRE(profile.ok());
  return std::move(profile).value();
}

Workload resnet() {
  Workload w = fuzz::small_workload();
  w.name = "resnet50";
  return w;
}

Model make(const Profile& p, const Workload& w) {
  auto model = Model::create(p, w);
  INFO((model.ok() ? std::string() : model.error().message));
  REQUIRE(model.ok());
  return std::move(model).value();
}

// Every figure finite; a feasible prediction positive and whole; every output
// format free of NaN and infinity (fuzz_check.h aborts with the text if not).
void check(const Model& model, const Prediction& p) {
  INFO("W = " << p.config.workers << ", M = " << p.config.memory_mb
              << ", K = " << p.config.aggregators << ": " << model.explain(p));
  const Breakdown& b = p.breakdown;
  for (const double v : {p.seconds, p.dollars, b.train, b.flatten, b.upload, b.aggregate,
                         b.download, b.sync, b.iteration, p.cost.function, p.cost.storage}) {
    CHECK(std::isfinite(v));
  }
  if (p.feasible()) {
    CHECK(p.seconds > 0);
    CHECK(p.dollars >= 0);
    CHECK(p.iterations >= 1);
    CHECK(p.batch_other >= 1);
  }
  fuzz::check_json_numbers(format_prediction(model, p, OutputFormat::kJson), "prediction JSON");
  fuzz::check_no_inf_nan(format_prediction(model, p, OutputFormat::kCsv), "prediction CSV");
  fuzz::check_no_inf_nan(format_prediction(model, p, OutputFormat::kTable), "prediction table");
}

// The plan with its baselines in every format.
PlanReport check_plan(const Model& model, const SearchOptions& o) {
  REQUIRE_FALSE(check_options(model, o));
  const PlanReport r = make_plan(model, o, search(model, o));
  if (r.summary.plan) check(model, *r.summary.plan);
  if (r.scatter_reduce) check(model, *r.scatter_reduce);
  if (r.all_reduce) check(model, *r.all_reduce);
  if (r.nearest_miss) check(model, r.nearest_miss->plan);
  fuzz::check_json_numbers(format_plan(model, r, OutputFormat::kJson), "plan JSON");
  fuzz::check_no_inf_nan(format_plan(model, r, OutputFormat::kCsv), "plan CSV");
  fuzz::check_no_inf_nan(format_plan(model, r, OutputFormat::kTable), "plan table");
  return r;
}

SearchOptions options(const Model& model) {
  SearchOptions o;
  o.memory = profile_grid(model);
  return o;
}

}  // namespace

TEST_CASE("extreme: a million workers predict and plan in finite figures", "[extreme]") {
  Workload w = resnet();
  w.compute.b = 1;
  w.batch = {0.5, 1'000'000};  // B = round(1 / (2 - 1)) = 1: W up to 10^6
  const Model model = make(aws(), w);
  REQUIRE(model.max_workers() == 1'000'000);
  for (const int k : {1, 2, 500'000, 999'999, 1'000'000}) {
    for (const int m : {128, 1024, 3008})
      check(model, model.predict({1'000'000, m, k}));
  }
  // Every W from 1 to 10^6 with K = W and with K = 1 (the K-REDUCE space of
  // 5 10^11 configurations takes the exact search a minute: docs/hardening.md).
  SearchOptions o = options(model);
  o.memory = {128, 256, 64};
  o.deadline_seconds = kYear;
  o.aggregators = AggregatorRule::kScatterReduce;
  CHECK(check_plan(model, o).summary.status == SearchStatus::kOk);
  o.aggregators = AggregatorRule::kAllReduce;
  const PlanReport all_reduce = check_plan(model, o);
  REQUIRE(all_reduce.summary.status == SearchStatus::kOk);
  CHECK(all_reduce.summary.plan->config.workers > 100);
}

TEST_CASE("extreme: models from a kilobyte to 10 GB", "[extreme]") {
  for (const double model_mb : {0.001, 1.0, 10240.0}) {
    Workload w = resnet();
    w.model_mb = model_mb;
    const Model model = make(aws(), w);
    INFO("model_mb " << model_mb);
    for (const int workers : {1, 2, model.max_workers()}) {
      for (const int k : {1, workers}) {
        for (const int m : {128, 3008})
          check(model, model.predict({workers, m, k}));
      }
    }
    SearchOptions o = options(model);
    o.deadline_seconds = kYear;
    check_plan(model, o);
  }
}

TEST_CASE("extreme: deadlines of a second and of a year", "[extreme]") {
  const Model model = make(aws(), resnet());
  SearchOptions o = options(model);
  o.deadline_seconds = 1;
  const PlanReport second = check_plan(model, o);
  CHECK(second.summary.status == SearchStatus::kInfeasible);
  REQUIRE(second.nearest_miss);
  CHECK(second.nearest_miss->over_seconds > 0);
  o.deadline_seconds = kYear;
  CHECK(check_plan(model, o).summary.status == SearchStatus::kOk);
  o.strategy = Strategy::kHeuristic;
  CHECK(check_plan(model, o).summary.status == SearchStatus::kOk);
}

TEST_CASE("extreme: free prices give zero dollars and still a proven plan", "[extreme]") {
  Profile p = aws();
  p.prices = {0, 0, 0};
  const Model model = make(p, resnet());
  const Prediction one = model.predict({8, 1024, 2});
  check(model, one);
  CHECK(one.dollars == 0);
  SearchOptions o = options(model);
  o.deadline_seconds = 7200;
  o.budget_dollars = 0;
  o.max_workers = 12;
  const PlanReport exact = check_plan(model, o);
  REQUIRE(exact.summary.status == SearchStatus::kOk);
  CHECK(exact.summary.plan->dollars == 0);
  o.strategy = Strategy::kExhaustive;
  const SearchSummary all = search(model, o);
  CHECK(all.plan->config == exact.summary.plan->config);
}

TEST_CASE("extreme: 10^18 samples times epochs fit the iteration count", "[extreme]") {
  Workload w = resnet();
  w.samples = 1'000'000'000'000;
  w.epochs = 1'000'000;
  const Model model = make(aws(), w);
  const Prediction p = model.predict({1, 128, 1});
  check(model, p);
  CHECK(p.iterations == 1'000'000'000'000'000'000 / 64);
  SearchOptions o = options(model);
  check_plan(model, o);
}

TEST_CASE("extreme: memory from 1 MB to a terabyte", "[extreme]") {
  Profile p = aws();
  p.memory = {1, 1'000'000, 1};
  const Model model = make(p, resnet());
  for (const int m : {1, 2, 128, 3008, 999'999, 1'000'000})
    check(model, model.predict({4, m, 2}));
  Workload w = resnet();
  w.compute.m = -200;  // M + m <= 0 below 201 MB: the compute law is undefined there
  const Model shifted = make(p, w);
  CHECK(shifted.predict({4, 200, 2}).infeasibility == Infeasibility::kComputeUndefined);
  check(shifted, shifted.predict({4, 200, 2}));
  check(shifted, shifted.predict({4, 201, 2}));
  SearchOptions o = options(shifted);
  o.memory = {1, 4001, 80};
  o.deadline_seconds = kYear;
  check_plan(shifted, o);
}

TEST_CASE("extreme: figures beyond a double's range are infeasible with a reason", "[extreme]") {
  struct Case {
    const char* name;
    Profile profile;
    Workload workload;
    const char* term;
  };
  Workload huge_a = resnet();
  huge_a.compute.a = 1e306;  // T_train 2e305 s; T = I T_iter overflows
  Workload huge_k2 = resnet();
  huge_k2.flatten.k2 = 500;
  Workload edge_m = resnet();
  edge_m.compute.m = -127.99999999999999;  // M + m = 1.4e-14 at 128 MB
  edge_m.compute.a = 1e295;
  Profile dear = aws();
  dear.prices.function_mb_second = 1e306;
  const Case cases[] = {
      {"a = 1e306", aws(), huge_a, "the total seconds or dollars"},
      {"k2 = 500", aws(), huge_k2, "T_trans = k1 M^k2"},
      {"M + m near zero", aws(), edge_m, "T_train = a (B + b) / (M + m)"},
      {"p_mem = 1e306 $ per MB-second", dear, resnet(), "the total seconds or dollars"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const Model model = make(c.profile, c.workload);
    const Prediction p = model.predict({4, 128, 2});
    CHECK(p.infeasibility == Infeasibility::kNotRepresentable);
    CHECK(model.explain(p).rfind(c.term, 0) == 0);
    CHECK(model.explain(p).find("is beyond the range of a double (about 1.8e308) at M = 128 MB") !=
          std::string::npos);
    check(model, p);
    SearchOptions o = options(model);
    o.max_workers = 6;
    o.deadline_seconds = kYear;
    check_plan(model, o);
    o.strategy = Strategy::kHeuristic;
    check_plan(model, o);
    const ParetoFront front = pareto_front(model, o);
    fuzz::check_json_numbers(format_pareto(model, front, o, std::nullopt, OutputFormat::kJson),
                             "front JSON");
  }
}

TEST_CASE("extreme: exact equals exhaustive when part of the space overflows", "[extreme]") {
  // Random problems with T_trans = k1 M^90: finite at small M, infinite at
  // large M, so blocks mix representable and unrepresentable points and
  // their bounds meet infinities and NaN.
  int feasible = 0;
  int unrepresentable = 0;
  for (int i = 0; i < 80; ++i) {
    testing::Problem p = testing::random_problem(4242, i);
    Workload w = p.model.workload();
    w.flatten = {1e-200, 90};
    const Model model = make(p.model.profile(), w);
    INFO("problem " << i);
    p.options.strategy = Strategy::kExhaustive;
    const SearchSummary all = search(model, p.options);
    p.options.strategy = Strategy::kExact;
    const SearchSummary exact = search(model, p.options);
    REQUIRE(exact.status == all.status);
    if (all.plan) {
      ++feasible;
      CHECK(exact.plan->config == all.plan->config);
      CHECK(exact.plan->dollars == all.plan->dollars);
    }
    unrepresentable +=
        model.predict({1, p.options.memory.at(p.options.memory.size() - 1), 1}).infeasibility ==
        Infeasibility::kNotRepresentable;
  }
  CHECK(feasible > 10);
  CHECK(unrepresentable > 10);
}

TEST_CASE("extreme: a dollar bound whose intermediate overflows does not prune the optimum",
          "[extreme]") {
  // Found by fuzz_workload_json: with a = 1.1e305, I M T_iter exceeds the
  // largest double although p_mem T M W does not, and the bound of W = 2..4
  // became infinite: the exact search returned W = 1, 5.3e302 dollars,
  // against 4.2e302 for W = 4.
  Workload w = resnet();
  w.model_mb = 44.7;
  w.compute.a = 11e304;
  const Model model = make(fuzz::small_profile(), w);
  SearchOptions o;
  o.memory = {128, 448, 64};
  o.max_workers = 4;
  const SearchSummary exact = search(model, o);
  o.strategy = Strategy::kExhaustive;
  const SearchSummary all = search(model, o);
  REQUIRE(exact.plan);
  REQUIRE(all.plan);
  CHECK(exact.plan->config == all.plan->config);
  CHECK(exact.plan->dollars == all.plan->dollars);
  CHECK(exact.plan->config == Config{4, 128, 1});
  check(model, *exact.plan);
}

TEST_CASE("extreme: the median of repeats near the largest double stays finite", "[extreme]") {
  // (a + b) / 2 overflowed for two repeats of 1.7e308 s, and the profile
  // written from that table said null.
  std::vector<Measurement> rows;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    rows.push_back({d, 512, 1, 1.7e308, "t.csv:2"});
    rows.push_back({d, 512, 1, 1.7e308, "t.csv:3"});
    rows.push_back({d, 512, 2, 1.0, "t.csv:4"});
  }
  const auto table = TransferTable::from_measurements(rows, "t.csv");
  REQUIRE(table.ok());
  CHECK(table->columns(Direction::kUpload)[0].seconds[0] == 1.7e308);
  Profile p = fuzz::small_profile();
  p.transfers = *table;
  fuzz::check_profile_round_trip(p);
}
