// Messages: untrusted text made one printable line (fasdl/base/message.h).
#include "fasdl/base/message.h"

#include <catch2/catch.hpp>
#include <string>

using fasdl::one_line;

TEST_CASE("message: printable text, UTF-8 included, stays as it is", "[message]") {
  CHECK(one_line("p.json: line 3: expected a number") == "p.json: line 3: expected a number");
  CHECK(one_line("r\xc3\xa9sum\xc3\xa9 \xe2\x82\xac") == "r\xc3\xa9sum\xc3\xa9 \xe2\x82\xac");
  CHECK(one_line("") == "");
}

TEST_CASE("message: control characters, separators and stray bytes are escaped", "[message]") {
  // An escape sequence, a bell, a line break: none reaches the terminal as it is.
  CHECK(one_line("a\x1b[31mred\x07\nb\tc\x7f") == "a\\x1b[31mred\\x07\\nb\\tc\\x7f");
  CHECK(one_line(std::string("nul\0", 4)) == "nul\\x00");
  CHECK(one_line("\xc2\x85 next line, \xe2\x80\xa8 and \xe2\x80\xa9") ==
        "\\u0085 next line, \\u2028 and \\u2029");
  CHECK(one_line("\xff\xfe ok \xc3") == "\\xff\\xfe ok \\xc3");
  CHECK(one_line("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // a surrogate is not UTF-8
}

TEST_CASE("message: long text is cut at a character, with ...", "[message]") {
  const std::string big(100'000, 'x');
  const std::string cut = one_line(big);
  CHECK(cut.size() == fasdl::kMaxMessageBytes + 3);
  CHECK(cut.substr(cut.size() - 3) == "...");
  CHECK(one_line("ab\xc3\xa9", 3) == "ab...");  // never half of the two bytes of é
  CHECK(one_line("a\nb", 2) == "a...");         // nor half of an escape
  CHECK(one_line("abc", 3) == "abc");
}
