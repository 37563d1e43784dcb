#include "fasdl/formats/plan_request.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "fasdl/base/units.h"
#include "formats/json_fields.h"

namespace fasdl {

namespace {

using json_fields::Fields;

// A duration or an amount: a number, or a string in the units' syntax.
template <class Parse>
double quantity(Fields& f, std::string_view key, Parse parse, std::string_view expected,
                bool zero_allowed) {
  const nlohmann::json* v = f.optional(key);
  if (v->is_number()) {
    const double d = v->get<double>();
    if (std::isfinite(d) && (d > 0 || (zero_allowed && d == 0))) return d + 0.0;  // -0 is 0
  } else if (v->is_string()) {
    if (auto parsed = parse(v->get<std::string>())) return *parsed;
  }
  f.fail(key, expected);
}

}  // namespace

std::vector<std::string> split_stores(std::string_view list) {
  std::vector<std::string> out;
  for (const auto s : text::split(list, ',')) {
    if (!text::trim(s).empty()) out.emplace_back(text::trim(s));
  }
  return out;
}

Expected<PlanRequest> parse_plan_request(std::string_view json, std::string_view origin,
                                         const PlanRequest& base) {
  try {
    const nlohmann::json doc = json_fields::parse_document(json, origin);
    Fields f(doc, std::string(origin), "");
    PlanRequest r = base;
    r.id = f.optional_string("id").value_or("");
    r.model = base.model.empty() || f.has("model") ? f.string("model") : base.model;
    // An empty name would be reported later as a missing option or file.
    if (text::trim(r.model).empty()) f.fail("model", "a catalog name or a workload JSON file");
    r.profile = f.optional_string("profile").value_or(r.profile);
    if (text::trim(r.profile).empty()) f.fail("profile", "a catalog name or a profile JSON file");
    if (f.has("deadline")) {
      r.deadline_seconds = quantity(f, "deadline", parse_duration,
                                    "a positive duration such as 5400 or \"90m\"", false);
    }
    if (f.has("budget")) {
      r.budget_dollars = quantity(f, "budget", parse_money,
                                  "a non-negative amount of dollars such as 5 or \"$5\"", true);
    }
    if (const auto o = f.optional_string("objective")) {
      const auto objective = objective_from_string(*o);
      if (!objective) f.fail("objective", "\"cost\" or \"time\"");
      r.objective = *objective;
    }
    if (const auto s = f.optional_string("search")) {
      const auto strategy = strategy_from_string(*s);
      if (!strategy) f.fail("search", "\"exact\", \"fasdl-heuristic\" or \"exhaustive\"");
      r.strategy = *strategy;
    }
    const auto memory = [&](std::string_view key) -> std::optional<int> {
      const auto v = f.optional_integer(key, 1, 1'000'000);
      return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
    };
    if (auto v = memory("memory_min")) r.memory_min = v;
    if (auto v = memory("memory_max")) r.memory_max = v;
    if (auto v = memory("memory_step")) r.memory_step = v;
    if (auto v = f.optional_integer("workers_max", 1, 10'000'000))
      r.workers_max = static_cast<int>(*v);
    if (auto v = f.optional_number("confidence", json_fields::Range::kPositive)) r.confidence = v;
    // "stores", as --stores; "store" is its old name (fasdl-plan says so once, unless -q).
    if (f.has("store") && f.has("stores")) f.fail("store", "no \"store\" next to \"stores\"");
    const std::string store_key = f.has("store") ? "store" : "stores";
    if (const auto stores = f.optional_string(store_key)) {
      r.stores = split_stores(*stores);
      r.old_store_key = store_key == "store";
      if (r.stores.empty()) {
        f.fail(store_key, "store names separated by commas such as \"s3,redis\"");
      }
    }
    if (const auto set = f.optional_object("set")) {
      // As on the command line: null removes the key (switching an optional term off).
      for (const auto& [key, value] : doc.at("set").items()) {
        if (value.is_object() || value.is_array()) {
          json_fields::fail_at(origin, set->path_of(key), "a number, a string, true, false or null",
                               &value);
        }
        r.settings.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
      }
    }
    f.finish();
    return r;
  } catch (const json_fields::FieldError& e) {
    return Error{e.what()};
  }
}

std::vector<BatchLine> parse_batch(std::string_view text, std::string_view origin,
                                   const PlanRequest& base) {
  std::vector<BatchLine> out;
  const auto lines = text::lines(text::strip_bom(text));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (text::trim(lines[i]).empty()) continue;
    const auto n = static_cast<long long>(i + 1);
    auto request = parse_plan_request(lines[i], fmt::format("{}:{}", origin, n), base);
    std::string id = request ? request->id : "";
    if (!request) {
      // The id of a line that failed, from the top level alone: a line of a hundred thousand
      // nested arrays must not be built again without the depth limit.
      const nlohmann::json::parser_callback_t top_level =
          [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) { return depth <= 1; };
      const auto doc = nlohmann::json::parse(lines[i], top_level, false);
      if (doc.is_object() && doc.contains("id") && doc["id"].is_string()) id = doc["id"];
    }
    out.push_back({n, std::move(request), std::move(id)});
  }
  return out;
}

Expected<SearchOptions> search_options(const Model& model, const PlanRequest& r) {
  SearchOptions s;
  s.strategy = r.strategy;
  s.deadline_seconds = r.deadline_seconds;
  s.budget_dollars = r.budget_dollars;
  s.objective = r.objective.value_or(s.budget_dollars && !s.deadline_seconds ? Objective::kTime
                                                                             : Objective::kCost);
  s.memory = profile_grid(model);
  if (r.memory_min) s.memory.min_mb = *r.memory_min;
  if (r.memory_max) s.memory.max_mb = *r.memory_max;
  if (r.memory_step) s.memory.step_mb = *r.memory_step;
  s.max_workers = r.workers_max;
  s.threads = r.jobs;
  s.runners_up = r.runners_up;
  s.confidence = r.confidence;
  if (auto error = check_options(model, s)) return *error;
  return s;
}

}  // namespace fasdl
