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

// An option left empty (std::nullopt) was not given: its default applies, and
// a combination that could not honour it is not refused.
struct PlanOptions {
  std::string profile = kDefaultProfile;
  std::string model;
  std::string deadline;                 // a duration, "" when absent
  std::string budget;                   // dollars, "" when absent
  std::string objective;                // "" : cost, or time when only a budget is given
  std::optional<std::string> strategy;  // default exact
  std::optional<int> memory_min;
  std::optional<int> memory_max;
  std::optional<int> memory_step;
  int workers_max = 0;
  std::optional<int> jobs;
  std::optional<std::string> format;  // default table
  std::vector<std::string> set;
  std::string requests;  // a JSON-lines file of requests (--requests, old --batch)
  bool pareto = false;
  bool no_timing = false;
  bool explain = false;
  bool quiet = false;
  std::optional<double> confidence;
  std::string stores;        // stores to choose from, comma-separated (--stores, old --store)
  std::string emit_trigger;  // a file for the AWS trigger event
  std::string plot;          // an .svg or .png picture of the space
  // The trigger's options (TriggerOptions), only with --emit-trigger.
  std::optional<std::string> train_net;
  std::optional<double> learning_rate;
  std::optional<long long> seed;
  std::optional<int> func_time;
  std::optional<std::string> bucket_prefix;

  std::string format_or_table() const { return format.value_or("table"); }
  TriggerOptions trigger() const;
};

// Adds the planning options to the top-level app.
void add_plan_options(CLI::App& app, PlanOptions& options);
int run_plan(const PlanOptions& options);

// The request the options make (the defaults of every batch line). With
// --emit-trigger the profile's lifetime is the released worker's,
// func_time - 60 s (fasdl/formats/trigger_event.h).
Expected<PlanRequest> to_request(const PlanOptions& options);

// A request planned: its model and report.
struct PlannedRequest {
  Model model;
  PlanReport report;
};
Expected<PlannedRequest> plan_request(const PlanRequest& request, bool no_timing);

// Option combinations that cannot be honoured, each one line naming both
// flags (exit 2), for a plan or --requests FILE (plan_checks.cc).
std::optional<Error> refused_combination(const PlanOptions& options);

// "--workers-max N is above the W = ... the model can use ..." when it is, for a warning.
std::optional<std::string> workers_max_note(const PlanOptions& options, const Model& model);

}  // namespace fasdl::cli
