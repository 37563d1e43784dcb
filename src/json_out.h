// JSON and CSV building blocks shared by the result writers (internal).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "fasdl/formats.h"
#include "fasdl/model.h"

namespace fasdl::json_out {

using Json = nlohmann::ordered_json;

// The stable keys of one prediction (docs/formats.md); with an uncertain
// model also "interval" at `confidence` (fasdl/uncertainty.h).
Json prediction(const Model& model, const Prediction& p, double confidence = 0.9);

// CSV header and row of one prediction, without a line end. An infeasible
// prediction has empty cells where it has no figures.
std::string csv_header();
std::string csv_row(const Model& model, const Prediction& p, double confidence = 0.9);

// The same, without the leading workers, memory_mb, aggregators columns.
std::string csv_output_header();
std::string csv_outputs(const Model& model, const Prediction& p, double confidence = 0.9);

// Table emphasis: bold, green (good news) and red (bad news) when colour is on.
std::string bold(std::string_view text, const TextStyle& style);
std::string good(std::string_view text, const TextStyle& style);
std::string bad(std::string_view text, const TextStyle& style);

}  // namespace fasdl::json_out
