// The pure parts of fasdl-profile measure: the fits of what the probes timed.
#include <catch2/catch.hpp>

#include "fasdl/measure.h"
#include "fasdl/probe.h"

using namespace fasdl;

TEST_CASE("measure: planted a, b and k1, k2 come back through compute's fit, m fixed at 0",
          "[measure]") {
  std::vector<ComputeSample> steps;
  for (const int m : {512, 768, 1024, 1769}) {
    for (const long long b : {4, 16, 64, 128}) {
      steps.push_back({b, m, 2.5 * (static_cast<double>(b) + 3) / m,
                       0.4 * std::pow(static_cast<double>(m), -0.6), "t"});
    }
  }
  MeasuredWorkloadSpec spec;
  spec.model_mb = 4;
  spec.samples = 4096;
  spec.epochs = 2;
  spec.batch = 32;
  const auto w = measured_workload(steps, spec);
  REQUIRE(w);
  CHECK(w->workload.compute.a == Approx(2.5).epsilon(1e-4));
  CHECK(w->workload.compute.b == Approx(3).epsilon(1e-4));
  CHECK(w->workload.compute.m == 0);
  CHECK(w->workload.flatten.k1 == Approx(0.4).epsilon(1e-4));
  CHECK(w->workload.flatten.k2 == Approx(-0.6).epsilon(1e-4));
  CHECK(aggregator_batch(w->workload.compute.b, w->workload.batch.efficiency) == 32);
}

TEST_CASE("measure: too few timed steps is an error naming the law", "[measure]") {
  const std::vector<ComputeSample> steps = {{4, 512, 0.1, 0.01, "t"}, {8, 512, 0.2, 0.01, "t"}};
  const auto w = measured_workload(steps, MeasuredWorkloadSpec{});
  REQUIRE_FALSE(w);
  CHECK(w.error().message.find("cannot fit the training law") == 0);
}

TEST_CASE("measure: the profile spans the measured memories and records the CPU scale",
          "[measure]") {
  std::vector<Measurement> rows;
  for (const int m : {512, 1769}) {
    for (const double f : {1.0, 4.0}) {
      rows.push_back({Direction::kUpload, m, f, 0.01 * f, "t"});
      rows.push_back({Direction::kDownload, m, f, 0.005 * f, "t"});
    }
  }
  MeasuredProfileSpec spec;
  spec.cpu_scale = 0.2;
  spec.cores = 2;
  const auto p = measured_profile(rows, spec);
  REQUIRE(p);
  CHECK(p->memory.min_mb == 512);
  CHECK(p->memory.max_mb == 1769);
  REQUIRE(p->platform.cpu);
  CHECK(*measured_cpu_scale(*p) == Approx(0.2));
  spec.cpu_scale = 0;
  CHECK_FALSE(measured_profile(rows, spec));
}

TEST_CASE("measure: the default calibration spans W 2..W, K 1..W and the memories", "[measure]") {
  const auto c = default_calibration({1024, 512, 1769}, 8);
  REQUIRE(c.size() == 6);
  CHECK(c[0] == Config{2, 1769, 2});
  CHECK(c[4] == Config{8, 512, 8});
  CHECK(c[5] == Config{8, 1024, 1});
  CHECK(default_calibration({}, 8).empty());
}

TEST_CASE("measure: rows of the probes read as storage's and compute's CSV", "[measure]") {
  const std::string t = transfers_csv({{Direction::kUpload, 512, 0.5, 0.01, "p"}});
  CHECK(t == "direction,memory_mb,size_mb,seconds\nupload,512,0.5,0.01\n");
  const std::string c = compute_csv({{16, 1024, 0.05, 0.002, "p"}});
  CHECK(c == "batch,memory_mb,train_seconds,flatten_seconds\n16,1024,0.05,0.002\n");
}

TEST_CASE("probe: a task and a row read back what they wrote, and bad fields are named",
          "[measure][probe]") {
  ProbeTask task;
  task.memory_mb = 768;
  task.sizes_mb = {0.5, 4};
  task.batches = {4, 64};
  task.data.samples = 100;
  task.repeats = 2;
  const auto back = parse_probe_task(probe_task_to_json(task), "task");
  REQUIRE(back);
  CHECK(back->memory_mb == 768);
  CHECK(back->sizes_mb == task.sizes_mb);
  CHECK(back->batches == task.batches);
  CHECK(back->repeats == 2);
  ProbeRow row;
  row.kind = ProbeKind::kCompute;
  row.memory_mb = 512;
  row.batch = 16;
  row.seconds = 0.03;
  row.flatten_seconds = 0.001;
  row.count = 7;
  const auto r = parse_probe_row(to_json_line(row), "row");
  REQUIRE(r);
  CHECK(r->batch == 16);
  CHECK(r->flatten_seconds == 0.001);
  const auto bad = parse_probe_row(R"({"kind":"memory"})", "row");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("row: kind:") == 0);
}

TEST_CASE("measure: a slow burst is smoothed as storage --resample does: never dearer than larger",
          "[measure]") {
  std::vector<Measurement> rows;
  for (const int m : {512, 1769}) {
    rows.push_back({Direction::kUpload, m, 0.5, 0.002, "t"});
    rows.push_back({Direction::kUpload, m, 1, m == 1769 ? 0.0165 : 0.004, "t"});  // slow burst
    rows.push_back({Direction::kUpload, m, 2, 0.0081, "t"});
    rows.push_back({Direction::kUpload, m, 4, 0.016, "t"});
    for (const double f : {0.5, 1.0, 2.0, 4.0}) {
      rows.push_back({Direction::kDownload, m, f, 0.001 * f, "t"});
    }
  }
  const auto p = measured_profile(rows, MeasuredProfileSpec{});
  REQUIRE(p);
  // Pool adjacent violators: 1 and 2 MB at 1769 MB share (0.0165 + 0.0081) / 2.
  CHECK(p->transfers.seconds(Direction::kUpload, 1769, 1) == Approx(0.0123));
  CHECK(p->transfers.seconds(Direction::kUpload, 1769, 2) == Approx(0.0123));
  CHECK(p->transfers.seconds(Direction::kUpload, 512, 1) == Approx(0.004));
}
