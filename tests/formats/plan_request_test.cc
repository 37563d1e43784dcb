// One batch line as a plan request (fasdl/plan.h): bugs found by
// fuzz_batch_lines, each a one-line error or a value that reads back.
#include "fasdl/formats/plan_request.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "fasdl/formats/plan_format.h"
#include "fasdl/search/plan.h"

using namespace fasdl;

TEST_CASE("plan request: a budget of -0 is 0", "[plan_request]") {
  const auto r = parse_plan_request(R"({"model": "m", "budget": -0.0})", "b.jsonl:1");
  REQUIRE(r.ok());
  REQUIRE(r->budget_dollars);
  CHECK(*r->budget_dollars == 0);
  CHECK_FALSE(std::signbit(*r->budget_dollars));
}

TEST_CASE("plan request: set takes true, false and null as --set does", "[plan_request]") {
  const auto r = parse_plan_request(
      R"({"model": "m", "set": {"platform.lifetime": null, "flag": true, "epochs": 5}})",
      "b.jsonl:1");
  REQUIRE(r.ok());
  // In key order, as the JSON object holds them.
  CHECK(r->settings == Settings{{"epochs", "5"}, {"flag", "true"}, {"platform.lifetime", "null"}});
  CHECK(parse_plan_request(R"({"model": "m", "set": {"epochs": {"a": 1}}})", "b.jsonl:2")
            .error()
            .message ==
        "b.jsonl:2: set.epochs: expected a number, a string, true, false or null, got an object");
}

TEST_CASE("plan request: an error line with bytes that are not UTF-8 is one JSON line",
          "[plan_request]") {
  const std::string line = error_json_line("a", 3, "b\xff.jsonl:3: bad");
  REQUIRE(line.back() == '\n');
  CHECK(line.find('\n') == line.size() - 1);
  const auto j = nlohmann::json::parse(line);
  CHECK(j["error"] == "b\xef\xbf\xbd.jsonl:3: bad");  // U+FFFD
  CHECK(j["line"] == 3);
}

TEST_CASE("plan request: an empty model, profile or store list is refused at its key",
          "[plan_request]") {
  // Found by fuzz_batch_lines: "model": "" was accepted, then reported as a
  // missing --model option; "profile": "" as a file named "".
  CHECK(parse_plan_request(R"({"model": ""})", "b.jsonl:1").error().message ==
        "b.jsonl:1: model: expected a catalog name or a workload JSON file, got \"\"");
  CHECK(parse_plan_request(R"({"model": "m", "profile": " "})", "b.jsonl:2").error().message ==
        "b.jsonl:2: profile: expected a catalog name or a profile JSON file, got \" \"");
  CHECK(parse_plan_request(R"({"model": "m", "store": " , "})", "b.jsonl:3").error().message ==
        "b.jsonl:3: store: expected store names separated by commas such as \"s3,redis\", got "
        "\" , \"");
  PlanRequest base;
  base.model = "resnet50";
  CHECK(parse_plan_request(R"({"deadline": 60})", "b.jsonl:4", base)->model == "resnet50");
}
