#include "batch_command.h"

#include <fmt/format.h>

#include <algorithm>

#include "common.h"
#include "fasdl/formats/files.h"
#include "fasdl/formats/plan_format.h"
#include "fasdl/formats/plan_request.h"
#include "vocabulary.h"

namespace fasdl::cli {

int run_batch(const PlanOptions& o) {
  if (const auto refused = refused_combination(o)) return report(*refused);
  auto base = to_request(o);
  if (!base) return report(base.error());
  const bool from_stdin = o.requests == "-";  // a script's generated requests
  auto text = from_stdin ? read_standard_input() : read_file(o.requests);
  if (!text) return report(text.error());
  const std::string origin = from_stdin ? "stdin" : o.requests;
  int worst = kExitOk;
  bool old_key_noted = false;
  for (const BatchLine& line : parse_batch(*text, origin, *base)) {
    const std::string& id = line.id;
    if (line.request && line.request->old_store_key && !old_key_noted) {
      notice(fmt::format("{}:{}: \"store\" is deprecated; use \"stores\"", origin, line.line));
      old_key_noted = true;
    }
    auto planned = line.request ? plan_request(*line.request, o.no_timing)
                                : Expected<PlannedRequest>(line.request.error());
    if (!planned) {
      // Errors of the line's own JSON already name it; others get its place.
      const std::string message =
          line.request ? fmt::format("{}:{}: {}", origin, line.line, planned.error().message)
                       : planned.error().message;
      if (!o.quiet) report({message});
      if (!out(error_json_line(id, line.line, message))) break;  // finish() reports it
      worst = kExitBadInput;
      continue;
    }
    if (!out(plan_json_line(planned->model, planned->report, id, line.line))) break;
    if (planned->report.summary.status != SearchStatus::kOk)
      worst = std::max(worst, kExitInfeasible);
  }
  return worst;
}

}  // namespace fasdl::cli
