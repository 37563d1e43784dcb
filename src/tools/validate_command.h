// `fasdl-validate`: predicts a set of configurations with a measured profile
// and workload, trains each with fasdl-run's runtime, and reports the
// accuracy (docs/accuracy.md).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vocabulary.h"

namespace fasdl::cli {

struct ValidateOptions {
  std::string profile;           // measured: its platform.cpu gives the CPU scale
  std::string workload;          // measured
  std::string baseline;          // a second profile scored on the same runs (the reference form)
  std::vector<std::string> set;  // --set overrides of both models
  std::string configs = "full";  // quick, full or W:M:K,...
  int repeats = 1;
  std::string gate = "median";                 // median or robust (fasdl/accuracy/gate.h)
  std::optional<double> threshold;             // median: default 0.94
  std::optional<double> order_tolerance;       // robust: default 0.25
  std::optional<double> min_rank_correlation;  // robust: checked only when given
  std::optional<double> cheapest_tolerance;    // robust: default 0.05
  std::optional<double> min_shape;             // robust: unset, not checked
  std::optional<double> max_split_error;       // robust: unset, not checked
  std::string runs;                            // score these saved runs instead of running
  std::string save;                            // write the runs here
  std::string markdown;
  std::string plot;
  std::string format = "table";
  // The runtime.
  std::string redis;  // --redis URL; "" : a private redis-server per run
  std::string redis_server = "redis-server";
  std::optional<double> cpu_scale;  // none: the profile's
  std::string limits = "auto";
  std::uint64_t seed = kDefaultSeed;
  bool quiet = false;
};

void add_validate_options(CLI::App& app, ValidateOptions& options);
int run_validate(const ValidateOptions& options);

}  // namespace fasdl::cli
