// Writing JSON documents (internal): the ordered document type every writer
// builds, and its three layouts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace fasdl::json_out {

using Json = nlohmann::ordered_json;

// `j` with every -0.0 written as 0 (a price given as -0 must not print as
// -0.0). The writers below apply it; our documents nest a few levels.
Json without_negative_zeros(Json j);

// The document indented by two, with a line end; invalid UTF-8 in a name
// becomes U+FFFD instead of an exception.
inline std::string dump(const Json& j) {
  return without_negative_zeros(j).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

// The document on one line, with a line end (batch results); invalid UTF-8
// becomes U+FFFD instead of an exception.
inline std::string dump_line(const Json& j) {
  return without_negative_zeros(j).dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

// `j` indented by two, arrays of numbers on one line ([size, seconds]
// points, covariance rows); invalid UTF-8 becomes U+FFFD. With a line end.
std::string pretty(const Json& j);

}  // namespace fasdl::json_out
