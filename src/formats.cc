#include "fasdl/formats.h"

#include <fmt/format.h>

#include <cmath>

#include "fasdl/uncertainty.h"
#include "json_out.h"

namespace fasdl {

std::string_view to_string(OutputFormat f) {
  switch (f) {
    case OutputFormat::kTable:
      return "table";
    case OutputFormat::kJson:
      return "json";
    case OutputFormat::kCsv:
      return "csv";
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
  if (s < 86400)
    return fmt::format("{:.0f} h {:.0f} min", std::floor(s / 3600),
                       std::floor(std::fmod(s, 3600) / 60));
  return fmt::format("{:.0f} d {:.0f} h", std::floor(s / 86400),
                     std::floor(std::fmod(s, 86400) / 3600));
}

namespace json_out {

Json prediction(const Model& model, const Prediction& p, double confidence) {
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
  j["breakdown"] = {{"train", b.train},         {"flatten", b.flatten},   {"upload", b.upload},
                    {"aggregate", b.aggregate}, {"download", b.download}, {"sync", b.sync},
                    {"iteration", b.iteration}};
  j["cost"] = {{"function", p.cost.function}, {"storage", p.cost.storage}};
  // Today's platform terms add keys only where they are on (fasdl/platform.h).
  const Platform& platform = model.profile().platform;
  if (platform.invocations) j["cost"]["invocations"] = p.cost.invocations;
  if (platform.store_hourly_price > 0) j["cost"]["store"] = p.cost.store;
  if (platform.lifetime) j["relaunches"] = p.relaunches;
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

namespace {
std::string paint(std::string_view text, const TextStyle& style, std::string_view code) {
  return style.color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
}
}  // namespace

std::string bold(std::string_view text, const TextStyle& style) {
  return paint(text, style, "1");
}
std::string good(std::string_view text, const TextStyle& style) {
  return paint(text, style, "1;32");
}
std::string bad(std::string_view text, const TextStyle& style) {
  return paint(text, style, "1;31");
}

std::string csv_row(const Model& model, const Prediction& p, double confidence) {
  return fmt::format("{},{},{},{}", p.config.workers, p.config.memory_mb, p.config.aggregators,
                     csv_outputs(model, p, confidence));
}

}  // namespace json_out

namespace {

std::string prediction_table(const Model& model, const Prediction& p, const TextStyle& style,
                             double confidence) {
  using json_out::bad;
  using json_out::bold;
  const Config& c = p.config;
  std::string out = fmt::format("Configuration   {}\n",
                                bold(fmt::format("W = {} workers, M = {} MB, K = {} aggregators",
                                                 c.workers, c.memory_mb, c.aggregators),
                                     style));
  if (!p.feasible())
    return out + fmt::format("{}      {}\n", bad("Infeasible", style), model.explain(p));
  out += fmt::format("Batch           B = {} samples per aggregator, A = {} per other worker\n",
                     p.batch_aggregator, p.batch_other);
  out += fmt::format("Iterations      {}\n", p.iterations);
  if (p.negative_transfer) {
    out += bad("Warning", style) +
           "         a transfer time was extrapolated below zero seconds from the profile's\n"
           "                measurements; measure objects of this size at this memory\n";
  }
  out += fmt::format("Time            {} ({})\n", bold(fmt::format("{:.2f} s", p.seconds), style),
                     human_seconds(p.seconds));
  out += fmt::format("Cost            {}\n", bold(fmt::format("${:.4f}", p.dollars), style));
  const PredictionInterval i =
      has_uncertainty(model) ? interval(model, p, confidence) : PredictionInterval{};
  if (!i.bounded()) {
    out += "Likely          no bound: the inputs' spread is beyond a double\n";
  } else if (has_uncertainty(model)) {
    out += fmt::format(
        "Likely          {:.0f} to {:.0f} s, ${:.4f} to ${:.4f}\n"
        "                ({:.0f}% to {:.0f}% quantiles, first-order)\n",
        i.seconds_low, i.seconds_high, i.dollars_low, i.dollars_high, 100 * (1 - confidence),
        100 * confidence);
  }
  const auto share = [](double part, double whole) { return whole > 0 ? 100 * part / whole : 0.0; };
  out += fmt::format("  functions       ${:>10.4f} {:>7.1f}%   (M W seconds x price per MB-s)\n",
                     p.cost.function, share(p.cost.function, p.dollars));
  const Platform& platform = model.profile().platform;
  out += fmt::format("  storage         ${:>10.4f} {:>7.1f}%   ({}{})\n", p.cost.storage,
                     share(p.cost.storage, p.dollars),
                     platform.polling ? "PUT, GET, LIST" : "PUT and GET",
                     platform.lifetime ? ", checkpoints" : " requests");
  if (platform.invocations) {
    out += fmt::format("  invocations     ${:>10.4f} {:>7.1f}%   ({} per worker)\n",
                       p.cost.invocations, share(p.cost.invocations, p.dollars), p.relaunches + 1);
  }
  if (platform.store_hourly_price > 0) {
    out += fmt::format("  store ({})  ${:>10.4f} {:>7.1f}%   (${}/hour)\n", platform.store,
                       p.cost.store, share(p.cost.store, p.dollars), platform.store_hourly_price);
  }
  if (platform.lifetime) {
    out += fmt::format(
        "Relaunches      {} per worker: functions live {} s; each relaunch saves\n"
        "                and loads a checkpoint and starts cold\n",
        p.relaunches, platform.lifetime->seconds);
  }
  const Breakdown& b = p.breakdown;
  out += bold("\nPer iteration          seconds    share", style) + "\n";
  const auto row = [&](std::string_view name, double v) {
    out += fmt::format("  {:<18} {:>10.4f} {:>7.1f}%\n", name, v, share(v, b.iteration));
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

std::string format_prediction(const Model& model, const Prediction& p, OutputFormat format,
                              const TextStyle& style, double confidence) {
  switch (format) {
    case OutputFormat::kJson:
      return json_out::dump(json_out::prediction(model, p, confidence));
    case OutputFormat::kCsv:
      return json_out::csv_header() + "\n" + json_out::csv_row(model, p, confidence) + "\n";
    case OutputFormat::kTable:
      break;
  }
  return prediction_table(model, p, style, confidence);
}

}  // namespace fasdl
