#include "batch_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "common.h"
#include "fasdl/formats.h"

namespace fasdl::cli {

namespace {

// The file's text, or standard input's for "-" (a script's generated requests).
Expected<std::string> read_requests(const std::string& path) {
  if (path != "-") return read_file(path);
  std::ostringstream text;
  text << std::cin.rdbuf();
  if (std::cin.bad()) return Error{"stdin: cannot read"};
  return text.str();
}

}  // namespace

int run_batch(const PlanOptions& o) {
  auto base = to_request(o);
  if (!base) return report(base.error());
  auto text = read_requests(o.batch);
  if (!text) return report(text.error());
  const std::string origin = o.batch == "-" ? "stdin" : o.batch;
  int worst = kExitOk;
  for (const BatchLine& line : parse_batch(*text, origin, *base)) {
    const std::string& id = line.id;
    auto planned = line.request ? plan_request(*line.request, o.no_timing)
                                : Expected<PlannedRequest>(line.request.error());
    if (!planned) {
      // Errors of the line's own JSON already name it; others get its place.
      const std::string message =
          line.request ? fmt::format("{}:{}: {}", origin, line.line, planned.error().message)
                       : planned.error().message;
      if (!o.quiet) report({message});
      fmt::print("{}", error_json_line(id, line.line, message));
      worst = kExitBadInput;
      continue;
    }
    fmt::print("{}", plan_json_line(planned->model, planned->report, id, line.line));
    if (planned->report.summary.status != SearchStatus::kOk)
      worst = std::max(worst, kExitInfeasible);
  }
  return worst;
}

}  // namespace fasdl::cli
