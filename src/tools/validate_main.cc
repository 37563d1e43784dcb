// fasdl-validate: the model's predictions against real runs of this machine.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "common.h"
#include "parse_args.h"
#include "validate_command.h"
#include "worker_command.h"

int main(int argc, char** argv) {
  using namespace fasdl::cli;
  set_program_name("fasdl-validate");
  return run_main([&] {
    CLI::App app{
        "fasdl-validate: predicts configurations with a measured profile and workload, trains "
        "each with fasdl-run's runtime, and reports how accurate the predictions were"};
    app.set_version_flag("--version", FASDL_VERSION);
    app.set_help_all_flag("--help-all", "Print the help of every subcommand too");
    app.require_subcommand(0, 1);
    app.footer(
        "Examples:\n"
        "  fasdl-profile measure -o local\n"
        "  fasdl-validate --profile local/profile.json --model local/workload.json \\\n"
        "      --baseline local/reference.json --configs full --save runs.json --plot acc.svg\n"
        "  fasdl-validate --profile local/profile.json --model local/workload.json --runs "
        "runs.json\n"
        "Accuracy = 1 - |predicted - measured| / measured of each run's wall time.\n"
        "Exit codes: 0 the gate passes (--gate median: the median accuracy reaches --threshold;\n"
        "robust: cheapest plan, order and shape against the reference form), 1 it does not,\n"
        "2 bad input, 3 a run failed, 4 an output could not be written. See docs/accuracy.md.");
    ValidateOptions validate;
    add_validate_options(app, validate);
    WorkerOptions worker;
    CLI::App* worker_cmd = add_worker_command(app, worker);
    if (const auto done = parse_args(app, argc, argv)) return *done;
    if (worker_cmd->parsed()) return run_worker_command(worker);
    return run_validate(validate);
  });
}
