#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <string>
#include <vector>

#include "fasdl/base/output_format.h"
#include "fasdl/formats/plan_format.h"
#include "fasdl/model/uncertainty.h"
#include "formats/prediction_fields.h"

namespace fasdl {

std::string human_seconds(double s) {
  if (s < 60) return fmt::format("{:.1f} s", s);
  if (s < 3600) {
    // Whole seconds first, so that 3479.96 s is 58 min 0 s, not 57 min 60 s.
    const long long whole = std::llround(s);
    return fmt::format("{} min {} s", whole / 60, whole % 60);
  }
  if (s < 86400)
    return fmt::format("{:.0f} h {:.0f} min", std::floor(s / 3600),
                       std::floor(std::fmod(s, 3600) / 60));
  return fmt::format("{:.0f} d {:.0f} h", std::floor(s / 86400),
                     std::floor(std::fmod(s, 86400) / 3600));
}

namespace prediction_fields {

namespace {

// Where the prediction rests on transfer times beyond the measurements, one line.
std::string extrapolation_note(const Model& model, const Prediction& p) {
  const Extrapolation e = model.extrapolation(p);
  std::vector<std::string> parts;
  if (e.memory) {
    const int used = p.config.memory_mb < e.measured_min_mb ? e.measured_min_mb : e.measured_max_mb;
    parts.push_back(
        fmt::format("M = {} MB is outside the measured {}..{} MB (the {} MB column's "
                    "times are used)",
                    p.config.memory_mb, e.measured_min_mb, e.measured_max_mb, used));
  }
  const double chunk = model.workload().model_mb / p.config.aggregators;
  if (e.chunk)
    parts.push_back(fmt::format("chunks of {:.2f} MB are beyond the sizes measured", chunk));
  if (e.checkpoint) {
    parts.push_back(fmt::format("the {:.2f} MB checkpoint is beyond the sizes measured",
                                model.workload().model_mb));
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i)
    out += fmt::format("{}{}\n", i == 0 ? "Extrapolated    " : "                ", parts[i]);
  return out;
}

std::string chance_line(const Chances& c) {
  std::vector<std::string> parts;
  if (c.deadline)
    parts.push_back(fmt::format("{:.0f}% to finish within the deadline", 100 * *c.deadline));
  if (c.budget) parts.push_back(fmt::format("{:.0f}% to cost at most the budget", 100 * *c.budget));
  if (parts.empty()) return "";
  return fmt::format("Chance          {} (first-order, as Likely)\n", fmt::join(parts, ", "));
}

}  // namespace

std::string table(const Model& model, const Prediction& p, const TextStyle& style,
                  double confidence, const Chances* chances) {
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
  if (chances != nullptr) out += chance_line(*chances);
  out += extrapolation_note(model, p);
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

std::string floor_line(const Model& model) {
  if (model.memory_floor_mb() == 0) return "";
  return fmt::format("Memory floor    {} MB: {}\n", model.memory_floor_mb(),
                     model.memory_floor_derivation());
}

}  // namespace prediction_fields

std::string format_prediction(const Model& model, const Prediction& p, OutputFormat format,
                              const TextStyle& style, double confidence) {
  switch (format) {
    case OutputFormat::kJson: {
      json_out::Json j;
      prediction_fields::add_context(j, model);
      const json_out::Json fields = prediction_fields::json(model, p, confidence);
      for (const auto& [key, value] : fields.items())
        j[key] = value;
      return json_out::dump(j);
    }
    case OutputFormat::kCsv:
      return prediction_fields::csv_header() + "\n" +
             prediction_fields::csv_row(model, p, confidence) + "\n";
    case OutputFormat::kTable:
      break;
  }
  return bold(fmt::format("fasdl predict: {}", prediction_fields::context_line(model)), style) +
         "\n" + prediction_fields::floor_line(model) +
         prediction_fields::table(model, p, style, confidence);
}

}  // namespace fasdl
