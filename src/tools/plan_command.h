// `fasdl-plan` without a subcommand: the best memory, workers and
// aggregators under a deadline, a budget or both.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "fasdl/formats/files.h"
#include "fasdl/formats/plan_request.h"
#include "fasdl/formats/trigger_event.h"
#include "fasdl/search/plan.h"

namespace fasdl::cli {

struct PlanOptions {
  std::string profile = kDefaultProfile;
  std::string model;
  std::string deadline;   // a duration, "" when absent
  std::string budget;     // dollars, "" when absent
  std::string objective;  // "" : cost, or time when only a budget is given
  std::string strategy = "exact";
  std::optional<int> memory_min;
  std::optional<int> memory_max;
  std::optional<int> memory_step;
  int workers_max = 0;
  int jobs = 0;
  std::string format = "table";
  std::vector<std::string> set;
  std::string batch;  // a JSON-lines file of requests
  bool pareto = false;
  bool no_timing = false;
  bool explain = false;
  bool quiet = false;
  std::optional<double> confidence;
  std::string store;         // stores to choose from, comma-separated
  std::string emit_trigger;  // a file for the AWS trigger event
  std::string plot;          // an .svg or .png picture of the space
  TriggerOptions trigger;
};

// Adds the planning options to the top-level app.
void add_plan_options(CLI::App& app, PlanOptions& options);
int run_plan(const PlanOptions& options);

// The request the options make (the defaults of every batch line).
Expected<PlanRequest> to_request(const PlanOptions& options);

// A request planned: its model and report.
struct PlannedRequest {
  Model model;
  PlanReport report;
};
Expected<PlannedRequest> plan_request(const PlanRequest& request, bool no_timing);

}  // namespace fasdl::cli
