// fasdl-plan: plans K-REDUCE training on serverless functions.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "batch_command.h"
#include "common.h"
#include "config_file.h"
#include "models_command.h"
#include "parse_args.h"
#include "plan_command.h"
#include "predict_command.h"
#include "profiles_command.h"
#include "sweep_command.h"

namespace {

// A subcommand without --model, --profile or --set of its own takes the top
// level's (the command line before it, or a --config file's top-level keys).
void inherit(const fasdl::cli::PlanOptions& top, const CLI::App& cmd, std::string& profile,
             std::string& model, std::vector<std::string>& set) {
  if (cmd.get_option("--model")->count() == 0) model = top.model;
  if (cmd.get_option("--profile")->count() == 0) profile = top.profile;
  if (cmd.get_option("--set")->count() == 0) set = top.set;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace fasdl::cli;
  set_program_name("fasdl-plan");
  return run_main([&] {
    CLI::App app{
        "fasdl-plan: the cheapest (or fastest) memory, workers and aggregators for "
        "K-REDUCE training on serverless functions"};
    app.set_version_flag("--version", FASDL_VERSION);
    app.set_help_all_flag("--help-all", "Print the help of every subcommand too");
    app.require_subcommand(0, 1);
    app.footer(
        "Examples:\n"
        "  fasdl-plan --model resnet50 --budget 5          fastest plan within $5\n"
        "  fasdl-plan --model resnet50 --deadline 2h       cheapest plan under two hours\n"
        "  fasdl-plan --model wl.json --deadline 90m --budget 3 --format json\n"
        "  fasdl-plan --model resnet50 --pareto            the time-versus-dollars trade-off\n"
        "  fasdl-plan profiles                             the platforms (default: today's "
        "Lambda)\n"
        "  fasdl-plan --requests requests.jsonl            one plan per JSON line\n"
        "Exit codes: 0 plan found, 1 nothing feasible, 2 bad input or usage, 4 an output could "
        "not\n"
        "be written (stdout or a file).");
    add_config_option(app);
    PlanOptions plan;
    add_plan_options(app, plan);
    PredictOptions predict;
    CLI::App* predict_cmd = add_predict_command(app, predict);
    ModelsOptions models;
    CLI::App* models_cmd = add_models_command(app, models);
    ProfilesOptions profiles;
    CLI::App* profiles_cmd = add_profiles_command(app, profiles);
    SweepCommandOptions sweep;
    CLI::App* sweep_cmd = add_sweep_command(app, sweep);
    if (const auto done = parse_args(app, argc, argv)) return *done;
    if (predict_cmd->parsed()) {
      inherit(plan, *predict_cmd, predict.profile, predict.model, predict.set);
      return run_predict(predict);
    }
    if (models_cmd->parsed()) return run_models(models);
    if (profiles_cmd->parsed()) return run_profiles(profiles);
    if (sweep_cmd->parsed()) {
      inherit(plan, *sweep_cmd, sweep.profile, sweep.model, sweep.set);
      return run_sweep_command(sweep);
    }
    if (!plan.requests.empty()) return run_batch(plan);
    return run_plan(plan);
  });
}
