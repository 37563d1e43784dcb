// Config files for `--config`: keys mirror the long options, subcommands are
// TOML sections or nested JSON objects (fasdl/formats/config_document.h).
// The file is read by files.cc like every input (a regular file of bounded
// size), parsed strictly, and every key must name a long option that a
// config may set: a typo is an error naming the file, the line or JSON path
// and the key, never an option silently left at its default.
#pragma once

#include <CLI/CLI.hpp>

namespace fasdl::cli {

// A config file that cannot be read or used: the message is the whole line
// (file, line or JSON path, what was expected), printed as it is.
struct ConfigFileError : CLI::ParseError {
  explicit ConfigFileError(const std::string& message)
      : CLI::ParseError("ConfigFileError", message, 2) {}
};

class JsonOrTomlConfig : public CLI::ConfigTOML {
 public:
  // `app` is the program's app: its --config option names the file, and its
  // options and subcommands are the keys a file may hold.
  explicit JsonOrTomlConfig(const CLI::App* app) : app_(app) {}
  // Reads the file named by --config (not `input`, which CLI11 opened).
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;

 private:
  const CLI::App* app_;
};

// Adds --config to `app` with the JSON-or-TOML reader.
void add_config_option(CLI::App& app);

}  // namespace fasdl::cli
