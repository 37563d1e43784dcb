#include "fasdl/profile.h"

#include <catch2/catch.hpp>

using namespace fasdl;

namespace {

std::string document(const std::string& upload_points) {
  return R"({"name": "p", "memory_mb": {"min": 128, "max": 3008, "step": 64},
             "prices": {"function_mb_second": 1.64e-8, "put_request": 5e-6, "get_request": 4e-7},
             "sync": {"seconds_per_mb": 0.00119, "offset_mb": 33.7},
             "transfers": {"upload": [{"memory_mb": 512, "points": )" +
         upload_points + R"(}],
                           "download": [{"memory_mb": 512, "points": [[1, 0.1], [2, 0.2]]}]}})";
}

const SourceLoader kNoFiles = [](const std::string&) -> Expected<Source> {
  return Error{"no files"};
};

Expected<Profile> parse(const std::string& points) {
  return parse_profile(document(points), "p.json", kNoFiles);
}

}  // namespace

TEST_CASE("profile: points may carry their repeats and spread", "[profile]") {
  const auto p = parse("[[1, 0.12, 5, 0.01], [2, 0.2]]");
  REQUIRE(p.ok());
  const TransferColumn& c = p->transfers.columns(Direction::kUpload)[0];
  CHECK(c.seconds == std::vector<double>{0.12, 0.2});
  CHECK(c.repeats == std::vector<int>{5, 1});
  CHECK(c.mad == std::vector<double>{0.01, 0});
  // Written back as quadruples in that column only, pairs elsewhere.
  const std::string json = profile_to_json(*p);
  CHECK_THAT(json, Catch::Contains("[1.0, 0.12, 5, 0.01],\n          [2.0, 0.2, 1, 0.0]"));
  CHECK_THAT(json, Catch::Contains("[1.0, 0.1],\n          [2.0, 0.2]"));
  const auto again = parse_profile(json, "again.json", kNoFiles);
  REQUIRE(again.ok());
  CHECK(again->transfers.columns(Direction::kUpload)[0].repeats == c.repeats);
}

TEST_CASE("profile: malformed points are one line naming the JSON path", "[profile]") {
  CHECK(parse("[[1, 0.12, 5], [2, 0.2]]").error().message ==
        "p.json: transfers.upload[0].points[0]: expected a [size_mb, seconds] or [size_mb, "
        "seconds, repeats, mad_seconds] point, got an array");
  CHECK(parse("[[1, 0.12, 2.5, 0.01], [2, 0.2]]").error().message ==
        "p.json: transfers.upload[0].points[0][2]: expected a whole number of repeats from 1 to "
        "1000000000, got 2.5");
  CHECK(parse("[[1, 0.12, 0, 0.01], [2, 0.2]]").error().message ==
        "p.json: transfers.upload[0].points[0][2]: expected a positive number, got 0");
  CHECK(parse("[[1, 0.12, 3, -0.01], [2, 0.2]]").error().message ==
        "p.json: transfers.upload[0].points[0][3]: expected a non-negative number, got -0.01");
  CHECK(parse("[[1, 0.12, 3, 0.01], [1, 0.2], [2, 0.3]]").error().message ==
        "p.json: transfers.upload[0]: upload column at 512 MB: the point at 1 MB combines 3 "
        "repeats and appears again; expected it once");
}
