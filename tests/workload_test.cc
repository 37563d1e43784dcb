#include "fasdl/workload.h"

#include <catch2/catch.hpp>

using namespace fasdl;

namespace {

const char* kGood = R"({
  "name": "w", "model_mb": 90, "samples": 50000, "epochs": 10,
  "compute": {"a": 173.4, "b": 16, "m": 215},
  "flatten": {"k1": 5.0, "k2": -0.5},
  "batch": {"efficiency": 0.8, "max_global": 1024}
})";

// The message for kGood with `from` replaced by `to`.
std::string error_with(const std::string& from, const std::string& to) {
  std::string text = kGood;
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  const auto w = parse_workload(text, "w.json");
  REQUIRE_FALSE(w.ok());
  return w.error().message;
}

}  // namespace

TEST_CASE("workload: a complete document loads", "[workload]") {
  const auto w = parse_workload(kGood, "w.json");
  REQUIRE(w.ok());
  CHECK(w->model_mb == 90);
  CHECK(w->samples == 50000);
  CHECK(w->compute.m == 215);
  CHECK(w->flatten.k2 == -0.5);
  CHECK(w->batch.max_global == 1024);
}

TEST_CASE("workload: it round-trips through workload_to_json", "[workload]") {
  const auto w = parse_workload(kGood, "w.json");
  const auto again = parse_workload(workload_to_json(*w), "again.json");
  REQUIRE(again.ok());
  CHECK(again->compute.a == w->compute.a);
  CHECK(again->flatten.k1 == w->flatten.k1);
  CHECK(again->epochs == w->epochs);
}

TEST_CASE("workload: every bad field is named with what was expected", "[workload]") {
  CHECK(error_with("\"a\": 173.4", "\"a\": -1") == "w.json: compute.a: expected a positive number, got -1");
  CHECK(error_with("\"a\": 173.4", "\"a\": \"x\"") == "w.json: compute.a: expected a positive number, got \"x\"");
  CHECK(error_with("\"samples\": 50000", "\"samples\": 0.5") ==
        "w.json: samples: expected a whole number from 1 to 1000000000000, got 0.5");
  CHECK(error_with("\"epochs\": 10,", "") == "w.json: epochs: missing; expected a whole number from 1 to 1000000");
  CHECK(error_with("\"efficiency\": 0.8", "\"efficiency\": 1") ==
        "w.json: batch.efficiency: expected a number strictly between 0 and 1, got 1");
  CHECK(error_with("\"k1\": 5.0", "\"k1\": -5.0") == "w.json: flatten.k1: expected a non-negative number, got -5.0");
  CHECK(error_with("\"model_mb\": 90", "\"model_mb\": 0") == "w.json: model_mb: expected a positive number, got 0");
  CHECK(error_with("\"name\": \"w\",", "\"name\": \"w\", \"nmae\": 1,") ==
        "w.json: nmae: unknown key; expected one of: batch, compute, description, epochs, flatten, "
        "model_mb, name, samples");
  CHECK(error_with("\"b\": 16,", "\"b\": 16, \"b\": 17,") == "w.json: compute.b: duplicate key; expected each key once");
  CHECK(error_with("\"compute\": {", "\"compute\": [") ==
        "w.json: line 3, column 18: invalid JSON: syntax error while parsing array - unexpected ':'; "
        "expected ']'");
  CHECK(error_with("\"m\": 215", "\"m\": 1e999") .rfind("w.json: invalid JSON", 0) == 0);
}

TEST_CASE("workload: a document that is not an object is refused", "[workload]") {
  CHECK(parse_workload("[1, 2]", "w.json").error().message == "w.json: top level: expected an object, got an array");
  CHECK(parse_workload("", "w.json").error().message ==
        "w.json: line 1, column 1: invalid JSON: syntax error while parsing value - unexpected end "
        "of input; expected '[', '{', or a literal");
}
