// --set overrides against hostile keys and values: every failure is one
// printable line that starts with "--set" (bugs found by fuzz_overrides and
// fuzz_batch_lines).
#include "fasdl/formats/overrides.h"

#include <catch2/catch.hpp>
#include <limits>
#include <string>

#include "base/text.h"
#include "fasdl/formats/profile_json.h"
#include "fasdl/formats/workload_json.h"
#include "support/linear_profile.h"

using namespace fasdl;

namespace {

Documents documents() {
  Workload w;
  w.name = "w";
  w.model_mb = 40;
  w.samples = 50'000;
  w.epochs = 5;
  w.compute = {120, 16, 200};
  w.flatten = {1.4, -0.5};
  w.batch = {0.8, 1024};
  Profile p = testing::linear_profile({128, 10240, 64});
  p.name = "p";
  return {{"p.json", profile_to_json(p)}, {"w.json", workload_to_json(w)}, nullptr};
}

std::string error_of(const Settings& settings) {
  const auto model = build_model(documents(), settings);
  return model ? "" : model.error().message;
}

}  // namespace

TEST_CASE("overrides: a value parses as a number, a boolean, null or a string", "[overrides]") {
  const auto o = parse_override(" epochs = 5, 10 ,20");
  REQUIRE(o.ok());
  CHECK(o->key == "epochs");
  CHECK(o->values == std::vector<std::string>{"5", "10", "20"});
  CHECK(error_of({{"epochs", "7"}}).empty());
  CHECK(build_model(documents(), {{"epochs", "7"}})->workload().epochs == 7);
}

TEST_CASE("overrides: a key that is not a plain JSON path is refused in one line", "[overrides]") {
  CHECK(parse_override("a..b=1").error().message ==
        "--set: expected KEY=VALUE[,VALUE...] such as epochs=5,10 or "
        "prices.function_mb_second=1.33e-8, got \"a..b=1\"");
  // Keys of a batch line's "set" object reach build_model without parse_override.
  for (const std::string& key : std::vector<std::string>{
           "prices..put_request", "epochs.", ".epochs", "", "ep\nochs", std::string(201, 'e')}) {
    const std::string e = error_of({{key, "1"}});
    CHECK(e.rfind("--set \"", 0) == 0);
    CHECK(e.find("expected a key of letters, digits, '_' and '.'") != std::string::npos);
    CHECK(text::one_line(e));
  }
}

TEST_CASE("overrides: a value that is not UTF-8 is refused, not thrown", "[overrides]") {
  CHECK(error_of({{"epochs", "\xff"}}) == "--set epochs=\"\\xff\": expected a value in UTF-8");
  CHECK(error_of({{"workload.name", "caf\xc3"}}).find("expected a value in UTF-8") !=
        std::string::npos);
}

TEST_CASE("overrides: a value with a line break is quoted in the message", "[overrides]") {
  const std::string e = error_of({{"epochs", "5\nx"}});
  INFO(e);
  CHECK(e.rfind("--set epochs=\"5\\x0ax\": w.json: epochs: ", 0) == 0);
  CHECK(text::one_line(e));
}

TEST_CASE("overrides: many settings are named up to about 400 bytes", "[overrides]") {
  Settings many;
  for (int i = 0; i < 100; ++i)
    many.emplace_back("prices.put_request", "1e-7");
  many.emplace_back("epochs", "0");
  const std::string e = error_of(many);
  CHECK(e.size() < 600);
  CHECK(e.find("...: w.json: epochs: expected a whole number") != std::string::npos);
}

TEST_CASE("overrides: a combination is read by its index, in the order of combinations()",
          "[overrides]") {
  const std::vector<fasdl::Override> overrides = {{"epochs", {"5", "10", "20"}},
                                                  {"samples", {"100", "200"}}};
  const auto all = fasdl::combinations(overrides);
  REQUIRE(fasdl::combination_count(overrides) == 6);
  for (long long i = 0; i < 6; ++i)
    CHECK(fasdl::combination(overrides, i) == all[static_cast<std::size_t>(i)]);
  // 10^12 combinations are counted, not built; beyond a long long the count saturates.
  std::vector<fasdl::Override> huge(4, {"epochs", std::vector<std::string>(1000, "1")});
  CHECK(fasdl::combination_count(huge) == 1'000'000'000'000);
  huge.resize(7, {"epochs", std::vector<std::string>(1000, "1")});
  CHECK(fasdl::combination_count(huge) == std::numeric_limits<long long>::max());
  CHECK(fasdl::combination(huge, 123'456'789).size() == 7);
}
