// The words every fasdl tool shares (docs/cli.md, "Shared options"): one
// meaning and one default per option name, the old spellings kept as hidden
// aliases that say once that they are deprecated, and -q, which leaves
// nothing on stderr but errors.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fasdl/base/expected.h"

namespace fasdl::cli {

// --seed and --learning-rate of every tool that trains (the trigger of
// fasdl-plan, fasdl-run, fasdl-validate, fasdl-profile measure): the
// released FasDL worker's own, so that a plan run on AWS and the same plan
// run here train alike.
inline constexpr std::uint64_t kDefaultSeed = 1234;
inline constexpr double kDefaultLearningRate = 0.01;

// --confidence P: the level of printed intervals (0.9 when not given) and,
// for a plan, the probability its deadline and budget must hold with.
inline constexpr double kDefaultConfidence = 0.9;
inline constexpr const char* kConfidenceHelp =
    "Probability P from 0.5 to 0.9999: intervals are printed at level P, and a plan's deadline "
    "and budget must hold with probability P (default: intervals at 0.9, a plan's constraints on "
    "the point estimate)";
CLI::Option* add_confidence_option(CLI::App& app, double& target);
CLI::Option* add_confidence_option(CLI::App& app, std::optional<double>& target);

// -q,--quiet on `app`; `target` may be null (the flag is still honoured:
// quiet() is true after parse_args when any parsed command had it).
CLI::Option* add_quiet_flag(CLI::App& app, bool* target = nullptr);
inline constexpr const char* kQuietHelp = "Nothing on stderr but errors";

// `old_name` ("--store") as a hidden alias of `now` that writes the same
// `target`; given both is a usage error (after_parse). parse_args prints
// "<program>: --store is deprecated; use --stores" once, unless -q.
CLI::Option* add_deprecated_alias(CLI::App& app, const std::string& old_name, CLI::Option* now,
                                  std::string& target);

// After a parse that succeeded: sets quiet() and prints the deprecation
// notices of the aliases given (on the command line or in a --config file);
// an alias given with its new name is an error.
std::optional<Error> after_parse(const CLI::App& app);
// -q was given to a command that ran: warnings and notices stay off stderr.
bool quiet();
// "<program>: <message>" on stderr unless quiet(): a deprecation, a notice.
void notice(std::string_view message);

}  // namespace fasdl::cli
