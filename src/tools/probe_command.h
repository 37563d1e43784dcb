// `fasdl-profile probe` (hidden): one timing process of `fasdl-profile
// measure`. The password comes in FASDL_REDIS_PASSWORD.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace fasdl::cli {

struct ProbeOptions {
  std::string store;
  std::string session;
  int probe = 0;
};

CLI::App* add_probe_command(CLI::App& app, ProbeOptions& options);
int run_probe_command(const ProbeOptions& options);

}  // namespace fasdl::cli
