// JSON and CSV building blocks shared by the result writers (internal).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "fasdl/model.h"

namespace fasdl::json_out {

using Json = nlohmann::ordered_json;

// The stable keys of one prediction (docs/formats.md).
Json prediction(const Model& model, const Prediction& p);

// The document indented by two, with a line end; invalid UTF-8 in a name
// becomes U+FFFD instead of an exception.
inline std::string dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

// CSV header and row of one prediction, without a line end.
std::string csv_header();
std::string csv_row(const Model& model, const Prediction& p);

}  // namespace fasdl::json_out
