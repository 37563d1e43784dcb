#include "fasdl/runtime/runner.h"

#include <catch2/catch.hpp>

using namespace fasdl;

TEST_CASE("trigger: --kill-worker W@I names a worker and an iteration of the run") {
  const auto k = parse_kill("3@17", 8, 100);
  REQUIRE(k.ok());
  CHECK(k->worker == 3);
  CHECK(k->iteration == 17);
  for (const char* bad : {"8@1", "1@100", "-1@2", "3", "a@b", "3@4@5", ""}) {
    const auto refused = parse_kill(bad, 8, 100);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("expected W@I with W in 0..7 and I in 0..99") !=
          std::string::npos);
  }
}

TEST_CASE("trigger: --limits is auto or none") {
  for (const Limits l : {Limits::kAuto, Limits::kNone})
    CHECK(limits_from_string(to_string(l)).value() == l);
  CHECK(limits_from_string("cgroups").error().message ==
        "--limits: expected auto or none, got \"cgroups\"");
}

TEST_CASE("trigger: the machine gives a positive number of cores") {
  CHECK(machine_cores() > 0);
}
