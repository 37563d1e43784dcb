// Plan requests: what a user asks of fasdl-plan, from its options or one
// line of a batch file (docs/formats.md, "Batch requests"), and the search
// options a request gives on a model.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/formats/files.h"
#include "fasdl/formats/overrides.h"
#include "fasdl/search/search.h"

namespace fasdl {

// What a user asks of fasdl-plan, from its options or one line of a batch
// file: which model on which profile, under which deadline and budget.
struct PlanRequest {
  std::string id;  // echoed back by batch planning
  std::string profile = kDefaultProfile;
  std::string model;
  std::optional<double> deadline_seconds;
  std::optional<double> budget_dollars;
  std::optional<Objective> objective;  // default: time with only a budget, else cost
  Strategy strategy = Strategy::kExact;
  std::optional<int> memory_min;
  std::optional<int> memory_max;
  std::optional<int> memory_step;
  int workers_max = 0;
  int jobs = 0;
  int runners_up = 0;                // next-best plans to report (--explain)
  std::optional<double> confidence;  // meet the deadline and budget with this probability
  Settings settings;                 // --set overrides, one value each
  std::vector<std::string> stores;   // stores to choose from; empty: the profile's own
  bool old_store_key = false;        // a batch line named them "store", the old key
};

// One line of a batch file, a JSON object:
//   {"id": "a", "model": "resnet50", "profile": "aws-lambda",
//    "deadline": "2h" or 7200, "budget": "$5" or 5, "objective": "cost",
//    "search": "exact", "memory_min": 512, "memory_max": 2048,
//    "memory_step": 64, "workers_max": 32, "confidence": 0.9, "stores": "s3,redis",
//    "set": {"epochs": 5}}
// Keys the line leaves out keep their value in `base` (the command line's
// options); "model" is required unless `base` has one. "store" is the old
// name of "stores" (old_store_key). `origin` names the
// line ("b.jsonl:3").
Expected<PlanRequest> parse_plan_request(std::string_view json, std::string_view origin,
                                         const PlanRequest& base = {});

// "s3,redis" as {"s3", "redis"}.
std::vector<std::string> split_stores(std::string_view list);

// Every non-blank line of a batch file (BOM and CRLF accepted), parsed.
struct BatchLine {
  long long line = 0;
  Expected<PlanRequest> request;
  std::string id;  // the line's "id" when it has one, even if the request is bad
};
std::vector<BatchLine> parse_batch(std::string_view text, std::string_view origin,
                                   const PlanRequest& base = {});

// The search options a request asks for on `model`, checked by check_options().
Expected<SearchOptions> search_options(const Model& model, const PlanRequest& request);

}  // namespace fasdl
