// The workload document (docs/formats.md, "Workload"): a workload read from
// JSON, strictly, with the JSON path of every mistake, and written back.
#pragma once

#include <string>
#include <string_view>

#include "fasdl/base/expected.h"
#include "fasdl/model/workload.h"

namespace fasdl {

// Parses and checks a workload document (format: docs/formats.md). The
// optional covariances must be finite, symmetric within 1e-9 relative and
// have a non-negative diagonal.
Expected<Workload> parse_workload(std::string_view json, std::string_view origin);

std::string workload_to_json(const Workload& workload);

}  // namespace fasdl
