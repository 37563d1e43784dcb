// Durations and money as people type them, and everything that must be refused.
#include "fasdl/base/units.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

using fasdl::parse_duration;
using fasdl::parse_money;

TEST_CASE("units: durations people type", "[units]") {
  CHECK(*parse_duration("5400") == 5400);
  CHECK(*parse_duration("5400s") == 5400);
  CHECK(*parse_duration("90m") == 5400);
  CHECK(*parse_duration("90 minutes") == 5400);
  CHECK(*parse_duration("1.5h") == 5400);
  CHECK(*parse_duration("1h30m") == 5400);
  CHECK(*parse_duration(" 1 h 30 min ") == 5400);
  CHECK(*parse_duration("2d") == 172800);
  CHECK(*parse_duration("1s") == 1);
  CHECK(*parse_duration("365d") == 31'536'000);
  CHECK(*parse_duration("1e-3") == 1e-3);
}

TEST_CASE("units: durations that are not one are refused", "[units]") {
  const std::vector<std::string> inputs = {"",       " ",        "0",     "0s",
                                           "-5m",    "-0",       "5x",    "h",
                                           "1.5.5h", "90 30",    "5m5",   "nan",
                                           "inf",    "infinity", "1e999", "1e308d",
                                           "+5",     "0x10",     "5 m s", std::string("5\0m", 3)};
  for (const std::string& bad : inputs) {
    INFO("input \"" << bad << "\"");
    const auto d = parse_duration(bad);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().message.rfind("duration: expected a positive time such as 5400, 5400s, 90m, "
                                  "1.5h or 1h30m, got \"",
                                  0) == 0);
    CHECK(d.error().message.find('\n') == std::string::npos);
  }
}

TEST_CASE("units: money people type", "[units]") {
  CHECK(*parse_money("5") == 5);
  CHECK(*parse_money("5.50") == 5.5);
  CHECK(*parse_money("$5") == 5);
  CHECK(*parse_money("$ 5 USD") == 5);
  CHECK(*parse_money("0") == 0);
  const double zero = *parse_money("-0");
  CHECK(zero == 0);
  CHECK_FALSE(std::signbit(zero));
}

TEST_CASE("units: money that is not an amount is refused", "[units]") {
  for (const char* bad : {"", "$", "USD", "-1", "nan", "inf", "1e999", "5 EUR", "$$5", "5$"}) {
    INFO("input \"" << bad << "\"");
    const auto m = parse_money(bad);
    REQUIRE_FALSE(m.ok());
    CHECK(
        m.error().message.rfind("money: expected a non-negative amount of dollars such as 5, 5.50 "
                                "or $5, got \"",
                                0) == 0);
  }
}

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
    CHECK(d.error().message.rfind(
              "duration: expected a positive time such as 5400, 5400s, 90m, 1.5h or 1h30m, got \"",
              0) == 0);
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
