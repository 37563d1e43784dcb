#include "fasdl/formats.h"

#include <cmath>

#include <fmt/format.h>

#include "json_out.h"

namespace fasdl {

std::string_view to_string(OutputFormat f) {
  switch (f) {
    case OutputFormat::kTable: return "table";
    case OutputFormat::kJson: return "json";
    case OutputFormat::kCsv: return "csv";
  }
  return "table";
}

Expected<OutputFormat> output_format_from_string(std::string_view s) {
  for (const auto f : {OutputFormat::kTable, OutputFormat::kJson, OutputFormat::kCsv}) {
    if (s == to_string(f)) return f;
  }
  return Error{fmt::format("format: expected table, json or csv, got \"{}\"", s)};
}

std::string human_seconds(double s) {
  if (s < 60) return fmt::format("{:.1f} s", s);
  if (s < 3600) return fmt::format("{:.0f} min {:.0f} s", std::floor(s / 60), std::fmod(s, 60));
  if (s < 86400) return fmt::format("{:.0f} h {:.0f} min", std::floor(s / 3600), std::floor(std::fmod(s, 3600) / 60));
  return fmt::format("{:.0f} d {:.0f} h", std::floor(s / 86400), std::floor(std::fmod(s, 86400) / 3600));
}

namespace json_out {

Json prediction(const Model& model, const Prediction& p) {
  Json j;
  j["workers"] = p.config.workers;
  j["memory_mb"] = p.config.memory_mb;
  j["aggregators"] = p.config.aggregators;
  j["batch_aggregator"] = p.batch_aggregator;
  j["batch_other"] = p.batch_other;
  j["iterations"] = p.iterations;
  j["seconds"] = p.seconds;
  j["dollars"] = p.dollars;
  j["feasible"] = p.feasible();
  if (!p.feasible()) j["reason"] = model.explain(p);
  const Breakdown& b = p.breakdown;
  j["breakdown"] = {{"train", b.train},         {"flatten", b.flatten}, {"upload", b.upload},
                    {"aggregate", b.aggregate}, {"download", b.download}, {"sync", b.sync},
                    {"iteration", b.iteration}};
  j["cost"] = {{"function", p.cost.function}, {"storage", p.cost.storage}};
  return j;
}

std::string csv_header() {
  return "workers,memory_mb,aggregators,batch_aggregator,batch_other,iterations,seconds,dollars,"
         "feasible,breakdown_train,breakdown_flatten,breakdown_upload,breakdown_aggregate,"
         "breakdown_download,breakdown_sync,breakdown_iteration,cost_function,cost_storage,reason";
}

std::string csv_row(const Model& model, const Prediction& p) {
  const Breakdown& b = p.breakdown;
  std::string reason = p.feasible() ? "" : model.explain(p);
  for (char& c : reason) {
    if (c == ',' || c == '"') c = ';';
  }
  return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", p.config.workers,
                     p.config.memory_mb, p.config.aggregators, p.batch_aggregator, p.batch_other,
                     p.iterations, p.seconds, p.dollars, p.feasible(), b.train, b.flatten, b.upload,
                     b.aggregate, b.download, b.sync, b.iteration, p.cost.function, p.cost.storage,
                     reason);
}

}  // namespace json_out

namespace {

std::string prediction_table(const Model& model, const Prediction& p) {
  const Config& c = p.config;
  std::string out = fmt::format("Configuration   W = {} workers, M = {} MB, K = {} aggregators\n",
                                c.workers, c.memory_mb, c.aggregators);
  if (!p.feasible()) return out + fmt::format("Infeasible      {}\n", model.explain(p));
  out += fmt::format("Batch           B = {} samples per aggregator, A = {} per other worker\n",
                     p.batch_aggregator, p.batch_other);
  out += fmt::format("Iterations      {}\n", p.iterations);
  out += fmt::format("Time            {:.2f} s ({})\n", p.seconds, human_seconds(p.seconds));
  out += fmt::format("Cost            ${:.4f} (functions ${:.4f}, storage requests ${:.4f})\n",
                     p.dollars, p.cost.function, p.cost.storage);
  const Breakdown& b = p.breakdown;
  out += "\nPer iteration          seconds    share\n";
  const auto row = [&](std::string_view name, double v) {
    out += fmt::format("  {:<18} {:>10.4f} {:>7.1f}%\n", name, v,
                       b.iteration > 0 ? 100 * v / b.iteration : 0.0);
  };
  row("train", b.train);
  row("flatten", b.flatten);
  row("upload", b.upload);
  row("aggregate", b.aggregate);
  row("download", b.download);
  row("sync", b.sync);
  row("total", b.iteration);
  return out;
}

}  // namespace

std::string format_prediction(const Model& model, const Prediction& p, OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson: return json_out::dump(json_out::prediction(model, p));
    case OutputFormat::kCsv: return json_out::csv_header() + "\n" + json_out::csv_row(model, p) + "\n";
    case OutputFormat::kTable: break;
  }
  return prediction_table(model, p);
}

}  // namespace fasdl
