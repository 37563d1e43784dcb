// fasdl-profile: profiles and workloads from measurements. Built without the
// runtime (FASDL_RUNTIME=OFF) it has storage and compute only.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "common.h"
#include "compute_command.h"
#include "parse_args.h"
#include "storage_command.h"
#if FASDL_WITH_RUNTIME
#include "measure_command.h"
#include "probe_command.h"
#include "worker_command.h"
#endif

int main(int argc, char** argv) {
  using namespace fasdl::cli;
  set_program_name("fasdl-profile");
  return run_main([&] {
    CLI::App app{"fasdl-profile: platform profiles and workloads from measurements"};
    app.set_version_flag("--version", FASDL_VERSION);
    app.set_help_all_flag("--help-all", "Print the help of every subcommand too");
    app.require_subcommand(1);
    StorageOptions storage;
    CLI::App* storage_cmd = add_storage_command(app, storage);
    ComputeOptions compute;
    CLI::App* compute_cmd = add_compute_command(app, compute);
#if FASDL_WITH_RUNTIME
    MeasureCommandOptions measure;
    CLI::App* measure_cmd = add_measure_command(app, measure);
    ProbeOptions probe;
    CLI::App* probe_cmd = add_probe_command(app, probe);
    WorkerOptions worker;  // measure's calibration runs invoke their workers through this program
    CLI::App* worker_cmd = add_worker_command(app, worker);
#endif
    if (const auto done = parse_args(app, argc, argv)) return *done;
    if (storage_cmd->parsed()) return run_storage(storage);
    if (compute_cmd->parsed()) return run_compute(compute);
#if FASDL_WITH_RUNTIME
    if (measure_cmd->parsed()) return run_measure(measure);
    if (probe_cmd->parsed()) return run_probe_command(probe);
    if (worker_cmd->parsed()) return run_worker_command(worker);
#endif
    return kExitBadInput;
  });
}
