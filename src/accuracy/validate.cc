#include "fasdl/accuracy/validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/median.h"
#include "base/text.h"
#include "fasdl/accuracy/order.h"
#include "fasdl/accuracy/reference_probe.h"
#include "fasdl/base/enum_names.h"
#include "formats/json_fields.h"
#include "formats/prediction_fields.h"

namespace fasdl {

namespace {

using Json = nlohmann::ordered_json;
using json_fields::FieldError;
using json_fields::Fields;
using json_fields::Range;

// The widest opposite order of `predicted` against `measured`, named by configuration.
OrderSummary order_of(const std::vector<ValidationCase>& cases,
                      const std::vector<double>& predicted, const std::vector<double>& measured) {
  const OrderDisagreement d = widest_disagreement(predicted, measured);
  if (!d.any) return {};
  return {true, cases[d.first].measured.config, cases[d.second].measured.config, d.separation};
}

}  // namespace

std::string_view to_string(ValidationSet s) {
  return s == ValidationSet::kQuick ? "quick" : "full";
}

Expected<ValidationSet> validation_set_from_string(std::string_view s) {
  return enum_from_string(s, {ValidationSet::kQuick, ValidationSet::kFull}, "--configs");
}

std::vector<Config> validation_configs(ValidationSet s) {
  // (W, M, K): every W from 2 to 8 but 5 and 7, K = 1 and K = W at several
  // W, and every measured memory. The quick set keeps K = 1, K = W and both
  // ends of W and M.
  if (s == ValidationSet::kQuick) {
    return {{2, 1769, 2}, {4, 512, 1}, {6, 1024, 3}, {8, 1024, 8}};
  }
  return {{2, 512, 1},  {2, 1769, 2}, {3, 1024, 1}, {4, 512, 1}, {4, 768, 2},  {4, 1769, 4},
          {6, 1024, 3}, {6, 512, 6},  {8, 512, 2},  {8, 768, 4}, {8, 1024, 8}, {8, 1024, 1}};
}

Expected<std::vector<Config>> parse_configs(std::string_view input) {
  std::vector<Config> out;
  for (const std::string_view item : text::split(input, ',')) {
    const auto parts = text::split(item, ':');
    std::array<long long, 3> v{};
    bool good = parts.size() == 3;
    for (std::size_t i = 0; good && i < 3; ++i) {
      const auto n = text::to_integer(parts[i]);
      good = n && *n >= 1 && *n <= 100'000;
      if (good) v[i] = *n;
    }
    if (!good || v[2] > v[0]) {
      return Error{
          fmt::format("expected configurations W:M:K separated by commas, with "
                      "1 <= K <= W, such as 8:1024:4,2:512:1; got {}",
                      text::quoted(text::trim(item)))};
    }
    out.push_back({static_cast<int>(v[0]), static_cast<int>(v[1]), static_cast<int>(v[2])});
  }
  return out;
}

MeasuredRun measured_run(const RunSummary& s) {
  MeasuredRun r;
  r.config = s.spec.plan.config;
  r.batch_aggregator = s.spec.plan.batch_aggregator;
  r.batch_other = s.spec.plan.partition().batch_other;
  r.iterations = s.iterations;
  r.seconds = s.seconds;
  r.dollars = s.dollars;
  r.period = s.seconds_per_iteration;
  r.breakdown = s.breakdown;
  return r;
}

Scored score(const Model& model, const MeasuredRun& run) {
  const Prediction p = model.predict(run.config);
  Scored s;
  s.breakdown = p.breakdown;
  s.iteration = p.breakdown.iteration;
  s.dollars = p.dollars;
  // What the model adds once per run: its seconds less I T_iter.
  const double start =
      p.feasible() ? p.seconds - static_cast<double>(p.iterations) * p.breakdown.iteration : 0;
  s.seconds = static_cast<double>(run.iterations) * s.iteration + start;
  s.accuracy = run.seconds > 0 ? 1 - std::fabs(s.seconds - run.seconds) / run.seconds : 0;
  const auto& reference = model.profile().reference_probe;
  s.corrected = run.reference_seconds > 0 && reference;
  s.slowness = slowness(run.reference_seconds, reference ? reference->seconds : 0);
  const double corrected = run.seconds / s.slowness;
  s.corrected_accuracy = corrected > 0 ? 1 - std::fabs(s.seconds - corrected) / corrected : 0;
  return s;
}

AccuracySummary summarize(const std::vector<ValidationCase>& cases, bool baseline) {
  AccuracySummary out;
  if (cases.empty()) return out;
  std::vector<double> accuracy, dollars, measured_dollars, seconds, measured_seconds, ratio;
  std::vector<double> train_ratio, corrected;
  std::size_t corrected_worst = 0;
  out.corrected = true;
  std::size_t worst = 0;
  std::size_t cheap_predicted = 0;
  std::size_t cheap_measured = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Scored& s = baseline && cases[i].baseline ? *cases[i].baseline : cases[i].predicted;
    const MeasuredRun& m = cases[i].measured;
    accuracy.push_back(s.accuracy);
    dollars.push_back(s.dollars);
    measured_dollars.push_back(m.dollars);
    seconds.push_back(s.seconds);
    measured_seconds.push_back(m.seconds);
    ratio.push_back(s.seconds / m.seconds);
    if (s.breakdown.train > 0 && m.breakdown.train > 0)
      train_ratio.push_back(s.breakdown.train / m.breakdown.train);
    for (const double v : {s.accuracy, s.dollars, s.seconds, m.dollars, m.seconds, ratio.back()})
      out.finite = out.finite && std::isfinite(v);
    out.finite = out.finite && m.seconds > 0 && s.seconds > 0;
    if (s.accuracy < accuracy[worst]) worst = i;
    out.corrected = out.corrected && s.corrected;
    corrected.push_back(s.corrected_accuracy);
    if (s.corrected_accuracy < corrected[corrected_worst]) corrected_worst = i;
    if (dollars[i] < dollars[cheap_predicted]) cheap_predicted = i;
    if (measured_dollars[i] < measured_dollars[cheap_measured]) cheap_measured = i;
  }
  out.median = median(accuracy);
  out.worst = accuracy[worst];
  out.worst_config = cases[worst].measured.config;
  if (out.corrected) {
    out.corrected_median = median(corrected);
    out.corrected_worst = corrected[corrected_worst];
    out.corrected_worst_config = cases[corrected_worst].measured.config;
  }
  out.predicted_cheapest = cases[cheap_predicted].measured.config;
  out.measured_cheapest = cases[cheap_measured].measured.config;
  out.cheapest_agrees = cheap_predicted == cheap_measured;
  out.cheapest_excess = measured_dollars[cheap_predicted] / measured_dollars[cheap_measured] - 1;
  out.rank_correlation = spearman(dollars, measured_dollars);
  out.seconds_rank_correlation = spearman(seconds, measured_seconds);
  out.dollars_order = order_of(cases, dollars, measured_dollars);
  out.seconds_order = order_of(cases, seconds, measured_seconds);
  out.scale = median(ratio);
  std::vector<double> shape;
  for (const double r : ratio)
    shape.push_back(1 - std::fabs(r / out.scale - 1));
  out.shape_median = median(shape);
  if (!train_ratio.empty()) out.training_split = median(train_ratio) / out.scale;
  return out;
}

Expected<ValidationReport> validate_runs(const std::vector<MeasuredRun>& runs, const Model& model,
                                         const Model* baseline, const GateOptions& gate) {
  // A configuration a model finds infeasible has no prediction to score.
  for (const Model* m : {&model, baseline}) {
    if (m == nullptr) continue;
    for (const MeasuredRun& run : runs) {
      const Prediction p = m->predict(run.config);
      if (!p.feasible()) {
        return Error{fmt::format("run W = {}, M = {}, K = {}: {} on {} finds it infeasible: {}",
                                 run.config.workers, run.config.memory_mb, run.config.aggregators,
                                 m->workload().name, m->profile().name, m->explain(p))};
      }
    }
  }
  ValidationReport r;
  r.model_name = fmt::format("{} on {}", model.workload().name, model.profile().name);
  if (baseline != nullptr) {
    r.baseline_name = fmt::format("{} on {}", baseline->workload().name, baseline->profile().name);
  }
  r.gate = gate;
  for (const MeasuredRun& run : runs) {
    ValidationCase c{run, score(model, run), std::nullopt};
    if (baseline != nullptr) c.baseline = score(*baseline, run);
    // A run of 5e-324 s makes an accuracy beyond a double: refused, never printed as -inf%.
    for (const std::optional<Scored>& s : {std::optional<Scored>(c.predicted), c.baseline}) {
      if (s && !(std::isfinite(s->accuracy) && std::isfinite(s->seconds / run.seconds))) {
        return Error{fmt::format(
            "run W = {}, M = {}, K = {}: measured {:.6g} s against a prediction of {:.6g} s: "
            "the accuracy is beyond the range of a double; expected a run's wall time",
            run.config.workers, run.config.memory_mb, run.config.aggregators, run.seconds,
            s->seconds)};
      }
    }
    r.cases.push_back(c);
  }
  r.summary = summarize(r.cases);
  if (baseline != nullptr) r.baseline = summarize(r.cases, true);
  r.result = judge(r.summary, r.baseline ? &*r.baseline : nullptr, gate);
  return r;
}

std::string runs_to_json(const std::vector<MeasuredRun>& runs) {
  Json list = Json::array();
  for (const MeasuredRun& r : runs) {
    list.push_back({{"workers", r.config.workers},
                    {"memory_mb", r.config.memory_mb},
                    {"aggregators", r.config.aggregators},
                    {"batch_aggregator", r.batch_aggregator},
                    {"batch_other", r.batch_other},
                    {"iterations", r.iterations},
                    {"seconds", r.seconds},
                    {"dollars", r.dollars},
                    {"period", r.period},
                    {"breakdown", prediction_fields::breakdown_json(r.breakdown)}});
    if (r.reference_seconds > 0) list.back()["reference_probe_seconds"] = r.reference_seconds;
  }
  return Json{{"runs", list}}.dump(2) + "\n";
}

Expected<std::vector<MeasuredRun>> parse_runs(std::string_view json, std::string_view origin) {
  try {
    const nlohmann::json doc = json_fields::parse_document(json, origin);
    Fields root(doc, std::string(origin), "");
    const nlohmann::json& list = root.array("runs");
    root.finish();
    std::vector<MeasuredRun> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
      Fields f(list[i], std::string(origin), fmt::format("runs[{}]", i));
      MeasuredRun r;
      r.config.workers = static_cast<int>(f.integer("workers", 1, 100'000));
      r.config.memory_mb = static_cast<int>(f.integer("memory_mb", 1, 1'000'000));
      r.config.aggregators = static_cast<int>(f.integer("aggregators", 1, r.config.workers));
      r.batch_aggregator = f.integer("batch_aggregator", 1, 1'000'000'000);
      r.batch_other = f.integer("batch_other", 1, 1'000'000'000);
      r.iterations = f.integer("iterations", 1, 1'000'000'000'000);
      r.seconds = f.number("seconds", Range::kPositive);
      r.dollars = f.number("dollars", Range::kNonNegative);
      r.period = f.number("period", Range::kPositive);
      r.breakdown = prediction_fields::read_breakdown(f.object("breakdown"));
      r.reference_seconds =
          f.optional_number("reference_probe_seconds", Range::kPositive).value_or(0);
      f.finish();
      out.push_back(r);
    }
    if (out.empty()) return Error{fmt::format("{}: runs: expected at least one run", origin)};
    return out;
  } catch (const FieldError& e) {
    return Error{e.what()};
  }
}

}  // namespace fasdl
