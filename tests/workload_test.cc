#include "fasdl/workload.h"

#include <catch2/catch.hpp>

using namespace fasdl;

namespace {

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

}  // namespace

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
        "got an array");
  CHECK(error_of(document(R"(, "covariance": 3)")) ==
        "w.json: compute.covariance: expected a 3 x 3 array of arrays of numbers (order a, b, m), "
        "got 3");
  CHECK(error_of(document(R"(, "covariance": [[1, 0, 0], [0, 1], [0, 0, 1]])")) ==
        "w.json: compute.covariance[1]: expected an array of 3 numbers, got an array");
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
  CHECK(error_of(document("", R"(, "covariance": [[1, 2, 3], [2, 1, 0]])")) ==
        "w.json: flatten.covariance[0]: expected an array of 2 numbers, got an array");
  CHECK(error_of(document("", R"(, "covariance": [[1, 2]])")) ==
        "w.json: flatten.covariance: expected a 2 x 2 array of arrays of numbers (order k1, k2), "
        "got an array");
  // Within 1e-9 relative counts as symmetric.
  CHECK(parse_workload(
            document(R"(, "covariance": [[1, 0.5, 0], [0.5000000001, 1, 0], [0, 0, 1]])"), "w.json")
            .ok());
}
