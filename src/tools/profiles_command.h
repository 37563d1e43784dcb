// `fasdl-plan profiles`: the profile catalog, with what each profile covers.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace fasdl::cli {

struct ProfilesOptions {
  std::string format = "table";
};

CLI::App* add_profiles_command(CLI::App& app, ProfilesOptions& options);
int run_profiles(const ProfilesOptions& options);

}  // namespace fasdl::cli
