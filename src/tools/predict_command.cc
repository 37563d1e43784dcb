#include "predict_command.h"

#include <fmt/format.h>

#include "common.h"
#include "fasdl/formats/plan_format.h"
#include "parse_args.h"
#include "vocabulary.h"

namespace fasdl::cli {

CLI::App* add_predict_command(CLI::App& app, PredictOptions& o) {
  CLI::App* cmd = app.add_subcommand("predict",
                                     "Predict seconds, dollars and the per-iteration "
                                     "breakdown of one configuration");
  cmd->add_option("--profile", o.profile, "Platform profile: a catalog name or a JSON file")
      ->capture_default_str();
  cmd->add_option("--model", o.model,
                  "Workload: a catalog name or a JSON file (default: the top level's --model)");
  cmd->add_option("-w,--workers", o.workers, "Number of functions W")->required();
  cmd->add_option("-m,--memory", o.memory_mb, "Function memory M in MB")->required();
  cmd->add_option("-k,--aggregators", o.aggregators, "Number of aggregators K (1..W)")->required();
  cmd->add_option("--set", o.set, "Override a workload or profile number: epochs=5 (repeatable)");
  add_confidence_option(*cmd, o.confidence)->capture_default_str();
  cmd->add_option("--format", o.format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  add_quiet_flag(*cmd, &o.quiet);
  cmd->footer(
      "Examples:\n"
      "  fasdl-plan predict --model resnet50 -w 8 -m 6144 -k 2\n"
      "  fasdl-plan predict --model resnet50 -w 8 -m 6144 -k 2 --set epochs=20\n"
      "  fasdl-plan predict --profile my-profile.json --model wl.json -w 16 -m 2048 -k 4 "
      "--format json\n"
      "Exit codes: 0 feasible, 1 infeasible configuration, 2 bad input.");
  return cmd;
}

int run_predict(const PredictOptions& o) {
  if (o.model.empty()) {
    return report({"--model is required: a catalog name or a workload JSON file (see --help)"});
  }
  Settings settings;
  for (const std::string& text : o.set) {
    auto parsed = parse_override(text);
    if (!parsed) return report(parsed.error());
    if (parsed->values.size() != 1) {
      return report({fmt::format(
          "--set {}: a prediction takes one value per key, got {}; use `fasdl-plan sweep` for "
          "several",
          parsed->key, parsed->values.size())});
    }
    settings.emplace_back(parsed->key, parsed->values.front());
  }
  const auto model = load_model(o.profile, o.model, settings);
  if (!model) return report(model.error());
  const auto format = output_format_from_string(o.format);
  if (!format) return report(format.error());
  const Prediction p = model->predict({o.workers, o.memory_mb, o.aggregators});
  out(format_prediction(*model, p, *format, stdout_style(), o.confidence));
  return p.feasible() ? kExitOk : kExitInfeasible;
}

}  // namespace fasdl::cli
