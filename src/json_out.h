// JSON and CSV building blocks shared by the result writers (internal).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "fasdl/formats.h"
#include "fasdl/model.h"

namespace fasdl::json_out {

using Json = nlohmann::ordered_json;

// The stable keys of one prediction (docs/formats.md); with an uncertain
// model also "interval" at `confidence` (fasdl/uncertainty.h).
Json prediction(const Model& model, const Prediction& p, double confidence = 0.9);

// The document indented by two, with a line end; invalid UTF-8 in a name
// becomes U+FFFD instead of an exception.
inline std::string dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

// The document on one line, with a line end (batch results); invalid UTF-8
// becomes U+FFFD instead of an exception.
inline std::string dump_line(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

// CSV header and row of one prediction, without a line end. An infeasible
// prediction has empty cells where it has no figures.
std::string csv_header();
std::string csv_row(const Model& model, const Prediction& p, double confidence = 0.9);

// The same, without the leading workers, memory_mb, aggregators columns.
std::string csv_output_header();
std::string csv_outputs(const Model& model, const Prediction& p, double confidence = 0.9);

// `j` indented by two, arrays of numbers on one line ([size, seconds]
// points, covariance rows); invalid UTF-8 becomes U+FFFD. With a line end.
std::string pretty(const Json& j);

// Table emphasis: bold, green (good news) and red (bad news) when colour is on.
std::string bold(std::string_view text, const TextStyle& style);
std::string good(std::string_view text, const TextStyle& style);
std::string bad(std::string_view text, const TextStyle& style);

}  // namespace fasdl::json_out
