#include "fasdl/runtime/run.h"

#include <catch2/catch.hpp>

using namespace fasdl;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("run plan: the plan object of fasdl-plan --format json is read") {
  const auto p = parse_run_plan(R"({"status": "ok", "model": "m", "plan": {"workers": 8,
      "memory_mb": 1024, "aggregators": 2, "batch_aggregator": 64, "batch_other": 105,
      "iterations": 659, "feasible": true, "breakdown": {}}, "baselines": {}})",
                                "p.json");
  REQUIRE(p.ok());
  CHECK(p->config == Config{8, 1024, 2});
  CHECK(p->batch_aggregator == 64);
  CHECK(p->batch_other == 105);
  CHECK(p->partition().global_batch() == 2 * 64 + 6 * 105);
}

TEST_CASE("run plan: a bare prediction is read, and with K = W the other batch is B") {
  const auto p = parse_run_plan(R"({"workers": 4, "memory_mb": 512, "aggregators": 4,
      "batch_aggregator": 16, "batch_other": 16, "feasible": true})",
                                "p.json");
  REQUIRE(p.ok());
  CHECK(p->partition().batch_other == 16);
}

TEST_CASE("run plan: bad plans are one line naming the file and the JSON path") {
  const auto missing = parse_run_plan(R"({"plan": {"workers": 8, "memory_mb": 1024}})", "p.json");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message ==
        "p.json: plan.aggregators: missing; expected a whole number from 1 to 8");
  const auto none =
      parse_run_plan(R"({"status": "infeasible", "reason": "too tight", "plan": null})", "p.json");
  REQUIRE_FALSE(none.ok());
  CHECK(contains(none.error().message,
                 "p.json: plan: expected a plan object (fasdl-plan found none: too tight)"));
  const auto infeasible = parse_run_plan(
      R"({"workers": 8, "memory_mb": 1024, "aggregators": 9, "feasible": false, "reason": "K = 9 is outside 1..W"})",
      "q.json");
  REQUIRE_FALSE(infeasible.ok());
  CHECK(contains(infeasible.error().message,
                 "q.json: feasible: expected a feasible configuration; this one is not: K = 9"));
  const auto zero = parse_run_plan(
      R"({"workers": 8, "memory_mb": 1024, "aggregators": 2, "batch_aggregator": 16, "batch_other": 0})",
      "r.json");
  REQUIRE_FALSE(zero.ok());
  CHECK(contains(zero.error().message, "r.json: batch_other: expected a whole number from 1"));
  CHECK_FALSE(parse_run_plan("{", "s.json").ok());
}

TEST_CASE("run plan: W, K, M and the batches are checked") {
  RunPlan p{{8, 1024, 4}, 16, 40};
  CHECK_FALSE(check_plan(p).has_value());
  p.config.aggregators = 9;
  CHECK(contains(check_plan(p)->message, "--aggregators: expected 1..W = 1..8"));
  p.config.aggregators = 4;
  p.config.memory_mb = 64;
  CHECK(contains(check_plan(p)->message, "--memory"));
  p.config.memory_mb = 1024;
  p.batch_other = 0;
  CHECK(contains(check_plan(p)->message, "--batch-other"));
  p.config.aggregators = 8;  // K = W: A is unused
  CHECK_FALSE(check_plan(p).has_value());
}

TEST_CASE("cpu: a worker of M MB gets scale x M / 1769 cores") {
  CHECK(worker_cores(1769, 1.0) == Approx(1.0));
  CHECK(worker_cores(3538, 0.25) == Approx(0.5));
  CHECK(fitting_cpu_scale({8, 256, 4}, 1.5) == 1.0);  // 8 x 0.145 = 1.16 cores fit
  CHECK(fitting_cpu_scale({8, 1769, 4}, 1.5) == Approx(1.5 / 8));
}

TEST_CASE(
    "cpu: a scale that would oversubscribe the cores is refused, naming the largest that fits") {
  const Config c{8, 1769, 4};
  CHECK_FALSE(check_cpu_fit(c, 1.5 / 8, 1.5).has_value());
  const auto refused = check_cpu_fit(c, 1.0, 1.5);
  REQUIRE(refused.has_value());
  CHECK(contains(refused->message, "need 8 x 1.000 = 8.00 cores, more than the 1.50"));
  CHECK(contains(refused->message, "--cpu-scale 0.1875 or less"));
  CHECK(parse_cpu_scale("auto", c, 1.5).value() == Approx(0.1875));
  CHECK(parse_cpu_scale("0.1", c, 1.5).value() == Approx(0.1));
  CHECK_FALSE(parse_cpu_scale("0.5", c, 1.5).ok());
  CHECK_FALSE(parse_cpu_scale("-1", c, 1.5).ok());
  CHECK_FALSE(parse_cpu_scale("fast", c, 1.5).ok());
}

TEST_CASE("run: a worker's memory grows by 16 bytes per parameter and more with the batch") {
  const DatasetSpec data{1, 8192, 32, 10, 3.0};
  const NetworkShape small{32, 128, 2, 10};
  const NetworkShape large{32, 5120, 2, 10};
  const double a = worker_memory_mb(small, 64, data, 4);
  const double b = worker_memory_mb(large, 64, data, 4);
  CHECK(b - a > 16.0 * (large.parameters() - small.parameters()) / (1024.0 * 1024.0));
  CHECK(worker_memory_mb(small, 640, data, 4) > a);
  CHECK(worker_memory_mb(large, 64, data, 1) > b);  // a larger chunk to merge
}

TEST_CASE("run spec: the event round-trips through JSON") {
  RunSpec s;
  s.run_id = "0123abcd";
  s.plan = {{8, 512, 3}, 16, 40};
  s.training.network = {24, 96, 3, 7};
  s.training.data = {99, 5000, 24, 7, 2.5};
  s.training.seed = 1234567890123ULL;
  s.training.learning_rate = 0.01;
  s.training.epochs = 4;
  s.iterations = 77;
  s.checkpoint_every = 5;
  s.max_duration_seconds = 12.5;
  s.wait_timeout_seconds = 3;
  s.store_retry_seconds = 0.5;
  s.clock_origin = 12345.678;
  const auto back = parse_run_spec(run_spec_to_json(s), "event");
  REQUIRE(back.ok());
  CHECK(run_spec_to_json(*back) == run_spec_to_json(s));
  CHECK(back->training.data.inputs == 24);
  CHECK(back->retained_merges() == 8);
  const auto bad = parse_run_spec(R"({"run_id": "x"})", "event");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "event: plan: missing; expected an object");
}
