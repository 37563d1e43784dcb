#include "fasdl/model/profile.h"

#include <catch2/catch.hpp>

#include "fasdl/formats/profile_json.h"

using namespace fasdl;

namespace {

const char* kInline = R"({
  "name": "p",
  "memory_mb": {"min": 128, "max": 3008, "step": 64},
  "prices": {"function_mb_second": 1.64e-8, "put_request": 5e-6, "get_request": 4e-7},
  "sync": {"seconds_per_mb": 0.00119, "offset_mb": 33.7},
  "transfers": {
    "upload": [{"memory_mb": 128, "points": [[1, 0.18], [2, 0.23]]}],
    "download": [{"memory_mb": 128, "points": [[1, 0.06], [1, 0.07], [2, 0.09]]}]
  }
})";

Expected<Source> no_files(const std::string& path) {
  return Error{path + ": cannot read: no files here"};
}

std::string error_with(const std::string& from, const std::string& to) {
  std::string text = kInline;
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  const auto p = parse_profile(text, "p.json", no_files);
  REQUIRE_FALSE(p.ok());
  return p.error().message;
}

}  // namespace

TEST_CASE("profile: inline transfers load, repeats combined by median", "[profile]") {
  const auto p = parse_profile(kInline, "p.json", no_files);
  REQUIRE(p.ok());
  CHECK(p->memory.step_mb == 64);
  const TransferColumn& down = p->transfers.columns(Direction::kDownload)[0];
  CHECK(down.sizes_mb == std::vector<double>{1, 2});
  CHECK(down.seconds[0] == Approx(0.065));
}

TEST_CASE("profile: a CSV is read through the loader, relative to the profile", "[profile]") {
  std::string text = kInline;
  const auto start = text.find("\"transfers\"");
  text = text.substr(0, start) + "\"transfers\": {\"csv\": \"t.csv\"}\n}";
  std::string asked;
  const auto p = parse_profile(text, "p.json", [&](const std::string& path) -> Expected<Source> {
    asked = path;
    return Source{"dir/t.csv",
                  "direction,memory_mb,size_mb,seconds\nupload,128,1,0.1\nupload,128,2,0.2\n"
                  "download,128,1,0.1\ndownload,128,2,0.2\n"};
  });
  REQUIRE(p.ok());
  CHECK(asked == "t.csv");
  CHECK(p->transfers.seconds(Direction::kUpload, 128, 1.5) == Approx(0.15));
}

TEST_CASE("profile: a CSV that cannot be read names both files", "[profile]") {
  std::string text = kInline;
  text = text.substr(0, text.find("\"transfers\"")) + "\"transfers\": {\"csv\": \"t.csv\"}\n}";
  CHECK(parse_profile(text, "p.json", no_files).error().message ==
        "p.json: transfers.csv: t.csv: cannot read: no files here");
}

TEST_CASE("profile: it round-trips through profile_to_json", "[profile]") {
  const auto p = parse_profile(kInline, "p.json", no_files);
  const auto again = parse_profile(profile_to_json(*p), "again.json", no_files);
  REQUIRE(again.ok());
  CHECK(again->prices.put_request == p->prices.put_request);
  CHECK(again->transfers.seconds(Direction::kDownload, 128, 1.7) ==
        p->transfers.seconds(Direction::kDownload, 128, 1.7));
}

TEST_CASE("profile: every bad field is named with what was expected", "[profile]") {
  CHECK(error_with("\"put_request\": 5e-6", "\"put_request\": \"abc\"") ==
        "p.json: prices.put_request: expected a non-negative number, got \"abc\"");
  CHECK(error_with("\"step\": 64", "\"step\": 0") ==
        "p.json: memory_mb.step: expected a whole number from 1 to 1000000, got 0");
  CHECK(error_with("\"max\": 3008", "\"max\": 100") ==
        "p.json: memory_mb.max: expected a number of MB at least min (128), got 100");
  CHECK(error_with("\"offset_mb\": 33.7", "\"offset_mb\": -1") ==
        "p.json: sync.offset_mb: expected a non-negative number, got -1");
  CHECK(
      error_with("[[1, 0.18], [2, 0.23]]", "[[1, 0.18]]") ==
      "p.json: transfers.upload[0].points: expected at least two [size_mb, seconds] points, got an "
      "array of 1 element");
  CHECK(error_with("[[1, 0.18], [2, 0.23]]", "[[1, 0.18], [2, -0.23]]") ==
        "p.json: transfers.upload[0].points[1][1]: expected a positive number, got -0.23");
  CHECK(error_with("[[1, 0.18], [2, 0.23]]", "[[1, 0.18], [2]]") ==
        "p.json: transfers.upload[0].points[1]: expected a [size_mb, seconds] or "
        "[size_mb, seconds, repeats, mad_seconds] point, got an array of 1 element");
  CHECK(error_with("[[1, 0.18], [2, 0.23]]", "[[1, 0.18], [1, 0.23]]") ==
        "p.json: transfers.upload[0]: upload column at 128 MB has 1 object size; expected at least "
        "two");
  CHECK(error_with("\"download\": [", "\"down\": [")
            .rfind("p.json: transfers.download: missing", 0) == 0);
  CHECK(error_with("\"name\": \"p\",", "") == "p.json: name: missing; expected a string");
}

namespace profile_measured {

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

}  // namespace profile_measured

using namespace profile_measured;

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
        "seconds, repeats, mad_seconds] point, got an array of 3 elements");
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
