// The fields of one prediction, as every writer prints them (internal): the
// stable JSON keys and the CSV columns of docs/formats.md, and the breakdown
// object that predictions, runs and validation reports share.
#pragma once

#include <string>

#include "fasdl/model/model.h"
#include "formats/json_fields.h"
#include "formats/json_writer.h"

namespace fasdl::prediction_fields {

using json_out::Json;

// The stable keys of one prediction; with an uncertain model also
// "interval" at `confidence` (fasdl/model/uncertainty.h).
Json json(const Model& model, const Prediction& p, double confidence = 0.9);

// CSV header and row of one prediction, without a line end. An infeasible
// prediction has empty cells where it has no figures.
std::string csv_header();
std::string csv_row(const Model& model, const Prediction& p, double confidence = 0.9);

// The same, without the leading workers, memory_mb, aggregators columns.
std::string csv_output_header();
std::string csv_outputs(const Model& model, const Prediction& p, double confidence = 0.9);

// {train, flatten, upload, aggregate, download, sync, iteration}, seconds.
Json breakdown_json(const Breakdown& b);
// The same object read back: every part a non-negative number, no other key.
Breakdown read_breakdown(const json_fields::Fields& object);

}  // namespace fasdl::prediction_fields
