#include "common.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "fasdl/base/output_format.h"
#include "fasdl/formats/files.h"
#include "vocabulary.h"

namespace fasdl::cli {

namespace {
std::string& name_storage() {
  static std::string name = "fasdl";
  return name;
}
}  // namespace

void set_program_name(std::string name) {
  name_storage() = std::move(name);
}

const std::string& program_name() {
  return name_storage();
}

TextStyle stdout_style() {
  const char* no_color = std::getenv("NO_COLOR");
  return {isatty(STDOUT_FILENO) != 0 && (no_color == nullptr || *no_color == '\0')};
}

int report(const Error& error) {
  print_diagnostic(fmt::format("{}: {}", program_name(), error.message));
  return kExitBadInput;
}

int report_write_failure(const Error& error) {
  report(error);
  return kExitWriteFailed;
}

void warn(std::string_view message) {
  if (quiet()) return;
  print_diagnostic(fmt::format("{}: warning: {}", program_name(), message));
}

Expected<Model> load_model(const std::string& profile, const std::string& workload,
                           const Settings& settings) {
  auto documents = load_documents(profile, workload);
  if (!documents) return documents.error();
  return build_model(*documents, settings);
}

}  // namespace fasdl::cli
