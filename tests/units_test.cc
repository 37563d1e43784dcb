#include "fasdl/units.h"

#include <catch2/catch.hpp>

using namespace fasdl;

TEST_CASE("units: durations read as people type them", "[units]") {
  CHECK(*parse_duration("5400") == 5400);
  CHECK(*parse_duration("5400s") == 5400);
  CHECK(*parse_duration("90m") == 5400);
  CHECK(*parse_duration("90 min") == 5400);
  CHECK(*parse_duration("1.5h") == 5400);
  CHECK(*parse_duration("1h30m") == 5400);
  CHECK(*parse_duration("1 h 30 min") == 5400);
  CHECK(*parse_duration("2d") == 172800);
  CHECK(*parse_duration("1e3") == 1000);
}

TEST_CASE("units: a bad duration is refused with an example of a good one", "[units]") {
  for (const char* bad : {"", "5x", "-5", "0", "h", "1h-30m", "nan", "inf", "1e999", "5 5 x"}) {
    INFO(bad);
    const auto d = parse_duration(bad);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().message.rfind("duration: expected a positive time such as 5400, 5400s, 90m, 1.5h or 1h30m, got \"", 0) == 0);
  }
}

TEST_CASE("units: money reads with or without a dollar sign", "[units]") {
  CHECK(*parse_money("5") == 5);
  CHECK(*parse_money("$5.50") == 5.5);
  CHECK(*parse_money("5 USD") == 5);
  CHECK(*parse_money("0") == 0);
  CHECK(parse_money("-1").error().message ==
        "money: expected a non-negative amount of dollars such as 5, 5.50 or $5, got \"-1\"");
  CHECK_FALSE(parse_money("five").ok());
  CHECK_FALSE(parse_money("$").ok());
}
