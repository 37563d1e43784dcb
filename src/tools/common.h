// What every fasdl command shares: exit codes, error reporting and loading
// a model from names or paths.
#pragma once

#include <string>
#include <string_view>

#include "fasdl/base/expected.h"
#include "fasdl/base/output_format.h"
#include "fasdl/formats/overrides.h"
#include "fasdl/formats/plan_format.h"
#include "fasdl/model/model.h"
#include "output.h"

namespace fasdl::cli {

// Exit codes (docs/cli.md); kExitWriteFailed (4) is in output.h.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInfeasible = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitRunFailed = 3;      // the run (or a probe) started but did not complete
inline constexpr int kExitInterrupted = 130;  // stopped by SIGINT, SIGTERM or SIGHUP

// Prints "<program>: <message>" on stderr (one line, print_diagnostic) and
// returns kExitBadInput.
int report(const Error& error);
// The same for a file or stream that could not be written: kExitWriteFailed.
int report_write_failure(const Error& error);
// Prints "<program>: warning: <message>" on stderr (one line, print_diagnostic), unless -q.
void warn(std::string_view message);
void set_program_name(std::string name);
const std::string& program_name();

// Colour for tables on a terminal, unless NO_COLOR is set (no-color.org).
TextStyle stdout_style();

// Resolves NAME or PATH for both documents, applies `settings` (--set) and
// builds the model.
Expected<Model> load_model(const std::string& profile, const std::string& workload,
                           const Settings& settings = {});

}  // namespace fasdl::cli
