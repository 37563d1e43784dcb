// fasdl-run: K-REDUCE training for real on this machine, through Redis.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "common.h"
#include "parse_args.h"
#include "run_command.h"
#include "worker_command.h"

int main(int argc, char** argv) {
  using namespace fasdl::cli;
  set_program_name("fasdl-run");
  return run_main([&] {
    CLI::App app{
        "fasdl-run: trains a dense network with K-REDUCE on this machine, workers as "
        "processes with Lambda's memory-proportional CPU, every chunk through Redis"};
    app.set_version_flag("--version", FASDL_VERSION);
    app.set_help_all_flag("--help-all", "Print the help of every subcommand too");
    app.require_subcommand(0, 1);
    app.footer(
        "Examples:\n"
        "  fasdl-run -w 8 -m 512 -k 4 --batch-aggregator 16 --batch-other 40 --epochs 3\n"
        "  fasdl-plan predict --model m.json -w 8 -m 512 -k 4 --format json > p.json\n"
        "  fasdl-run --plan p.json --epochs 3 --params-mb 4 --log run.jsonl --format json\n"
        "Exit codes: 0 trained, 2 bad input or usage, 3 the run failed, 4 an output (stdout, the\n"
        "log) could not be written, 130 interrupted.\n"
        "Password of a --redis server: FASDL_REDIS_PASSWORD. See docs/runtime.md.");
    RunOptions run;
    add_run_options(app, run);
    WorkerOptions worker;
    CLI::App* worker_cmd = add_worker_command(app, worker);
    if (const auto done = parse_args(app, argc, argv)) return *done;
    if (worker_cmd->parsed()) return run_worker_command(worker);
    return run_run(run);
  });
}
