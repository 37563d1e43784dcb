// `fasdl-plan models`: the workload catalog.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace fasdl::cli {

struct ModelsOptions {
  std::string format = "table";
};

CLI::App* add_models_command(CLI::App& app, ModelsOptions& options);
int run_models(const ModelsOptions& options);

}  // namespace fasdl::cli
