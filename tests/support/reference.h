// The reference settings of ../shared/reference/README.md, for tests.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fasdl/model/model.h"

namespace fasdl::testing {

// Root of the shared reference data (FASDL_SHARED_DIR at configure time).
std::string shared_dir();

// The AWS Lambda/S3 profile of the reference: transfers.csv, reference
// prices and sync, memory from `min_mb` to 3008 MB in 64 MB steps.
Profile reference_profile(int min_mb = 128);

// A fixture case of cases/examples.json as a workload with D = 50,000,
// gamma = 0.8, G = 1,024.
Workload reference_workload(const nlohmann::json& c);

// All sixteen cases.
const nlohmann::json& reference_cases();

}  // namespace fasdl::testing
