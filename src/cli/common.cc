#include "common.h"

#include <cstdio>

#include <fmt/format.h>

#include "fasdl/files.h"

namespace fasdl::cli {

namespace {
std::string& program_name() {
  static std::string name = "fasdl";
  return name;
}
}  // namespace

void set_program_name(std::string name) { program_name() = std::move(name); }

int report(const Error& error) {
  fmt::print(stderr, "{}: {}\n", program_name(), error.message);
  return kExitBadInput;
}

Expected<Model> load_model(const std::string& profile, const std::string& workload,
                           const Settings& settings) {
  auto documents = load_documents(profile, workload);
  if (!documents) return documents.error();
  return build_model(*documents, settings);
}

}  // namespace fasdl::cli
