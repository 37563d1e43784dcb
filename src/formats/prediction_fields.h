// The fields of one prediction, as every writer prints them (internal): the
// stable JSON keys and the CSV columns of docs/formats.md, and the breakdown
// object that predictions, runs and validation reports share.
#pragma once

#include <string>

#include "fasdl/base/output_format.h"
#include "fasdl/model/chance.h"
#include "fasdl/model/model.h"
#include "formats/json_fields.h"
#include "formats/json_writer.h"

namespace fasdl::prediction_fields {

using json_out::Json;

// The stable keys of one prediction; with an uncertain model also
// "interval" at `confidence` (fasdl/model/uncertainty.h).
Json json(const Model& model, const Prediction& p, double confidence = 0.9);

// The context of a result: "model", "profile", "memory_range_mb" {min, max,
// step}, "measured_memory_mb" {min, max} (the profile's measured transfer
// columns), "lifetime_seconds" (null without a lifetime) and
// "memory_floor_mb" (null without a floor), added to `j` in that order.
void add_context(Json& j, const Model& model);

// The same in one line for tables: "resnet50 on aws-lambda (128..10240 MB by
// 1 MB, lifetime 900 s)".
std::string context_line(const Model& model);

// The table of one prediction (fasdl/formats/plan_format.h); with `chances`
// also how likely it meets the constraints.
std::string table(const Model& model, const Prediction& p, const TextStyle& style,
                  double confidence, const Chances* chances = nullptr);

// "Memory floor    2564 MB: how it is made" with a line end, or "" without a floor.
std::string floor_line(const Model& model);

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
