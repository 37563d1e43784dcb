#include "fasdl/model/workload.h"

#include <catch2/catch.hpp>

#include "fasdl/formats/workload_json.h"

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
  CHECK(error_with("\"a\": 173.4", "\"a\": -1") ==
        "w.json: compute.a: expected a positive number, got -1");
  CHECK(error_with("\"a\": 173.4", "\"a\": \"x\"") ==
        "w.json: compute.a: expected a positive number, got \"x\"");
  CHECK(error_with("\"samples\": 50000", "\"samples\": 0.5") ==
        "w.json: samples: expected a whole number from 1 to 1000000000000, got 0.5");
  CHECK(error_with("\"epochs\": 10,", "") ==
        "w.json: epochs: missing; expected a whole number from 1 to 1000000");
  CHECK(error_with("\"efficiency\": 0.8", "\"efficiency\": 1") ==
        "w.json: batch.efficiency: expected a number strictly between 0 and 1, got 1");
  CHECK(error_with("\"k1\": 5.0", "\"k1\": -5.0") ==
        "w.json: flatten.k1: expected a non-negative number, got -5.0");
  CHECK(error_with("\"model_mb\": 90", "\"model_mb\": 0") ==
        "w.json: model_mb: expected a positive number, got 0");
  CHECK(error_with("\"name\": \"w\",", "\"name\": \"w\", \"nmae\": 1,") ==
        "w.json: nmae: unknown key; expected one of: batch, compute, description, epochs, flatten, "
        "memory_floor, memory_min_mb, model_mb, name, samples");
  CHECK(error_with("\"b\": 16,", "\"b\": 16, \"b\": 17,") ==
        "w.json: compute.b: duplicate key; expected each key once");
  CHECK(error_with("\"compute\": {", "\"compute\": [") ==
        "w.json: line 3, column 18: invalid JSON: unexpected ':'; expected ']'");
  CHECK(error_with("\"m\": 215", "\"m\": 1e999") ==
        "w.json: compute.m: expected a finite number, got 1e999 (out of range)");
}

TEST_CASE("workload: a document that is not an object is refused", "[workload]") {
  CHECK(parse_workload("[1, 2]", "w.json").error().message ==
        "w.json: top level: expected an object, got an array of 2 elements");
  CHECK(parse_workload("", "w.json").error().message ==
        "w.json: empty file; expected a JSON object");
}

namespace workload_measured {

std::string document(const std::string& compute_extra, const std::string& flatten_extra = "") {
  return R"({"name": "w", "model_mb": 10, "samples": 100, "epochs": 1,
             "compute": {"a": 100, "b": 16, "m": 200)" +
         compute_extra + R"(},
             "flatten": {"k1": 1.5, "k2": -0.5)" +
         flatten_extra + R"(},
             "batch": {"efficiency": 0.8, "max_global": 1024}})";
}

std::string error_of(const std::string& json) {
  return parse_workload(json, "w.json").error().message;
}

}  // namespace workload_measured

using namespace workload_measured;

TEST_CASE("workload: covariances are optional", "[workload]") {
  const auto w = parse_workload(document(""), "w.json");
  REQUIRE(w.ok());
  CHECK_FALSE(w->compute.covariance);
  CHECK_FALSE(w->flatten.covariance);
  CHECK(workload_to_json(*w).find("covariance") == std::string::npos);
}

TEST_CASE("workload: covariances are read row-major and written back", "[workload]") {
  const auto w =
      parse_workload(document(R"(, "covariance": [[4, 0.5, -1], [0.5, 0.25, 0], [-1, 0, 9]])",
                              R"(, "covariance": [[0.01, -0.001], [-0.001, 0.0004]])"),
                     "w.json");
  REQUIRE(w.ok());
  REQUIRE(w->compute.covariance);
  CHECK(*w->compute.covariance == std::array<double, 9>{4, 0.5, -1, 0.5, 0.25, 0, -1, 0, 9});
  REQUIRE(w->flatten.covariance);
  CHECK(*w->flatten.covariance == std::array<double, 4>{0.01, -0.001, -0.001, 0.0004});
  const std::string json = workload_to_json(*w);
  CHECK_THAT(json, Catch::Contains("\"covariance\": [\n      [4.0, 0.5, -1.0],\n"));
  CHECK_THAT(json, Catch::Contains("[-0.001, 0.0004]"));
  const auto again = parse_workload(json, "again.json");
  REQUIRE(again.ok());
  CHECK(*again->compute.covariance == *w->compute.covariance);
  CHECK(*again->flatten.covariance == *w->flatten.covariance);
}

TEST_CASE("workload: a malformed covariance is one line naming its JSON path", "[workload]") {
  CHECK(error_of(document(R"(, "covariance": [[1, 0], [0, 1]])")) ==
        "w.json: compute.covariance: expected a 3 x 3 array of arrays of numbers (order a, b, m), "
        "got an array of 2 elements");
  CHECK(error_of(document(R"(, "covariance": 3)")) ==
        "w.json: compute.covariance: expected a 3 x 3 array of arrays of numbers (order a, b, m), "
        "got 3");
  CHECK(
      error_of(document(R"(, "covariance": [[1, 0, 0], [0, 1], [0, 0, 1]])")) ==
      "w.json: compute.covariance[1]: expected an array of 3 numbers, got an array of 2 elements");
  CHECK(error_of(document(R"(, "covariance": [[1, 0, 0], [0, 1, "x"], [0, 0, 1]])")) ==
        "w.json: compute.covariance[1][2]: expected a number, got \"x\"");
  CHECK(error_of(document(R"(, "covariance": [[1, 0, 0], [0, -2, 0], [0, 0, 1]])")) ==
        "w.json: compute.covariance[1][1]: expected a non-negative number, got -2");
  CHECK(error_of(document(R"(, "covariance": [[1, 0.5, 0], [0.6, 1, 0], [0, 0, 1]])")) ==
        "w.json: compute.covariance[1][0]: expected the value of compute.covariance[0][1] (0.5) "
        "within 1e-9 relative (a symmetric matrix), got 0.6");
  CHECK(error_of(document("", R"(, "covariance": [[1, 2], [3, 1]])")) ==
        "w.json: flatten.covariance[1][0]: expected the value of flatten.covariance[0][1] (2) "
        "within 1e-9 relative (a symmetric matrix), got 3");
  CHECK(
      error_of(document("", R"(, "covariance": [[1, 2, 3], [2, 1, 0]])")) ==
      "w.json: flatten.covariance[0]: expected an array of 2 numbers, got an array of 3 elements");
  CHECK(error_of(document("", R"(, "covariance": [[1, 2]])")) ==
        "w.json: flatten.covariance: expected a 2 x 2 array of arrays of numbers (order k1, k2), "
        "got an array of 1 element");
  // Within 1e-9 relative counts as symmetric.
  CHECK(parse_workload(
            document(R"(, "covariance": [[1, 0.5, 0], [0.5000000001, 1, 0], [0, 0, 1]])"), "w.json")
            .ok());
}

TEST_CASE("workload: a memory floor is stated or a rule, never both", "[workload][floor]") {
  const auto stated = parse_workload(
      std::string(kGood).insert(std::string(kGood).rfind('}'), R"(, "memory_min_mb": 600)"),
      "w.json");
  REQUIRE(stated.ok());
  CHECK(stated->memory_floor.stated_mb == 600);
  const std::string rule_text = std::string(kGood).insert(
      std::string(kGood).rfind('}'),
      R"(, "memory_floor": {"runtime_mb": 350, "vector_copies": 6, "activation_mb_per_sample": 26.19})");
  const auto rule = parse_workload(rule_text, "w.json");
  REQUIRE(rule.ok());
  REQUIRE(rule->memory_floor.rule);
  CHECK(rule->memory_floor.rule->runtime_mb == 350);
  CHECK(rule->memory_floor.rule->vector_copies == 6);
  CHECK(rule->memory_floor.rule->activation_mb_per_sample == 26.19);
  const auto again = parse_workload(workload_to_json(*rule), "again.json");
  REQUIRE(again.ok());
  CHECK(again->memory_floor.rule->activation_mb_per_sample == 26.19);
  CHECK(parse_workload(workload_to_json(*stated), "again.json")->memory_floor.stated_mb == 600);

  CHECK(error_with("\"max_global\": 1024}", "\"max_global\": 1024}, \"memory_min_mb\": -1") ==
        "w.json: memory_min_mb: expected a non-negative number, got -1");
  CHECK(error_with("\"max_global\": 1024}",
                   "\"max_global\": 1024}, \"memory_min_mb\": 600, \"memory_floor\": {}") ==
        "w.json: memory_floor: expected no memory_floor rule beside memory_min_mb (give one of "
        "the two), got an empty object");
  CHECK(error_with("\"max_global\": 1024}",
                   "\"max_global\": 1024}, \"memory_floor\": {\"runtime_mb\": 350, "
                   "\"vector_copies\": 6}") ==
        "w.json: memory_floor.activation_mb_per_sample: missing; expected a non-negative number");
  CHECK_THAT(error_with("\"max_global\": 1024}",
                        "\"max_global\": 1024}, \"memory_floor\": {\"runtime_mb\": 350, "
                        "\"vector_copies\": 6, \"activation_mb_per_sample\": 1, \"extra\": 1}"),
             Catch::StartsWith("w.json: memory_floor.extra: unknown key"));
}
