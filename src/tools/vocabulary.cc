#include "vocabulary.h"

#include <fmt/format.h>

#include <vector>

#include "common.h"
#include "parse_args.h"

namespace fasdl::cli {

namespace {

bool g_quiet = false;

struct Alias {
  const CLI::Option* old;
  const CLI::Option* now;
  std::string old_name;
  std::string new_name;
};

std::vector<Alias>& aliases() {
  static std::vector<Alias> list;
  return list;
}

bool quiet_given(const CLI::App& app) {
  if (const CLI::Option* q = app.get_option_no_throw("--quiet"); q != nullptr && q->count() > 0)
    return true;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->parsed() && quiet_given(*sub)) return true;
  }
  return false;
}

}  // namespace

CLI::Option* add_confidence_option(CLI::App& app, double& target) {
  return app.add_option("--confidence", target, kConfidenceHelp)
      ->check(number_between(0.5, 0.9999));
}

CLI::Option* add_confidence_option(CLI::App& app, std::optional<double>& target) {
  return app.add_option("--confidence", target, kConfidenceHelp)
      ->check(number_between(0.5, 0.9999));
}

CLI::Option* add_quiet_flag(CLI::App& app, bool* target) {
  if (target != nullptr) return app.add_flag("-q,--quiet", *target, kQuietHelp);
  return app.add_flag("-q,--quiet", kQuietHelp);
}

CLI::Option* add_deprecated_alias(CLI::App& app, const std::string& old_name, CLI::Option* now,
                                  std::string& target) {
  CLI::Option* old =
      app.add_option(old_name, target, fmt::format("Deprecated: use {}", now->get_name()))
          ->group("");  // hidden from --help; docs/cli.md lists it
  aliases().push_back({old, now, old_name, now->get_name()});
  return old;
}

std::optional<Error> after_parse(const CLI::App& app) {
  g_quiet = quiet_given(app);
  for (const Alias& a : aliases()) {
    if (a.old->count() > 0 && a.now->count() > 0) {
      return Error{fmt::format("{} cannot go with {}: {} is its old name; give {} alone",
                               a.old_name, a.new_name, a.old_name, a.new_name)};
    }
  }
  for (const Alias& a : aliases()) {
    if (a.old->count() > 0) notice(fmt::format("{} is deprecated; use {}", a.old_name, a.new_name));
  }
  return std::nullopt;
}

bool quiet() {
  return g_quiet;
}

void notice(std::string_view message) {
  if (!g_quiet) print_diagnostic(fmt::format("{}: {}", program_name(), message));
}

}  // namespace fasdl::cli
