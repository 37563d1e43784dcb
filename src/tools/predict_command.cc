#include "predict_command.h"

#include <fmt/format.h>

#include "common.h"
#include "fasdl/formats/plan_format.h"
#include "parse_args.h"

namespace fasdl::cli {

CLI::App* add_predict_command(CLI::App& app, PredictOptions& o) {
  CLI::App* cmd = app.add_subcommand("predict",
                                     "Predict seconds, dollars and the per-iteration "
                                     "breakdown of one configuration");
  cmd->add_option("--profile", o.profile, "Platform profile: a catalog name or a JSON file")
      ->capture_default_str();
  cmd->add_option("--model", o.model, "Workload: a catalog name or a JSON file")->required();
  cmd->add_option("-w,--workers", o.workers, "Number of functions W")->required();
  cmd->add_option("-m,--memory", o.memory_mb, "Function memory M in MB")->required();
  cmd->add_option("-k,--aggregators", o.aggregators, "Number of aggregators K (1..W)")->required();
  cmd->add_option("--confidence", o.confidence,
                  "Level of the interval printed for an uncertain workload or profile")
      ->check(number_between(0.5, 0.9999))
      ->capture_default_str();
  cmd->add_option("--format", o.format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  fasdl-plan predict --model resnet50 -w 8 -m 1024 -k 2\n"
      "  fasdl-plan predict --profile my-profile.json --model wl.json -w 16 -m 2048 -k 4 "
      "--format json\n"
      "Exit codes: 0 feasible, 1 infeasible configuration, 2 bad input.");
  return cmd;
}

int run_predict(const PredictOptions& o) {
  const auto model = load_model(o.profile, o.model);
  if (!model) return report(model.error());
  const auto format = output_format_from_string(o.format);
  if (!format) return report(format.error());
  const Prediction p = model->predict({o.workers, o.memory_mb, o.aggregators});
  out(format_prediction(*model, p, *format, stdout_style(), o.confidence));
  return p.feasible() ? kExitOk : kExitInfeasible;
}

}  // namespace fasdl::cli
