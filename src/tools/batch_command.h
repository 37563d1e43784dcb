// `fasdl-plan --requests FILE`: one planning request per line in, one result
// per line out.
#pragma once

#include "plan_command.h"

namespace fasdl::cli {

// Exit code: 2 when a line was bad, else 1 when a line was infeasible, else 0.
int run_batch(const PlanOptions& options);

}  // namespace fasdl::cli
