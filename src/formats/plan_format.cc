// Writers of plan reports and Pareto fronts (declared in fasdl/formats.h).
#include "fasdl/formats/plan_format.h"

#include <fmt/format.h>

#include "fasdl/base/output_format.h"
#include "fasdl/model/chance.h"
#include "fasdl/model/uncertainty.h"
#include "formats/prediction_fields.h"

namespace fasdl {

namespace {

using json_out::Json;

// The confidence of a report's intervals: the plan's own, else 0.9.
double confidence_of(const PlanReport& r) {
  return r.options.confidence.value_or(0.9);
}

Json optional_prediction(const Model& model, const std::optional<Prediction>& p,
                         double confidence) {
  return p ? prediction_fields::json(model, *p, confidence) : Json(nullptr);
}

Json constraints_json(const SearchOptions& o) {
  return {{"deadline_seconds", o.deadline_seconds ? Json(*o.deadline_seconds) : Json(nullptr)},
          {"budget_dollars", o.budget_dollars ? Json(*o.budget_dollars) : Json(nullptr)}};
}

Json plan_json(const Model& model, const PlanReport& r) {
  const SearchSummary& s = r.summary;
  Json j;
  j["status"] = to_string(s.status);
  if (s.status == SearchStatus::kInfeasible) j["reason"] = s.reason;
  prediction_fields::add_context(j, model);
  j["store"] = model.profile().platform.store;
  j["objective"] = to_string(r.options.objective);
  j["constraints"] = constraints_json(r.options);
  j["plan"] = s.status == SearchStatus::kOk ? optional_prediction(model, s.plan, confidence_of(r))
                                            : Json(nullptr);
  if (s.status == SearchStatus::kOk && has_uncertainty(model)) {
    // How likely the plan meets its constraints (fasdl/model/chance.h).
    const Chances c = chances(model, *s.plan, r.options.deadline_seconds, r.options.budget_dollars);
    if (c.deadline || c.budget) {
      Json chance = Json::object();
      if (c.deadline) chance["deadline"] = *c.deadline;
      if (c.budget) chance["budget"] = *c.budget;
      j["plan"]["chance"] = chance;
    }
  }
  j["search"] = {{"strategy", to_string(r.options.strategy)},
                 {"evaluated", s.evaluated},
                 {"elapsed_ms", r.elapsed_ms ? Json(*r.elapsed_ms) : Json(nullptr)}};
  j["baselines"] = {
      {"scatter_reduce", optional_prediction(model, r.scatter_reduce, confidence_of(r))},
      {"all_reduce", optional_prediction(model, r.all_reduce, confidence_of(r))}};
  j["savings"] = r.savings ? Json{{"seconds_percent", r.savings->seconds_percent},
                                  {"dollars_percent", r.savings->dollars_percent}}
                           : Json(nullptr);
  if (r.nearest_miss) {
    Json miss = prediction_fields::json(model, r.nearest_miss->plan, confidence_of(r));
    miss["misses"] = r.nearest_miss->misses;
    miss["over_seconds"] = r.nearest_miss->over_seconds;
    miss["over_dollars"] = r.nearest_miss->over_dollars;
    j["nearest_miss"] = miss;
  }
  if (!r.stores.empty()) {
    Json stores = Json::array();
    for (const StoreChoice& c : r.stores) {
      Json one = {{"store", c.store}, {"status", c.plan ? "ok" : "infeasible"}};
      if (c.plan) {
        one["seconds"] = c.plan->seconds;
        one["dollars"] = c.plan->dollars;
      }
      stores.push_back(one);
    }
    j["stores"] = stores;
  }
  if (r.options.runners_up > 0) {
    // --explain: what holds the plan and each runner-up where it is.
    if (s.status == SearchStatus::kOk) j["plan"]["binding"] = bindings(model, r.options, *s.plan);
    Json runners = Json::array();
    for (const Prediction& p : s.runners_up) {
      Json one = prediction_fields::json(model, p, confidence_of(r));
      one["binding"] = bindings(model, r.options, p);
      runners.push_back(one);
    }
    j["runners_up"] = runners;
  }
  if (s.heuristic_seconds) {
    j["heuristic"] = {{"seconds", *s.heuristic_seconds},
                      {"plan", optional_prediction(model, s.plan, confidence_of(r))}};
  }
  return j;
}

std::string plan_csv(const Model& model, const PlanReport& r) {
  std::string out = "role," + prediction_fields::csv_header() + "\n";
  const auto row = [&](std::string_view role, const std::optional<Prediction>& p) {
    if (p)
      out += fmt::format("{},{}\n", role, prediction_fields::csv_row(model, *p, confidence_of(r)));
  };
  if (r.summary.status == SearchStatus::kOk) row("plan", r.summary.plan);
  row("scatter_reduce", r.scatter_reduce);
  row("all_reduce", r.all_reduce);
  if (r.nearest_miss) row("nearest_miss", r.nearest_miss->plan);
  return out;
}

std::string constraint_text(const SearchOptions& o, bool with_objective = true) {
  std::string out;
  if (o.deadline_seconds) out += fmt::format("deadline {}", human_seconds(*o.deadline_seconds));
  if (o.budget_dollars)
    out += fmt::format("{}budget ${:.2f}", out.empty() ? "" : ", ", *o.budget_dollars);
  if (out.empty()) out = "no deadline or budget";
  if (!with_objective) return out;
  return out + (o.objective == Objective::kCost ? "; cheapest plan" : "; fastest plan");
}

std::string comparison_row(std::string_view name, const std::optional<Prediction>& p) {
  if (!p) return fmt::format("  {:<16} {:>12} {:>11}\n", name, "none", "-");
  return fmt::format("  {:<16} {:>12.1f} {:>11.4f} {:>6} {:>7} {:>5}\n", name, p->seconds,
                     p->dollars, p->config.workers, p->config.memory_mb, p->config.aggregators);
}

std::string plan_table(const Model& model, const PlanReport& r, const TextStyle& style) {
  const SearchSummary& s = r.summary;
  std::string out = bold(fmt::format("fasdl plan: {}, {}", prediction_fields::context_line(model),
                                     constraint_text(r.options)),
                         style) +
                    "\n" + prediction_fields::floor_line(model);
  out += fmt::format("Search: {}, {} configurations evaluated{}\n\n", to_string(r.options.strategy),
                     s.evaluated, r.elapsed_ms ? fmt::format(" in {:.1f} ms", *r.elapsed_ms) : "");
  if (!r.stores.empty()) {
    out += "Stores          ";
    for (std::size_t i = 0; i < r.stores.size(); ++i) {
      const StoreChoice& c = r.stores[i];
      out += fmt::format(
          "{}{}: {}{}", i > 0 ? ", " : "", c.store,
          c.plan ? fmt::format("${:.4f} in {:.0f} s", c.plan->dollars, c.plan->seconds) : "no plan",
          c.store == model.profile().platform.store ? " (chosen)" : "");
    }
    out += "\n";
  }
  if (s.status == SearchStatus::kOk) {
    const Chances c = has_uncertainty(model) ? chances(model, *s.plan, r.options.deadline_seconds,
                                                       r.options.budget_dollars)
                                             : Chances{};
    out += prediction_fields::table(model, *s.plan, style, confidence_of(r), &c);
  } else {
    out += fmt::format("{} {}\n", bad("No plan:", style), s.reason);
    if (s.plan) {
      out += "\nThe heuristic's own plan (it fails its check):\n";
      out += prediction_fields::table(model, *s.plan, style, confidence_of(r));
    }
    if (r.nearest_miss) {
      const NearestMiss& m = *r.nearest_miss;
      out +=
          m.misses == "deadline"
              ? fmt::format(
                    "\nNearest miss: the fastest plan takes {:.1f} s, {:.1f} s over the deadline\n",
                    m.plan.seconds, m.over_seconds)
              : fmt::format(
                    "\nNearest miss: the cheapest plan costs ${:.4f}, ${:.4f} over the budget\n",
                    m.plan.dollars, m.over_dollars);
      out += prediction_fields::table(model, m.plan, style, confidence_of(r));
    }
  }
  out += bold(fmt::format("\n{:<18} {:>12} {:>11} {:>6} {:>7} {:>5}", "Compared with", "seconds",
                          "dollars", "W", "M (MB)", "K"),
              style) +
         "\n";
  if (s.status == SearchStatus::kOk) out += comparison_row("this plan", s.plan);
  out += comparison_row("ScatterReduce", r.scatter_reduce);
  out += comparison_row("AllReduce", r.all_reduce);
  if (r.savings) {
    out += good(fmt::format("Against ScatterReduce: {:.1f}% of the time and {:.1f}% of the dollars "
                            "saved.",
                            r.savings->seconds_percent, r.savings->dollars_percent),
                style) +
           "\n";
  }
  if (r.options.runners_up > 0 && s.status == SearchStatus::kOk) {
    out += bold("\nWhy this plan: what holds each of the best plans where it is", style) + "\n";
    const auto explained = [&](std::string_view rank, const Prediction& p) {
      out += fmt::format("  {:<4} {:>10.1f} s {:>9.4f} $  W={:<4} M={:<5} K={:<4} A={}\n", rank,
                         p.seconds, p.dollars, p.config.workers, p.config.memory_mb,
                         p.config.aggregators, p.batch_other);
      for (const std::string& b : bindings(model, r.options, p))
        out += fmt::format("       - {}\n", b);
    };
    explained("1", *s.plan);
    for (std::size_t i = 0; i < s.runners_up.size(); ++i) {
      explained(fmt::format("{}", i + 2), s.runners_up[i]);
    }
  }
  return out;
}

}  // namespace

std::string format_plan(const Model& model, const PlanReport& report, OutputFormat format,
                        const TextStyle& style) {
  switch (format) {
    case OutputFormat::kJson:
      return json_out::dump(plan_json(model, report));
    case OutputFormat::kCsv:
      return plan_csv(model, report);
    case OutputFormat::kTable:
      break;
  }
  return plan_table(model, report, style);
}

std::string plan_json_line(const Model& model, const PlanReport& report, std::string_view id,
                           long long line) {
  Json j;
  j["id"] = id;
  j["line"] = line;
  const Json plan = plan_json(model, report);
  for (const auto& [key, value] : plan.items())
    j[key] = value;
  return json_out::dump_line(j);
}

std::string error_json_line(std::string_view id, long long line, std::string_view message) {
  Json j;
  j["id"] = id;
  j["line"] = line;
  j["status"] = "error";
  j["error"] = message;
  // The message names the batch file, whose path may be any bytes.
  return json_out::dump_line(j);
}

std::string format_pareto(const Model& model, const ParetoFront& front,
                          const SearchOptions& options, std::optional<double> elapsed_ms,
                          OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson: {
      Json plans = Json::array();
      for (const Prediction& p : front.plans)
        plans.push_back(prediction_fields::json(model, p));
      Json j;
      prediction_fields::add_context(j, model);
      j["constraints"] = constraints_json(options);
      j["front"] = plans;
      j["evaluated"] = front.evaluated;
      j["elapsed_ms"] = elapsed_ms ? Json(*elapsed_ms) : Json(nullptr);
      return json_out::dump(j);
    }
    case OutputFormat::kCsv: {
      std::string out = prediction_fields::csv_header() + "\n";
      for (const Prediction& p : front.plans)
        out += prediction_fields::csv_row(model, p) + "\n";
      return out;
    }
    case OutputFormat::kTable:
      break;
  }
  std::string cut;
  if (options.deadline_seconds || options.budget_dollars) {
    cut = fmt::format(", cut to {}", constraint_text(options, false));
  }
  std::string out =
      fmt::format("Pareto front of {}{}: {} plans\n{}({} configurations evaluated{})\n\n",
                  prediction_fields::context_line(model), cut, front.plans.size(),
                  prediction_fields::floor_line(model), front.evaluated,
                  elapsed_ms ? fmt::format(" in {:.1f} ms", *elapsed_ms) : "");
  out += fmt::format("{:>12} {:>11} {:>6} {:>7} {:>5} {:>6} {:>6}\n", "seconds", "dollars", "W",
                     "M (MB)", "K", "B", "A");
  for (const Prediction& p : front.plans) {
    out += fmt::format("{:>12.1f} {:>11.4f} {:>6} {:>7} {:>5} {:>6} {:>6}\n", p.seconds, p.dollars,
                       p.config.workers, p.config.memory_mb, p.config.aggregators,
                       p.batch_aggregator, p.batch_other);
  }
  return out;
}

}  // namespace fasdl
