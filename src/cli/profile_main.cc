// fasdl-profile: profiles and workloads from measurements.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "common.h"
#include "parse_args.h"
#include "compute_command.h"
#include "storage_command.h"

int main(int argc, char** argv) {
  using namespace fasdl::cli;
  set_program_name("fasdl-profile");
  CLI::App app{"fasdl-profile: platform profiles and workloads from measurements"};
  app.set_version_flag("--version", FASDL_VERSION);
  app.set_help_all_flag("--help-all", "Print the help of every subcommand too");
  app.require_subcommand(1);
  StorageOptions storage;
  CLI::App* storage_cmd = add_storage_command(app, storage);
  ComputeOptions compute;
  CLI::App* compute_cmd = add_compute_command(app, compute);
  if (const auto done = parse_args(app, argc, argv)) return *done;
  if (storage_cmd->parsed()) return run_storage(storage);
  if (compute_cmd->parsed()) return run_compute(compute);
  return kExitBadInput;
}
