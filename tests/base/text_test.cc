// Internal text helpers (src/text.h).
#include "base/text.h"

#include <catch2/catch.hpp>
#include <string>

using fasdl::text::utf8;

TEST_CASE("text: utf8 accepts well-formed UTF-8", "[text]") {
  CHECK(utf8(""));
  CHECK(utf8("plain ascii"));
  CHECK(utf8("r\xc3\xa9sum\xc3\xa9"));          // é
  CHECK(utf8("\xe2\x82\xac"));                  // €
  CHECK(utf8("\xf0\x9f\x98\x80"));              // U+1F600
  CHECK(utf8("\xf4\x8f\xbf\xbf"));              // U+10FFFF
  CHECK(utf8(std::string("nul\0inside", 10)));  // NUL is a character
}

TEST_CASE("text: utf8 refuses stray, truncated, overlong and out-of-range sequences", "[text]") {
  CHECK_FALSE(utf8("\xff"));
  CHECK_FALSE(utf8("\x80"));              // a continuation byte alone
  CHECK_FALSE(utf8("caf\xc3"));           // truncated at the end
  CHECK_FALSE(utf8("\xc3("));             // a lead without its continuation
  CHECK_FALSE(utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(utf8("\xe0\x80\xaf"));      // overlong, three bytes
  CHECK_FALSE(utf8("\xed\xa0\x80"));      // a surrogate, U+D800
  CHECK_FALSE(utf8("\xf4\x90\x80\x80"));  // U+110000
  CHECK_FALSE(utf8("\xf5\x80\x80\x80"));  // a lead beyond U+10FFFF
}
