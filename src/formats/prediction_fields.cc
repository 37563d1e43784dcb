#include "formats/prediction_fields.h"

#include <fmt/format.h>

#include "fasdl/model/uncertainty.h"

namespace fasdl::prediction_fields {

Json json(const Model& model, const Prediction& p, double confidence) {
  Json j;
  j["workers"] = p.config.workers;
  j["memory_mb"] = p.config.memory_mb;
  j["aggregators"] = p.config.aggregators;
  j["batch_aggregator"] = p.batch_aggregator;
  j["batch_other"] = p.batch_other;
  j["feasible"] = p.feasible();
  if (!p.feasible()) {
    // No figures rather than zeros that a script could mistake for a bargain.
    j["reason"] = model.explain(p);
    for (const char* key : {"iterations", "seconds", "dollars", "breakdown", "cost"})
      j[key] = nullptr;
    return j;
  }
  j["iterations"] = p.iterations;
  j["seconds"] = p.seconds;
  j["dollars"] = p.dollars;
  if (p.negative_transfer) j["negative_transfer"] = true;
  const Breakdown& b = p.breakdown;
  j["breakdown"] = breakdown_json(b);
  j["cost"] = {{"function", p.cost.function}, {"storage", p.cost.storage}};
  // Today's platform terms add keys only where they are on (fasdl/platform.h).
  const Platform& platform = model.profile().platform;
  if (platform.invocations) j["cost"]["invocations"] = p.cost.invocations;
  if (platform.store_hourly_price > 0) j["cost"]["store"] = p.cost.store;
  if (platform.lifetime) j["relaunches"] = p.relaunches;
  if (const Extrapolation e = model.extrapolation(p); e.any()) {
    j["extrapolated"] = {{"memory", e.memory},
                         {"chunk", e.chunk},
                         {"checkpoint", e.checkpoint},
                         {"measured_memory_mb", {e.measured_min_mb, e.measured_max_mb}}};
  }
  if (has_uncertainty(model)) {
    // A spread beyond a double has no interval to print (docs/formats.md).
    if (const PredictionInterval i = interval(model, p, confidence); i.bounded()) {
      j["interval"] = {{"confidence", confidence},
                       {"seconds", {i.seconds_low, i.seconds_high}},
                       {"dollars", {i.dollars_low, i.dollars_high}},
                       {"method", "first-order"}};
    }
  }
  return j;
}

void add_context(Json& j, const Model& model) {
  const Profile& profile = model.profile();
  const TransferTable::MeasuredRange measured = profile.transfers.measured_memory();
  j["model"] = model.workload().name;
  j["profile"] = profile.name;
  j["memory_range_mb"] = {{"min", profile.memory.min_mb},
                          {"max", profile.memory.max_mb},
                          {"step", profile.memory.step_mb}};
  j["measured_memory_mb"] = {{"min", measured.min_mb}, {"max", measured.max_mb}};
  j["lifetime_seconds"] =
      profile.platform.lifetime ? Json(profile.platform.lifetime->seconds) : Json(nullptr);
  j["memory_floor_mb"] =
      model.memory_floor_mb() > 0 ? Json(model.memory_floor_mb()) : Json(nullptr);
}

std::string context_line(const Model& model) {
  const Profile& profile = model.profile();
  const MemoryRange& r = profile.memory;
  return fmt::format("{} on {} ({}..{} MB by {} MB, {})", model.workload().name, profile.name,
                     r.min_mb, r.max_mb, r.step_mb,
                     profile.platform.lifetime
                         ? fmt::format("lifetime {:g} s", profile.platform.lifetime->seconds)
                         : std::string("no lifetime"));
}

std::string csv_output_header() {
  return "batch_aggregator,batch_other,feasible,iterations,seconds,dollars,breakdown_train,"
         "breakdown_flatten,breakdown_upload,breakdown_aggregate,breakdown_download,breakdown_sync,"
         "breakdown_iteration,cost_function,cost_storage,seconds_low,seconds_high,dollars_low,"
         "dollars_high,reason";
}

std::string csv_header() {
  return "workers,memory_mb,aggregators," + csv_output_header();
}

std::string csv_outputs(const Model& model, const Prediction& p, double confidence) {
  if (!p.feasible()) {
    std::string reason = model.explain(p);
    for (char& c : reason) {
      if (c == ',' || c == '"') c = ';';
    }
    return fmt::format("{},{},false,,,,,,,,,,,,,,,,,{}", p.batch_aggregator, p.batch_other, reason);
  }
  const Breakdown& b = p.breakdown;
  std::string range = ",,,";
  if (has_uncertainty(model)) {
    if (const PredictionInterval i = interval(model, p, confidence); i.bounded()) {
      range =
          fmt::format("{},{},{},{}", i.seconds_low, i.seconds_high, i.dollars_low, i.dollars_high);
    }
  }
  return fmt::format("{},{},true,{},{},{},{},{},{},{},{},{},{},{},{},{},{}", p.batch_aggregator,
                     p.batch_other, p.iterations, p.seconds, p.dollars, b.train, b.flatten,
                     b.upload, b.aggregate, b.download, b.sync, b.iteration, p.cost.function,
                     p.cost.storage, range,
                     p.negative_transfer ? "negative extrapolated transfer time" : "");
}

std::string csv_row(const Model& model, const Prediction& p, double confidence) {
  return fmt::format("{},{},{},{}", p.config.workers, p.config.memory_mb, p.config.aggregators,
                     csv_outputs(model, p, confidence));
}

Json breakdown_json(const Breakdown& b) {
  Json j = Json::object();
  for (const auto& [name, part] : kBreakdownParts)
    j[std::string(name)] = b.*part;
  return j;
}

Breakdown read_breakdown(const json_fields::Fields& object) {
  Breakdown b;
  json_fields::Fields f = object;
  for (const auto& [name, part] : kBreakdownParts) {
    b.*part = f.number(name, json_fields::Range::kNonNegative);
  }
  f.finish();
  return b;
}

}  // namespace fasdl::prediction_fields
