// Command-line parsing shared by every fasdl executable.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace fasdl::cli {

// Parses argv into `app`. Returns the exit code when parsing ends the program
// (--help and --version print and return 0; a usage error is one line on
// stderr and returns 2), nothing when the command is to run.
//
// Beyond CLI11's own checks, every value given (on the command line or in a
// --config file) must be non-empty: `--deadline "$DL"` with DL unset is an
// error, never "no deadline". A value of a whole-number option must be
// digits within the type's range (no saturation, no "-1" for an unsigned
// seed, no "1e6"), and of a real-number option a finite number.
//
// With FASDL_PARSE_ONLY set (non-empty), a parse that succeeds returns 0:
// the options are checked and nothing runs (the docs-example test's dry
// parse of examples that need AWS or minutes).
std::optional<int> parse_args(CLI::App& app, int argc, char** argv);

// Validators whose messages say exactly what is accepted, with the range
// written readably ("from 1 to 1,000,000"):
//   "expected a whole number from LO to HI, got \"1e6\""
CLI::Validator whole_number(long long lo, long long hi);
//   "expected a number from LO to HI, got \"2\"" (finite, both ends included)
CLI::Validator number_between(double lo, double hi);
//   "expected a positive number, got \"0\"" (finite)
CLI::Validator positive_number();
//   a seed: a whole number from 0 to 18,446,744,073,709,551,615
CLI::Validator seed_number();

// `v` with thousands separators: 1,000,000.
std::string readable(long long v);

}  // namespace fasdl::cli
