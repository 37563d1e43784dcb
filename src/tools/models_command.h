// `fasdl-plan models`: the workload catalog.
#pragma once

#include <CLI/CLI.hpp>

namespace fasdl::cli {

CLI::App* add_models_command(CLI::App& app);
int run_models();

}  // namespace fasdl::cli
