#include "fasdl/runtime/run_report.h"

#include <catch2/catch.hpp>

#include "fasdl/base/output_format.h"

using namespace fasdl;

namespace {

IterationRecord record(int worker, long long iteration, Role role, double train, double loss,
                       int invocation = 0) {
  IterationRecord r;
  r.worker = worker;
  r.iteration = iteration;
  r.role = role;
  r.batch = role == Role::kAggregator ? 10 : 30;
  r.invocation = invocation;
  r.loss = loss;
  r.seconds = {train, 0.01, 0.02, role == Role::kAggregator ? 0.03 : 0.0, 0.04, 0.05, train + 0.15};
  r.puts = 2;
  r.gets = 3;
  return r;
}

RunSpec spec() {
  RunSpec s;
  s.plan = {{3, 512, 1}, 10, 30};  // G = 70
  s.training.data.samples = 140;   // two iterations an epoch
  s.iterations = 4;
  return s;
}

}  // namespace

TEST_CASE("run log: an iteration record round-trips through its JSON line") {
  IterationRecord r = record(3, 17, Role::kOther, 0.25, 1.5, 2);
  r.pid = 4242;
  r.checkpoint = 0.125;
  r.started = 3.5;
  r.replay = true;
  const std::string line = to_json_line(r);
  CHECK(
      line.rfind(
          R"({"event":"iteration","worker":3,"invocation":2,"pid":4242,"iteration":17,"role":"other")",
          0) == 0);
  const auto back = parse_iteration_record(line, "log");
  REQUIRE(back.ok());
  CHECK(to_json_line(*back) == line);
  CHECK_FALSE(parse_iteration_record(R"({"event":"summary"})", "log").ok());
}

TEST_CASE(
    "run report: breakdowns are means per role, and a redone iteration counts once, its requests "
    "twice") {
  std::vector<IterationRecord> records;
  for (long long t = 0; t < 4; ++t) {
    records.push_back(record(0, t, Role::kAggregator, 0.1 * (t + 1), 2.0 - 0.4 * t));
    records.push_back(record(1, t, Role::kOther, 0.5, 2.0 - 0.4 * t));
    records.push_back(record(2, t, Role::kOther, 0.7, 2.0 - 0.4 * t));
  }
  IterationRecord redo = record(0, 3, Role::kAggregator, 0.4, 0.8, 1);
  redo.replay = true;
  records.push_back(redo);  // the same seconds as the first time: the means do not move
  const Measurements m = measure(records, spec());
  CHECK(m.aggregator.workers == 1);
  CHECK(m.other.workers == 2);
  CHECK(m.aggregator.breakdown.train == Approx(0.25));  // (0.1 + 0.2 + 0.3 + 0.4) / 4
  CHECK(m.aggregator.breakdown.aggregate == Approx(0.03));
  CHECK(m.aggregator.breakdown.iteration == Approx(0.4));
  CHECK(m.other.breakdown.train == Approx(0.6));
  CHECK(m.other.breakdown.aggregate == 0);
  CHECK(m.puts == 13 * 2);
  CHECK(m.gets == 13 * 3);
  CHECK(m.replayed == 1);
  REQUIRE(m.loss_by_epoch.size() == 2);
  CHECK(m.loss_by_epoch[0] == Approx(1.8));  // iterations 0 and 1: (2.0 + 1.6) / 2
  CHECK(m.loss_by_epoch[1] == Approx(1.0));
}

TEST_CASE("run report: a run is priced as the model prices one, with what it did") {
  const Prices p{1.64e-8, 5.0e-6, 4.0e-7};
  const CostSplit c = price_run(p, 1024, 100.0, 1000, 2000);
  CHECK(c.function == Approx(1.64e-8 * 1024 * 100));
  CHECK(c.storage == Approx(5.0e-6 * 1000 + 4.0e-7 * 2000));
}

TEST_CASE("run report: the summary JSON starts with a prediction's keys") {
  RunSummary s;
  s.spec = spec();
  s.iterations = 4;
  s.seconds = 2;
  s.dollars = 0.5;
  const std::string json = format_run_summary(s, OutputFormat::kJson);
  CHECK(json.rfind("{\n  \"workers\": 3,\n  \"memory_mb\": 512,\n  \"aggregators\": 1,\n"
                   "  \"batch_aggregator\": 10,\n  \"batch_other\": 30,\n  \"iterations\": 4,\n"
                   "  \"seconds\": 2.0,\n  \"dollars\": 0.5,\n  \"breakdown\": {\n    \"train\"",
                   0) == 0);
  for (const char* key : {"\"cost\"", "\"final_loss\"", "\"loss_by_epoch\"", "\"throttle\"",
                          "\"relaunches\"", "\"by_role\"", "\"parameters_consistent\""}) {
    CHECK(json.find(key) != std::string::npos);
  }
  CHECK(summary_log_line(s).rfind(R"({"event":"summary","workers":3,)", 0) == 0);
  CHECK(format_run_summary(s, OutputFormat::kTable).find("Per iteration") != std::string::npos);
}
