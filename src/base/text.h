// Small text helpers shared by the CSV and option parsers (internal).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"

namespace fasdl::text {

std::string_view trim(std::string_view s);

// Drops a leading UTF-8 byte-order mark.
std::string_view strip_bom(std::string_view s);

// Splits on '\n', dropping a trailing '\r' from each line; line numbers are
// the index + 1.
std::vector<std::string_view> lines(std::string_view s);

std::vector<std::string_view> split(std::string_view s, char sep);

// The whole of `s` (after trimming) as a finite double, or nothing.
std::optional<double> to_double(std::string_view s);
// The whole of `s` (after trimming) as an integer in long long range, or nothing.
std::optional<long long> to_integer(std::string_view s);

// A CSV cell `memory_mb`: a whole number of MB from 1 to 1000000, or an error
// that names `where` (the file and line).
Expected<int> memory_mb_cell(std::string_view cell, std::string_view where);

// True when the UTF-8 text `s` has no control characters (C0, DEL, C1) and no
// line or paragraph separator (U+2028, U+2029): names, descriptions and
// paths that end up in one-line messages and tables.
bool one_line(std::string_view s);

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code
// points beyond U+10FFFF), which JSON strings must be.
bool utf8(std::string_view s);

// `s` quoted and shortened for an error message: "abc", "a very lo…".
std::string quoted(std::string_view s, std::size_t max_chars = 40);

// Shortest text that reads back as the same double ("0.1", "1e-08").
std::string number(double v);

}  // namespace fasdl::text
