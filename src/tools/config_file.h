// Config files for `--config`: keys mirror the long options. TOML (CLI11's
// own reader) or JSON (an object; nested objects for subcommands, arrays for
// repeatable options):
//   model = "resnet50"            {"model": "resnet50", "budget": 5,
//   budget = "5"                   "set": ["epochs=20"],
//   set = ["epochs=20"]            "sweep": {"workers": "1:64"}}
//   [sweep]
//   workers = "1:64"
#pragma once

#include <CLI/CLI.hpp>

namespace fasdl::cli {

class JsonOrTomlConfig : public CLI::ConfigTOML {
 public:
  // `app` names the file in messages (its --config option).
  explicit JsonOrTomlConfig(const CLI::App* app) : app_(app) {}
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;

 private:
  const CLI::App* app_;
};

// Adds --config to `app` with the JSON-or-TOML reader.
void add_config_option(CLI::App& app);

}  // namespace fasdl::cli
