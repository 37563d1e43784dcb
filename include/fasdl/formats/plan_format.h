// Formats: how results are written for people (table), programs (JSON) and
// spreadsheets (CSV). Every function returns text; printing is the caller's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fasdl/base/expected.h"
#include "fasdl/base/output_format.h"
#include "fasdl/model/model.h"
#include "fasdl/search/plan.h"

namespace fasdl {

// One prediction. JSON keys (stable): workers, memory_mb, aggregators,
// batch_aggregator, batch_other, iterations, seconds, dollars, feasible,
// reason (only when infeasible), breakdown {train, flatten, upload,
// aggregate, download, sync, iteration} in seconds per iteration, cost
// {function, storage} in dollars. CSV: a header and one row of the same
// fields, the breakdown and cost flattened (breakdown_train, cost_function).
// With an uncertain model (fasdl/uncertainty.h) every format also gives the
// interval at `confidence`: JSON "interval" {confidence, seconds: [low, high],
// dollars: [low, high], method}, CSV seconds_low .. dollars_high, a table line.
// A prediction beyond the profile's measured transfer times says so: JSON
// "extrapolated" {memory, chunk, checkpoint, measured_memory_mb: [min, max]}
// (only then), a table line. Alone (predict), the JSON starts with the keys
// of the context (model, profile, memory_range_mb, measured_memory_mb,
// lifetime_seconds, memory_floor_mb) and the table with a line of them.
std::string format_prediction(const Model& model, const Prediction& p, OutputFormat format,
                              const TextStyle& style = {}, double confidence = 0.9);

// A plan with its baselines and savings. JSON keys (stable): status,
// reason (when infeasible), model, profile, memory_range_mb {min, max,
// step}, measured_memory_mb {min, max}, lifetime_seconds, memory_floor_mb,
// store, objective, constraints
// {deadline_seconds, budget_dollars}, plan (the keys of a prediction, or
// null), search {strategy, evaluated, elapsed_ms}, baselines
// {scatter_reduce, all_reduce} (predictions or null), savings
// {seconds_percent, dollars_percent} against scatter_reduce (or null),
// nearest_miss (when infeasible: a prediction with misses, over_seconds,
// over_dollars) and, for fasdl-heuristic, heuristic {seconds}. With an
// uncertain model the plan also has chance {deadline, budget}: the
// probability of meeting each (fasdl/model/chance.h). The table's first line
// names the model and the profile with its memory range and lifetime. CSV: one row
// per plan with a leading `role` column (plan, scatter_reduce, all_reduce,
// nearest_miss).
std::string format_plan(const Model& model, const PlanReport& report, OutputFormat format,
                        const TextStyle& style = {});

// One batch result as a single JSON line: the keys of format_plan's JSON
// after "id" and "line".
std::string plan_json_line(const Model& model, const PlanReport& report, std::string_view id,
                           long long line);
// A batch line that could not be planned: {"id", "line", "status": "error", "error"}.
std::string error_json_line(std::string_view id, long long line, std::string_view message);

// The Pareto front of `options` (cut by its deadline and budget): JSON
// {model, profile, memory_range_mb, measured_memory_mb, lifetime_seconds,
// memory_floor_mb, constraints, front: [predictions], evaluated,
// elapsed_ms}; CSV one row per plan; the table a line naming the model, the
// profile, its memory range and lifetime, then one line per plan.
std::string format_pareto(const Model& model, const ParetoFront& front,
                          const SearchOptions& options, std::optional<double> elapsed_ms,
                          OutputFormat format);

// "1 h 30 min", "42.5 s": a duration for people.
std::string human_seconds(double seconds);

}  // namespace fasdl
