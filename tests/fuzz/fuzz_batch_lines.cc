// Fuzz target: parse_batch (every line through parse_plan_request) on any
// bytes, once without defaults and once with a command line's defaults.
// Lines come back numbered in order; a bad line's error is one printable line
// naming "b.jsonl:N" and its result line is one JSON line that reads back; a
// good line's values are in range and read back the same when written as a
// request line again; the --set settings of the first few such lines build a
// model from small documents (or fail with a one-line "--set" message) whose
// search options validate or fail in one line.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fasdl/formats/overrides.h"
#include "fasdl/formats/plan_format.h"
#include "fasdl/formats/plan_request.h"
#include "fasdl/formats/profile_json.h"
#include "fasdl/formats/workload_json.h"
#include "fasdl/search/plan.h"
#include "fuzz_check.h"

namespace {

using fasdl::PlanRequest;
using fasdl::fuzz::check_line;

// The request as a batch line that parse_plan_request reads back the same
// (on the same base, whose settings come first).
std::string request_line(const PlanRequest& r, const PlanRequest& base) {
  nlohmann::ordered_json j;
  if (!r.id.empty()) j["id"] = r.id;
  j["model"] = r.model;
  j["profile"] = r.profile;
  if (r.deadline_seconds) j["deadline"] = *r.deadline_seconds;
  if (r.budget_dollars) j["budget"] = *r.budget_dollars;
  if (r.objective) j["objective"] = to_string(*r.objective);
  j["search"] = to_string(r.strategy);
  if (r.memory_min) j["memory_min"] = *r.memory_min;
  if (r.memory_max) j["memory_max"] = *r.memory_max;
  if (r.memory_step) j["memory_step"] = *r.memory_step;
  if (r.workers_max > 0) j["workers_max"] = r.workers_max;
  if (r.confidence) j["confidence"] = *r.confidence;
  if (!r.stores.empty()) j["store"] = fmt::format("{}", fmt::join(r.stores, ","));
  if (r.settings.size() > base.settings.size()) {
    j["set"] = nlohmann::ordered_json::object();
    for (std::size_t i = base.settings.size(); i < r.settings.size(); ++i) {
      j["set"][r.settings[i].first] = r.settings[i].second;
    }
  }
  return j.dump();
}

bool same_request(const PlanRequest& a, const PlanRequest& b) {
  return a.settings == b.settings && a.id == b.id && a.model == b.model && a.profile == b.profile &&
         a.deadline_seconds == b.deadline_seconds && a.budget_dollars == b.budget_dollars &&
         a.objective == b.objective && a.strategy == b.strategy && a.memory_min == b.memory_min &&
         a.memory_max == b.memory_max && a.memory_step == b.memory_step &&
         a.workers_max == b.workers_max && a.confidence == b.confidence && a.stores == b.stores;
}

void check_request(const PlanRequest& r, const PlanRequest& base, const fasdl::Documents& docs,
                   int& builds) {
  check_line(r.model);
  if (!r.id.empty()) check_line(r.id);
  check_line(r.profile);
  FUZZ_CHECK(!r.deadline_seconds || (std::isfinite(*r.deadline_seconds) && *r.deadline_seconds > 0),
             "deadline {}", *r.deadline_seconds);
  FUZZ_CHECK(!r.budget_dollars || (std::isfinite(*r.budget_dollars) && *r.budget_dollars >= 0 &&
                                   !std::signbit(*r.budget_dollars)),
             "budget {}", *r.budget_dollars);
  for (const auto& m : {r.memory_min, r.memory_max, r.memory_step}) {
    FUZZ_CHECK(!m || (*m >= 1 && *m <= 1'000'000), "memory {}", *m);
  }
  FUZZ_CHECK(r.workers_max >= 0 && r.workers_max <= 10'000'000, "workers_max {}", r.workers_max);
  FUZZ_CHECK(!r.confidence || (std::isfinite(*r.confidence) && *r.confidence > 0), "confidence {}",
             *r.confidence);
  for (const std::string& s : r.stores) {
    FUZZ_CHECK(
        !s.empty() && s.find(',') == std::string::npos && s.front() != ' ' && s.back() != ' ',
        "store \"{}\"", s);
  }
  FUZZ_CHECK(r.settings.size() >= base.settings.size() &&
                 std::equal(base.settings.begin(), base.settings.end(), r.settings.begin()),
             "the line's settings do not follow the base's");
  const std::string line = request_line(r, base);
  const auto again = fasdl::parse_plan_request(line, "again.jsonl:1", base);
  FUZZ_CHECK(again.ok(), "the request's own line does not read back: {}\n{}", again.error().message,
             line);
  FUZZ_CHECK(same_request(r, *again), "the request reads back differently:\n{}", line);

  // Its settings on small documents, then its search options on that model:
  // for the first few lines with settings of their own (each build parses
  // both documents).
  if (r.settings.size() == base.settings.size() || builds >= 2) return;
  ++builds;
  const auto model = fasdl::build_model(docs, r.settings);
  if (!model) {
    check_line(model.error().message);
    FUZZ_CHECK(model.error().message.rfind("--set ", 0) == 0 && !r.settings.empty(),
               "a model error that does not name its setting: {}", model.error().message);
    return;
  }
  fasdl::fuzz::check_profile(model->profile());
  fasdl::fuzz::check_workload(model->workload());
  const auto options = fasdl::search_options(*model, r);
  if (!options) check_line(options.error().message);
}

void check_batch(std::string_view text, const PlanRequest& base, const fasdl::Documents& docs,
                 int& builds) {
  const auto lines = fasdl::parse_batch(text, "b.jsonl", base);
  long long previous = 0;
  for (const fasdl::BatchLine& line : lines) {
    FUZZ_CHECK(line.line > previous, "line {} after {}", line.line, previous);
    previous = line.line;
    const std::string origin = fmt::format("b.jsonl:{}", line.line);
    if (!line.request) {
      fasdl::fuzz::check_error(line.request.error(), {origin});
      const std::string result =
          fasdl::error_json_line(line.id, line.line, line.request.error().message);
      FUZZ_CHECK(result.find('\n') == result.size() - 1, "the error line is not one line");
      const auto j = nlohmann::json::parse(result, nullptr, false);
      FUZZ_CHECK(!j.is_discarded() && j["id"] == line.id && j["line"] == line.line &&
                     j["error"] == line.request.error().message,
                 "the error line does not read back: {}", result);
      continue;
    }
    FUZZ_CHECK(line.id == line.request->id, "id {} against {}", line.id, line.request->id);
    check_request(*line.request, base, docs, builds);
  }
  FUZZ_CHECK(previous <= static_cast<long long>(std::count(text.begin(), text.end(), '\n')) + 1,
             "line {} of a text of fewer lines", previous);
}

const fasdl::Documents& documents() {
  // The platform profile without its second store: compact, as parsing it is most of the work.
  static const fasdl::Documents docs{
      {"p.json",
       [] {
         fasdl::Profile p = fasdl::fuzz::platform_profile();
         p.stores.clear();
         return nlohmann::json::parse(fasdl::profile_to_json(p)).dump();
       }()},
      {"w.json", fasdl::workload_to_json(fasdl::fuzz::vcpu_workload())},
      [](const std::string& path) {
        return fasdl::Expected<fasdl::Source>(
            fasdl::Error{path + ": cannot read: No such file or directory"});
      }};
  return docs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  int builds = 0;
  check_batch(text, PlanRequest{}, documents(), builds);
  PlanRequest base;
  base.model = "resnet50";
  base.deadline_seconds = 7200;
  base.memory_min = 512;
  base.stores = {"s3", "redis"};
  base.settings = {{"epochs", "5"}};
  check_batch(text, base, documents(), builds);
  return 0;
}
