#include "config_file.h"

#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fasdl::cli {

namespace {

std::string scalar(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

void flatten(const nlohmann::json& object, std::vector<std::string>& parents,
             std::vector<CLI::ConfigItem>& out) {
  for (const auto& [key, value] : object.items()) {
    if (value.is_object()) {
      parents.push_back(key);
      flatten(value, parents, out);
      parents.pop_back();
      continue;
    }
    CLI::ConfigItem item;
    item.parents = parents;
    item.name = key;
    if (value.is_array()) {
      for (const auto& v : value)
        item.inputs.push_back(scalar(v));
    } else if (value.is_boolean()) {
      item.inputs.push_back(value.get<bool>() ? "true" : "false");
    } else {
      item.inputs.push_back(scalar(value));
    }
    out.push_back(std::move(item));
  }
}

}  // namespace

std::vector<CLI::ConfigItem> JsonOrTomlConfig::from_config(std::istream& input) const {
  const std::string text{std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>()};
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || text[first] != '{') {
    std::istringstream toml(text);
    return CLI::ConfigTOML::from_config(toml);
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    std::string what = e.what();
    const CLI::Option* option = app_->get_config_ptr();
    const std::string file =
        option != nullptr && option->count() > 0 ? option->as<std::string>() : "--config";
    throw CLI::ConversionError(file + ": invalid JSON: " + what.substr(what.find("] ") + 2));
  }
  std::vector<CLI::ConfigItem> out;
  std::vector<std::string> parents;
  flatten(doc, parents, out);
  return out;
}

void add_config_option(CLI::App& app) {
  app.set_config("--config", "",
                 "Read options from a TOML or JSON file whose keys are the long options");
  app.config_formatter(std::make_shared<JsonOrTomlConfig>(&app));
}

}  // namespace fasdl::cli
