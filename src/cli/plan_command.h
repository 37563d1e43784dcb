// `fasdl-plan` without a subcommand: the best memory, workers and
// aggregators under a deadline, a budget or both.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "fasdl/files.h"

namespace fasdl::cli {

struct PlanOptions {
  std::string profile = kDefaultProfile;
  std::string model;
  std::string deadline;  // a duration, "" when absent
  std::string budget;    // dollars, "" when absent
  std::string objective;  // "" : cost, or time when only a budget is given
  std::string strategy = "exact";
  std::optional<int> memory_min;
  std::optional<int> memory_max;
  std::optional<int> memory_step;
  int workers_max = 0;
  int jobs = 0;
  std::string format = "table";
  bool pareto = false;
  bool no_timing = false;
};

// Adds the planning options to the top-level app.
void add_plan_options(CLI::App& app, PlanOptions& options);
int run_plan(const PlanOptions& options);

}  // namespace fasdl::cli
