#include "config_file.h"

#include <fmt/format.h>

#include "fasdl/formats/config_document.h"
#include "fasdl/formats/files.h"

namespace fasdl::cli {

namespace {

// The option `e` sets, or the reason it names none.
Expected<const CLI::Option*> option_of(const CLI::App& root, const ConfigEntry& e) {
  const CLI::App* app = &root;
  std::string where = "fasdl-plan";
  for (const std::string& section : e.sections) {
    const CLI::App* sub = nullptr;
    for (const CLI::App* candidate : app->get_subcommands([](const CLI::App*) { return true; })) {
      if (candidate->get_name() == section) sub = candidate;
    }
    if (sub == nullptr) {
      return Error{fmt::format("{}: [{}]: unknown section; expected a subcommand of {}", e.where,
                               section, where)};
    }
    app = sub;
    where += " " + section;
  }
  const CLI::Option* option = app->get_option_no_throw("--" + e.key);
  if (option == nullptr || !option->get_configurable() || option == root.get_config_ptr() ||
      e.key.size() < 2) {
    return Error{fmt::format("{}: {}: unknown key; expected a long option of {} (see --help)",
                             e.where, e.key, where)};
  }
  return option;
}

}  // namespace

std::vector<CLI::ConfigItem> JsonOrTomlConfig::from_config(std::istream& /*input*/) const {
  const std::string path = app_->get_config_ptr()->as<std::string>();
  const auto text = read_file(path);
  if (!text) throw ConfigFileError(text.error().message);
  const auto entries = parse_config(*text, path);
  if (!entries) throw ConfigFileError(entries.error().message);
  std::vector<CLI::ConfigItem> out;
  for (const ConfigEntry& e : *entries) {
    const auto option = option_of(*app_, e);
    if (!option) throw ConfigFileError(option.error().message);
    for (const std::string& value : e.values) {
      if (value.empty()) {
        throw ConfigFileError(
            fmt::format("{}: {}: expected a value, got an empty string", e.where, e.key));
      }
    }
    CLI::ConfigItem item;
    item.parents = e.sections;
    item.name = e.key;
    item.inputs = e.values;
    out.push_back(std::move(item));
  }
  return out;
}

void add_config_option(CLI::App& app) {
  app.set_config("--config", "",
                 "Read options from a TOML or JSON file whose keys are the long options")
      ->check([](const std::string& path) {
        // Before CLI11 opens it: a FIFO would block, a device never end.
        const auto checked = check_input_file(path);
        if (!checked) throw ConfigFileError(checked.error().message);
        return std::string();
      });
  app.config_formatter(std::make_shared<JsonOrTomlConfig>(&app));
}

}  // namespace fasdl::cli
