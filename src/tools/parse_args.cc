#include "parse_args.h"

#include <fmt/format.h>

#include "common.h"

namespace fasdl::cli {

std::optional<int> parse_args(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and version are "errors" with exit code 0 that CLI11 prints itself.
    if (e.get_exit_code() == 0) return app.exit(e);
    return report({fmt::format("{} (see --help)", e.what())});
  }
  return std::nullopt;
}

}  // namespace fasdl::cli
