// Command-line parsing shared by every fasdl executable.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>

namespace fasdl::cli {

// Parses argv into `app`. Returns the exit code when parsing ends the program
// (--help and --version print and return 0; a usage error is one line on
// stderr and returns 2), nothing when the command is to run.
std::optional<int> parse_args(CLI::App& app, int argc, char** argv);

}  // namespace fasdl::cli
