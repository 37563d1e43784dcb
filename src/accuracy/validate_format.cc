// The writers of a validation: table, JSON, CSV, Markdown and the plot.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "fasdl/accuracy/validate.h"
#include "fasdl/base/output_format.h"
#include "fasdl/formats/plot.h"
#include "formats/prediction_fields.h"

namespace fasdl {

namespace {

using Json = nlohmann::ordered_json;

std::string config_text(const Config& c) {
  return fmt::format("W = {}, M = {}, K = {}", c.workers, c.memory_mb, c.aggregators);
}

std::string percent(double v) {
  return fmt::format("{:.1f}%", 100 * v);
}

Json config_json(const Config& c) {
  return {{"workers", c.workers}, {"memory_mb", c.memory_mb}, {"aggregators", c.aggregators}};
}

Json scored_json(const Scored& s) {
  Json j{{"seconds", s.seconds},
         {"iteration", s.iteration},
         {"dollars", s.dollars},
         {"accuracy", s.accuracy}};
  if (s.corrected) {
    j["slowness"] = s.slowness;
    j["corrected_accuracy"] = s.corrected_accuracy;
  }
  j["breakdown"] = prediction_fields::breakdown_json(s.breakdown);
  return j;
}

// The widest opposite order (fasdl/accuracy/order.h), null when none.
Json order_json(const OrderSummary& o) {
  if (!o.any) return nullptr;
  return {{"first", config_json(o.first)},
          {"second", config_json(o.second)},
          {"separation", o.separation}};
}

Json summary_json(const AccuracySummary& s) {
  Json j{{"median_accuracy", s.median},
         {"worst_accuracy", s.worst},
         {"worst", config_json(s.worst_config)},
         {"predicted_cheapest", config_json(s.predicted_cheapest)},
         {"measured_cheapest", config_json(s.measured_cheapest)},
         {"cheapest_agrees", s.cheapest_agrees},
         {"cheapest_excess", s.cheapest_excess},
         {"rank_correlation", s.rank_correlation},
         {"seconds_rank_correlation", s.seconds_rank_correlation},
         {"dollars_opposite_order", order_json(s.dollars_order)},
         {"seconds_opposite_order", order_json(s.seconds_order)},
         {"speed_factor", s.scale},
         {"shape_accuracy", s.shape_median},
         {"training_split", s.training_split},
         {"finite", s.finite}};
  if (s.corrected) {
    j["corrected_median_accuracy"] = s.corrected_median;
    j["corrected_worst_accuracy"] = s.corrected_worst;
    j["corrected_worst"] = config_json(s.corrected_worst_config);
  }
  return j;
}

Json gate_json(const ValidationReport& r) {
  const GateOptions& g = r.gate;
  Json j{{"kind", to_string(g.gate)}};
  if (g.gate != Gate::kRobust) {
    j["threshold"] = g.threshold;
  } else {
    j["order_tolerance"] = g.order_tolerance;
    if (g.min_rank_correlation) j["min_rank_correlation"] = *g.min_rank_correlation;
    j["cheapest_tolerance"] = g.cheapest_tolerance;
    if (g.min_shape) j["min_shape"] = *g.min_shape;
    if (g.max_split_error) j["max_split_error"] = *g.max_split_error;
  }
  j["checks"] = r.result.checks;
  j["failures"] = r.result.failures;
  return j;
}

std::string summary_lines(const AccuracySummary& s, std::string_view who) {
  return fmt::format(
             "{}: median accuracy {}, worst {} at {}\n"
             "  cheapest predicted {}; measured {}{}; rank correlation of dollars {:.2f}, of "
             "seconds {:.2f}\n"
             "  shape accuracy {} (the median once the speed factor {:.3f} is taken out); "
             "training split {:.3f}\n",
             who, percent(s.median), percent(s.worst), config_text(s.worst_config),
             config_text(s.predicted_cheapest), config_text(s.measured_cheapest),
             s.cheapest_agrees ? " (the same)" : " (another)", s.rank_correlation,
             s.seconds_rank_correlation, percent(s.shape_median), s.scale, s.training_split) +
         (s.corrected ? fmt::format("  corrected for the machine's drift: median accuracy {}, "
                                    "worst {} at {}\n",
                                    percent(s.corrected_median), percent(s.corrected_worst),
                                    config_text(s.corrected_worst_config))
                      : "");
}

std::string table(const ValidationReport& r) {
  std::string out = fmt::format("fasdl-validate: {}, {} runs\n\n", r.model_name, r.cases.size());
  const bool base = r.baseline.has_value();
  const bool corrected = r.summary.corrected;
  out += fmt::format("{:>3} {:>5} {:>3} {:>4} {:>4} {:>5} {:>10} {:>10} {:>9}{}{}\n", "W", "M", "K",
                     "B", "A", "I", "predicted", "measured", "accuracy",
                     corrected ? fmt::format(" {:>8} {:>9}", "slowness", "corrected") : "",
                     base ? fmt::format(" {:>10} {:>9}", "reference", "accuracy") : "");
  for (const ValidationCase& c : r.cases) {
    const MeasuredRun& m = c.measured;
    out += fmt::format(
        "{:>3} {:>5} {:>3} {:>4} {:>4} {:>5} {:>9.2f}s {:>9.2f}s {:>9}{}{}\n", m.config.workers,
        m.config.memory_mb, m.config.aggregators, m.batch_aggregator, m.batch_other, m.iterations,
        c.predicted.seconds, m.seconds, percent(c.predicted.accuracy),
        corrected ? fmt::format(" {:>8.3f} {:>9}", c.predicted.slowness,
                                percent(c.predicted.corrected_accuracy))
                  : "",
        c.baseline
            ? fmt::format(" {:>9.2f}s {:>9}", c.baseline->seconds, percent(c.baseline->accuracy))
            : "");
  }
  out +=
      "\nPer iteration, seconds, predicted / measured (the aggregators' mean; period: the\n"
      "training's wall time per iteration)\n";
  out += fmt::format("{:>12} {:>13} {:>13} {:>13} {:>13} {:>13} {:>13} {:>13} {:>6}\n", "W:M:K",
                     "train", "flatten", "upload", "aggregate", "download", "sync", "iteration",
                     "period");
  for (const ValidationCase& c : r.cases) {
    const Breakdown& p = c.predicted.breakdown;
    const Breakdown& m = c.measured.breakdown;
    out += fmt::format(
        "{:>12}", fmt::format("{}:{}:{}", c.measured.config.workers, c.measured.config.memory_mb,
                              c.measured.config.aggregators));
    for (const auto& [a, b] : {std::pair{p.train, m.train},
                               {p.flatten, m.flatten},
                               {p.upload, m.upload},
                               {p.aggregate, m.aggregate},
                               {p.download, m.download},
                               {p.sync, m.sync},
                               {p.iteration, m.iteration}}) {
      out += fmt::format(" {:>6.4f}/{:<6.4f}", a, b);
    }
    out += fmt::format(" {:>6.4f}\n", c.measured.period);
  }
  out += "\n" + summary_lines(r.summary, "Model");
  if (base) out += summary_lines(*r.baseline, "Reference form");
  out += fmt::format("\nGate {}: {}\n", to_string(r.gate.gate), r.passed() ? "pass" : "FAIL");
  for (const std::string& check : r.result.checks)
    out += "  " + check + "\n";
  return out;
}

std::string csv(const ValidationReport& r) {
  std::string out =
      "workers,memory_mb,aggregators,batch_aggregator,batch_other,iterations,measured_seconds,"
      "predicted_seconds,accuracy,measured_iteration,predicted_iteration,measured_dollars,"
      "predicted_dollars,baseline_seconds,baseline_accuracy,slowness,corrected_accuracy\n";
  for (const ValidationCase& c : r.cases) {
    const MeasuredRun& m = c.measured;
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", m.config.workers,
        m.config.memory_mb, m.config.aggregators, m.batch_aggregator, m.batch_other, m.iterations,
        m.seconds, c.predicted.seconds, c.predicted.accuracy, m.period, c.predicted.iteration,
        m.dollars, c.predicted.dollars, c.baseline ? fmt::format("{}", c.baseline->seconds) : "",
        c.baseline ? fmt::format("{}", c.baseline->accuracy) : "",
        c.predicted.corrected ? fmt::format("{}", c.predicted.slowness) : "",
        c.predicted.corrected ? fmt::format("{}", c.predicted.corrected_accuracy) : "");
  }
  return out;
}

std::string json(const ValidationReport& r) {
  Json cases = Json::array();
  for (const ValidationCase& c : r.cases) {
    const MeasuredRun& m = c.measured;
    Json j = config_json(m.config);
    j["batch_aggregator"] = m.batch_aggregator;
    j["batch_other"] = m.batch_other;
    j["iterations"] = m.iterations;
    j["measured"] = {{"seconds", m.seconds},
                     {"period", m.period},
                     {"dollars", m.dollars},
                     {"breakdown", prediction_fields::breakdown_json(m.breakdown)}};
    if (m.reference_seconds > 0) j["measured"]["reference_probe_seconds"] = m.reference_seconds;
    j["predicted"] = scored_json(c.predicted);
    j["baseline"] = c.baseline ? scored_json(*c.baseline) : Json(nullptr);
    cases.push_back(j);
  }
  Json doc;
  doc["model"] = r.model_name;
  doc["baseline"] = r.baseline_name.empty() ? Json(nullptr) : Json(r.baseline_name);
  doc["gate"] = gate_json(r);
  doc["passed"] = r.passed();
  doc["summary"] = summary_json(r.summary);
  doc["baseline_summary"] = r.baseline ? summary_json(*r.baseline) : Json(nullptr);
  doc["cases"] = cases;
  return doc.dump(2) + "\n";
}

}  // namespace

std::string format_validation(const ValidationReport& r, OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson:
      return json(r);
    case OutputFormat::kCsv:
      return csv(r);
    case OutputFormat::kTable:
      break;
  }
  return table(r);
}

std::string validation_markdown(const ValidationReport& r) {
  const bool base = r.baseline.has_value();
  std::string out = fmt::format(
      "| W | M (MB) | K | B | A | I | measured (s) | predicted (s) | accuracy |{}\n"
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|{}\n",
      base ? " reference form (s) | accuracy |" : "", base ? "---:|---:|" : "");
  for (const ValidationCase& c : r.cases) {
    const MeasuredRun& m = c.measured;
    out += fmt::format(
        "| {} | {} | {} | {} | {} | {} | {:.2f} | {:.2f} | {} |{}\n", m.config.workers,
        m.config.memory_mb, m.config.aggregators, m.batch_aggregator, m.batch_other, m.iterations,
        m.seconds, c.predicted.seconds, percent(c.predicted.accuracy),
        c.baseline
            ? fmt::format(" {:.2f} | {} |", c.baseline->seconds, percent(c.baseline->accuracy))
            : "");
  }
  out += fmt::format("\n| | with the overheads{} |\n|---|---|{}\n", base ? " | reference form" : "",
                     base ? "---|" : "");
  const auto row = [&](std::string_view name, auto value) {
    out += fmt::format("| {} | {} |{}\n", name, value(r.summary),
                       base ? fmt::format(" {} |", value(*r.baseline)) : "");
  };
  row("median accuracy", [](const AccuracySummary& s) { return percent(s.median); });
  if (r.summary.corrected) {
    row("median accuracy, corrected for drift",
        [](const AccuracySummary& s) { return percent(s.corrected_median); });
  }
  row("worst accuracy", [](const AccuracySummary& s) {
    return fmt::format("{} ({}:{}:{})", percent(s.worst), s.worst_config.workers,
                       s.worst_config.memory_mb, s.worst_config.aggregators);
  });
  row("cheapest predicted = cheapest measured", [](const AccuracySummary& s) {
    return fmt::format("{} ({}:{}:{} / {}:{}:{})", s.cheapest_agrees ? "yes" : "no",
                       s.predicted_cheapest.workers, s.predicted_cheapest.memory_mb,
                       s.predicted_cheapest.aggregators, s.measured_cheapest.workers,
                       s.measured_cheapest.memory_mb, s.measured_cheapest.aggregators);
  });
  row("rank correlation of dollars",
      [](const AccuracySummary& s) { return fmt::format("{:.2f}", s.rank_correlation); });
  out +=
      "\nPer iteration, seconds: predicted (with the overheads) / measured (the aggregators' "
      "mean; the period is the training's wall time per iteration)\n\n"
      "| W:M:K | train | flatten | upload | aggregate | download | sync | iteration | period |\n"
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const ValidationCase& c : r.cases) {
    const Breakdown& p = c.predicted.breakdown;
    const Breakdown& m = c.measured.breakdown;
    out += fmt::format(
        "| {}:{}:{} | {:.3f} / {:.3f} | {:.3f} / {:.3f} | {:.3f} / {:.3f} | {:.3f} / {:.3f} | "
        "{:.3f} / {:.3f} | {:.3f} / {:.3f} | {:.3f} / {:.3f} | {:.3f} |\n",
        c.measured.config.workers, c.measured.config.memory_mb, c.measured.config.aggregators,
        p.train, m.train, p.flatten, m.flatten, p.upload, m.upload, p.aggregate, m.aggregate,
        p.download, m.download, p.sync, m.sync, p.iteration, m.iteration, c.measured.period);
  }
  return out;
}

std::string accuracy_plot_script(const ValidationReport& r, std::string_view terminal) {
  double hi = 1;
  double lo = 1e300;
  for (const ValidationCase& c : r.cases) {
    for (const double v : {c.measured.seconds, c.predicted.seconds}) {
      hi = std::max(hi, v);
      lo = std::min(lo, v);
    }
    if (c.baseline) lo = std::min(lo, c.baseline->seconds);
  }
  lo = std::max(0.1, lo / 1.5);
  hi *= 1.5;
  const std::string term = terminal == "png"
                               ? "set terminal pngcairo size 800,720 background rgb 'white'"
                               : "set terminal svg size 800,720 dynamic background rgb 'white' "
                                 "font 'Helvetica,13'";
  std::string out = fmt::format(
      "{}\nset title 'Predicted against measured wall time, {} runs' "
      "noenhanced\nset xlabel 'measured seconds'\nset ylabel 'predicted seconds'\n"
      "set logscale xy\nset xrange [{}:{}]\nset yrange [{}:{}]\nset key left top noenhanced\n"
      "set grid lc rgb '#dddddd'\nset size square\n",
      term, r.cases.size(), lo, hi, lo, hi);
  out += "$model << EOD\n";
  for (const ValidationCase& c : r.cases) {
    out += fmt::format("{} {} \"{}:{}:{}\"\n", c.measured.seconds, c.predicted.seconds,
                       c.measured.config.workers, c.measured.config.memory_mb,
                       c.measured.config.aggregators);
  }
  out += "EOD\n";
  std::string plot = fmt::format(
      "plot x title 'predicted = measured' lc rgb '#444444', 0.94 * x title '6% off' dt 2 lc rgb "
      "'#999999', 1.06 * x notitle dt 2 lc rgb '#999999', $model using 1:2 with points pt 7 ps "
      "1.2 lc rgb '#1f77b4' title 'with the overheads (median {})', $model using 1:2:3 with "
      "labels offset 0.8,0.8 font ',9' notitle",
      percent(r.summary.median));
  if (r.baseline) {
    out += "$reference << EOD\n";
    for (const ValidationCase& c : r.cases) {
      out += fmt::format("{} {}\n", c.measured.seconds, c.baseline->seconds);
    }
    out += "EOD\n";
    plot += fmt::format(
        ", $reference using 1:2 with points pt 6 ps 1.2 lc rgb '#d62728' title 'reference form, "
        "sync fitted (median {})'",
        percent(r.baseline->median));
  }
  return out + plot + "\n";
}

}  // namespace fasdl
