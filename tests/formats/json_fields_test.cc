// The strict JSON reader against hostile documents: every failure is one
// printable line that names the file and the JSON path or position.
#include "formats/json_fields.h"

#include <catch2/catch.hpp>
#include <string>

#include "base/text.h"

using fasdl::json_fields::FieldError;
using fasdl::json_fields::Fields;
using fasdl::json_fields::parse_document;
using fasdl::json_fields::Range;

namespace {

// The message parse_document throws for `text`, or "" when it parses.
std::string parse_error(const std::string& text) {
  try {
    parse_document(text, "d.json");
  } catch (const FieldError& e) {
    return e.what();
  }
  return "";
}

// The message of reading `key` of the root object as a string.
std::string string_error(const std::string& text, const std::string& key) {
  try {
    Fields(parse_document(text, "d.json"), "d.json", "").string(key);
  } catch (const FieldError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("json_fields: a truncated document names the line and column", "[json_fields]") {
  CHECK(parse_error("{\"a\": [1,\n  2") ==
        "d.json: line 2, column 4: invalid JSON: unexpected end of input; expected ']'");
  CHECK(parse_error("{\"a\" 1}") ==
        "d.json: line 1, column 6: invalid JSON: unexpected number literal; expected ':'");
}

TEST_CASE("json_fields: the token a parse error quotes is shortened whatever it holds",
          "[json_fields]") {
  // Found by fuzz_profile_json: a token holding "'; expected " was cut there
  // and 2 kB of it reached the message.
  const std::string token = "\"x'; expected " + std::string(2000, 'Q');
  CHECK(parse_error("{\"a\": " + token) ==
        "d.json: line 1, column 2021: invalid JSON: invalid string: missing closing quote; last "
        "read: \"\\\"x'; expected QQQQQQQQQQQQQQQQQQQQQQQQQQ...\"");
  CHECK(
      parse_error("[1] x'; expected end of input") ==
      "d.json: line 1, column 5: invalid JSON: invalid literal; last read: \"1] x\"; expected end "
      "of input");
}

TEST_CASE("json_fields: an empty or blank document says so", "[json_fields]") {
  CHECK(parse_error("") == "d.json: empty file; expected a JSON object");
  CHECK(parse_error("\xEF\xBB\xBF \r\n\t\n") == "d.json: empty file; expected a JSON object");
}

TEST_CASE("json_fields: a number beyond double's range is named by its JSON path",
          "[json_fields]") {
  CHECK(parse_error("{\"compute\": {\"a\": 1e999}}") ==
        "d.json: compute.a: expected a finite number, got 1e999 (out of range)");
  CHECK(parse_error("{\"p\": [1, [2, -1e400]]}") ==
        "d.json: p[1][1]: expected a finite number, got -1e400 (out of range)");
  CHECK(parse_error("[1e400]") ==
        "d.json: [0]: expected a finite number, got 1e400 (out of range)");
}

TEST_CASE("json_fields: NaN and Infinity are not JSON", "[json_fields]") {
  CHECK(parse_error("{\"a\": NaN}") ==
        "d.json: line 1, column 7: invalid JSON: invalid literal; last read: \"\\\"a\\\": N\"");
  CHECK(parse_error("{\"a\": -Infinity}") ==
        "d.json: line 1, column 8: invalid JSON: invalid number; expected digit after '-'; last "
        "read: \"-I\"");
}

TEST_CASE("json_fields: control characters and invalid UTF-8 in a parse error are escaped",
          "[json_fields]") {
  CHECK(parse_error("{\"a\": \"x\xC3(\"}") ==
        "d.json: line 1, column 10: invalid JSON: invalid string: ill-formed UTF-8 byte; last "
        "read: \"\\\"x\\xc3(\"");
  const std::string control = parse_error("{\"a\": \"x\ny\"}");
  CHECK(control.find('\n') == std::string::npos);
  CHECK(control.rfind("d.json: line 2, column 0: invalid JSON: invalid string: control character "
                      "U+000A (LF) must be escaped",
                      0) == 0);
}

TEST_CASE("json_fields: a hundred thousand nested arrays are refused at depth 64",
          "[json_fields]") {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  std::string path;
  for (int i = 0; i < 64; ++i)
    path += "[0]";
  CHECK(parse_error(deep) == "d.json: " + path +
                                 ": nested deeper than 64 levels; expected a fasdl document (they "
                                 "nest at most 5)");
  std::string objects;
  for (int i = 0; i < 100'000; ++i)
    objects += "{\"k\":";
  CHECK(parse_error(objects).find("nested deeper than 64 levels") != std::string::npos);
  // 64 levels are fine.
  CHECK(parse_error(std::string(64, '[') + std::string(64, ']')) == "");
}

TEST_CASE("json_fields: bytes after a NUL are not ignored: a NUL is not the end of a document",
          "[json_fields]") {
  CHECK(parse_error(std::string("{\"a\": 1}\0garbage", 16)) ==
        "d.json: line 1, column 9: invalid JSON: a NUL byte after the document; expected nothing "
        "more");
  CHECK(parse_error(std::string("{\"a\":\n 1}\n\0", 12)) ==
        "d.json: line 3, column 1: invalid JSON: a NUL byte after the document; expected nothing "
        "more");
}

TEST_CASE("json_fields: a duplicate key is named by its path, inside arrays too", "[json_fields]") {
  CHECK(parse_error("{\"a\": [{\"b\": 1}, {\"b\": 1, \"b\": 2}]}") ==
        "d.json: a[1].b: duplicate key; expected each key once");
}

TEST_CASE("json_fields: keys that are not plain are quoted in paths", "[json_fields]") {
  try {
    const auto document = parse_document("{\"a\\nb\": 1, \"c\": 2}", "d.json");
    Fields f(document, "d.json", "");
    f.number("c", Range::kFinite);
    f.finish();
    FAIL("finish() accepted an unknown key");
  } catch (const FieldError& e) {
    CHECK(std::string(e.what()) == "d.json: \"a\\x0ab\": unknown key; expected one of: c");
  }
}

TEST_CASE("json_fields: strings with control characters or line separators are refused",
          "[json_fields]") {
  const std::string expected =
      "d.json: name: expected a one-line string without control characters, got ";
  CHECK(string_error("{\"name\": \"a\\u0007b\"}", "name") == expected + "\"a\\x07b\"");
  CHECK(string_error("{\"name\": \"a\\tb\"}", "name") == expected + "\"a\\x09b\"");
  CHECK(string_error("{\"name\": \"a\\u0085b\"}", "name") == expected + "\"a\\xc2\\x85b\"");
  CHECK(string_error("{\"name\": \"a\\u2028b\"}", "name") == expected + "\"a\\xe2\\x80\\xa8b\"");
  CHECK(string_error("{\"name\": \"r\\u00e9sum\\u00e9 \\u20ac\"}", "name") == "");
}

TEST_CASE("text: one_line accepts UTF-8 text and refuses controls and separators", "[text]") {
  CHECK(fasdl::text::one_line("plain ASCII, with punctuation!"));
  CHECK(fasdl::text::one_line("r\xC3\xA9sum\xC3\xA9 \xE2\x82\xAC"));
  CHECK_FALSE(fasdl::text::one_line("a\rb"));
  CHECK_FALSE(fasdl::text::one_line(std::string("a\0b", 3)));
  CHECK_FALSE(fasdl::text::one_line("a\x7f"));
  CHECK_FALSE(fasdl::text::one_line("a\xC2\x9F"));
  CHECK_FALSE(fasdl::text::one_line("a\xE2\x80\xA9"));
}
