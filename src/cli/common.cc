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

Expected<Model> load_model(const std::string& profile_name, const std::string& workload_name) {
  auto profile_path = resolve(profile_name, CatalogKind::kProfile);
  if (!profile_path) return profile_path.error();
  auto workload_path = resolve(workload_name, CatalogKind::kModel);
  if (!workload_path) return workload_path.error();
  auto profile = load_profile(*profile_path);
  if (!profile) return profile.error();
  auto workload = load_workload(*workload_path);
  if (!workload) return workload.error();
  auto model = Model::create(std::move(profile).value(), std::move(workload).value());
  // The workload's coefficients do not form a model: name its file.
  if (!model) return Error{fmt::format("{}: {}", *workload_path, model.error().message)};
  return model;
}

}  // namespace fasdl::cli
