// Config documents of --config: the TOML subset and JSON, strictly
// (fasdl/formats/config_document.h).
#include "fasdl/formats/config_document.h"

#include <catch2/catch.hpp>
#include <string>

using fasdl::ConfigEntry;
using fasdl::parse_config;

namespace {

std::string error(std::string_view text) {
  const auto r = parse_config(text, "c.toml");
  REQUIRE_FALSE(r);
  return r.error().message;
}

}  // namespace

TEST_CASE("config: the documented TOML and JSON give the same entries", "[config]") {
  const auto toml = parse_config(
      "# a comment\nmodel = \"resnet50\"\nbudget = '5'  # dollars\nset = [\n  \"epochs=20\",\n"
      "  'x=1', # two\n]\nexplain = true\njobs = 4\n\n[sweep]\nworkers = \"1:64\"\n",
      "c.toml");
  REQUIRE(toml);
  REQUIRE(toml->size() == 6);
  CHECK((*toml)[0].key == "model");
  CHECK((*toml)[0].values == std::vector<std::string>{"resnet50"});
  CHECK((*toml)[0].where == "c.toml: line 2");
  CHECK((*toml)[2].values == std::vector<std::string>{"epochs=20", "x=1"});
  CHECK((*toml)[3].values == std::vector<std::string>{"true"});
  CHECK((*toml)[4].values == std::vector<std::string>{"4"});
  CHECK((*toml)[5].sections == std::vector<std::string>{"sweep"});
  CHECK((*toml)[5].where == "c.toml: line 12");
  const auto json = parse_config(
      R"({"model": "resnet50", "set": ["epochs=20", 2], "explain": true, "sweep": {"workers": "1:64"}})",
      "c.json");
  REQUIRE(json);
  REQUIRE(json->size() == 4);  // in the order of the keys' names
  CHECK((*json)[2].key == "set");
  CHECK((*json)[2].values == std::vector<std::string>{"epochs=20", "2"});
  CHECK((*json)[3].sections == std::vector<std::string>{"sweep"});
  CHECK((*json)[3].where == "c.json: sweep.workers");
}

TEST_CASE("config: a key or a table given twice is refused, naming both lines", "[config]") {
  CHECK(error("deadline = \"2h\"\nbudget = 1\ndeadline = \"3h\"\n") ==
        "c.toml: line 3: deadline: defined again (first on line 1); expected each key once");
  CHECK(error("[sweep]\nx = 1\n[sweep]\n") ==
        "c.toml: line 3: [sweep]: defined again (first on line 1); expected each section once");
  CHECK(error("a = 1\na.b = 2\n") == "c.toml: line 2: a.b: a is a key (line 1), not a section");
  CHECK(parse_config(R"({"model": "a", "model": "b"})", "c.json").error().message ==
        "c.json: model: duplicate key; expected each key once");
}

TEST_CASE("config: nesting is limited in either language whatever the input's size", "[config]") {
  std::string dotted = "a";
  for (int i = 0; i < 100'000; ++i)
    dotted += ".a";
  CHECK(error(dotted + " = 1\n") ==
        "c.toml: line 1: a.a.a.a.a.a...: nested deeper than 4 levels; expected an option or a "
        "[subcommand] section");
  CHECK(error("[a.b.c.d.e]\n") ==
        "c.toml: line 1: [a.b.c.d.e]: nested deeper than 4 levels; expected a [subcommand] "
        "section");
  CHECK(error(std::string(100'000, '[')).size() < 300);
  CHECK(error("x = [[1]]\n") ==
        "c.toml: line 1: invalid TOML: expected a string, number or boolean (arrays do not nest "
        "in options), got \"[1]]\"");
  std::string deep;
  for (int i = 0; i < 100'000; ++i)
    deep += "{\"a\":";
  const std::string message = parse_config(deep, "c.json").error().message;
  CHECK(message.size() < 400);
  CHECK(message.find("nested deeper than 64 levels") != std::string::npos);
  CHECK(parse_config(R"({"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}})", "c.json").error().message ==
        "c.json: a.b.c.d.e: expected an option (subcommands nest at most 4 levels), got an object");
}

TEST_CASE("config: values that are not options and bytes after the document are refused",
          "[config]") {
  CHECK(error("x = {a = 1}\n") ==
        "c.toml: line 1: invalid TOML: expected a string, number, boolean or array (inline tables "
        "are not options), got \"{a = 1}\"");
  CHECK(error("x = \"\"\"long\"\"\"\n") ==
        "c.toml: line 1: invalid TOML: expected a one-line string (no multi-line strings), got "
        "\"\\\"\\\"\\\"long\\\"\\\"\\\"\"");
  CHECK(error("x = 1979-05-27\n") ==
        "c.toml: line 1: invalid TOML: expected a string, a finite number, true, false or an "
        "array, got \"1979-05-27\"");
  CHECK(error("x = \"a\nb\"\n") ==
        "c.toml: line 1: invalid TOML: expected the closing \" of the string, got the end of the "
        "line");
  CHECK(error(std::string("x = 1\0garbage", 13)) == "c.toml: line 1: a NUL byte; expected text");
  CHECK(error("x = \"\xff\"\n") == "c.toml: invalid TOML: expected UTF-8 text, got invalid bytes");
  CHECK(parse_config(std::string("{\"model\": \"resnet50\"}\0garbage", 28), "c.json")
            .error()
            .message ==
        "c.json: line 1, column 22: invalid JSON: a NUL byte after the document; expected "
        "nothing more");
  CHECK(parse_config(R"({"set": [["a"]]})", "c.json").error().message ==
        "c.json: set[0]: expected a string, number or boolean, got an array of 1 element");
  CHECK(parse_config(R"({"deadline": null})", "c.json").error().message ==
        "c.json: deadline: expected a string, number, boolean or array of them, got null");
}

TEST_CASE("config: escapes and quoted keys read as TOML says", "[config]") {
  const auto r = parse_config("\"a b\" = \"t\\u00e9\\t\\\"q\\\"\"\nlit = 'c:\\dir'\n", "c.toml");
  REQUIRE(r);
  CHECK((*r)[0].key == "a b");
  CHECK((*r)[0].values[0] == "t\xc3\xa9\t\"q\"");
  CHECK((*r)[1].values[0] == "c:\\dir");
}
