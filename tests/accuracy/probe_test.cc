// The probe's task and rows, as measure's processes exchange them.
#include "fasdl/accuracy/probe.h"

#include <catch2/catch.hpp>

namespace fasdl {

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

}  // namespace fasdl
