#include "storage_command.h"

#include <cmath>
#include <fstream>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "common.h"
#include "fasdl/files.h"

namespace fasdl::cli {

CLI::App* add_storage_command(CLI::App& app, StorageOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "storage", "Write a platform profile from measured upload and download times");
  cmd->add_option("-i,--input", o.input, "Measurements: CSV direction,memory_mb,size_mb,seconds")
      ->required();
  cmd->add_option("-o,--output", o.output, "Profile to write (JSON); '-' for stdout")->required();
  cmd->add_option("--name", o.name, "Profile name")->capture_default_str();
  cmd->add_option("--description", o.description, "One line on where the measurements come from");
  cmd->add_option("--memory-min", o.memory.min_mb, "Smallest function memory, MB")->capture_default_str();
  cmd->add_option("--memory-max", o.memory.max_mb, "Largest function memory, MB")->capture_default_str();
  cmd->add_option("--memory-step", o.memory.step_mb, "Memory step, MB")->capture_default_str();
  cmd->add_option("--price-mb-second", o.prices.function_mb_second, "$ per MB-second of function time")
      ->capture_default_str();
  cmd->add_option("--price-put", o.prices.put_request, "$ per storage write")->capture_default_str();
  cmd->add_option("--price-get", o.prices.get_request, "$ per storage read")->capture_default_str();
  cmd->add_option("--sync-seconds-per-mb", o.sync.seconds_per_mb, "c_sync, s per MB")
      ->capture_default_str();
  cmd->add_option("--sync-offset-mb", o.sync.offset_mb, "f_0, MB")->capture_default_str();
  cmd->footer("Example:\n  fasdl-profile storage -i transfers.csv --name my-lambda -o profiles/my-lambda.json");
  return cmd;
}

namespace {

// The options that become the profile's numbers, checked as parse_profile
// checks its fields, so that a bad one is named by its flag.
std::optional<Error> check_options(const StorageOptions& o) {
  const std::pair<const char*, double> numbers[] = {
      {"--price-mb-second", o.prices.function_mb_second},
      {"--price-put", o.prices.put_request},
      {"--price-get", o.prices.get_request},
      {"--sync-seconds-per-mb", o.sync.seconds_per_mb},
      {"--sync-offset-mb", o.sync.offset_mb}};
  for (const auto& [flag, value] : numbers) {
    if (!(std::isfinite(value) && value >= 0)) {
      return Error{fmt::format("{}: expected a non-negative number, got {}", flag, value)};
    }
  }
  constexpr int kMaxMemory = 1'000'000;
  const MemoryRange& m = o.memory;
  if (m.min_mb < 1 || m.min_mb > kMaxMemory) {
    return Error{fmt::format("--memory-min: expected a whole number of MB from 1 to {}, got {}",
                             kMaxMemory, m.min_mb)};
  }
  if (m.max_mb < m.min_mb || m.max_mb > kMaxMemory) {
    return Error{fmt::format("--memory-max: expected a whole number of MB from --memory-min ({}) "
                             "to {}, got {}",
                             m.min_mb, kMaxMemory, m.max_mb)};
  }
  if (m.step_mb < 1 || m.step_mb > kMaxMemory) {
    return Error{fmt::format("--memory-step: expected a whole number of MB from 1 to {}, got {}",
                             kMaxMemory, m.step_mb)};
  }
  return std::nullopt;
}

}  // namespace

int run_storage(const StorageOptions& o) {
  if (const auto error = check_options(o)) return report(*error);
  const auto text = read_file(o.input);
  if (!text) return report(text.error());
  auto rows = parse_transfer_csv(*text, o.input);
  if (!rows) return report(rows.error());
  auto table = TransferTable::from_measurements(std::move(rows).value(), o.input);
  if (!table) return report(table.error());
  Profile p;
  p.name = o.name;
  p.description = o.description;
  p.memory = o.memory;
  p.prices = o.prices;
  p.sync = o.sync;
  p.transfers = std::move(table).value();
  const std::string json = profile_to_json(p);
  // Round trip: what we write must load.
  const auto check = parse_profile(json, o.output, [](const std::string&) -> Expected<Source> {
    return Error{"inline transfers only"};
  });
  if (!check) return report(check.error());
  if (check->name != p.name || check->description != p.description) {
    return report({"--name, --description: expected UTF-8 text, got invalid bytes"});
  }
  if (o.output == "-") {
    fmt::print("{}", json);
    return kExitOk;
  }
  std::ofstream out(o.output, std::ios::binary);
  out << json;
  if (!out) return report({fmt::format("{}: cannot write", o.output)});
  return kExitOk;
}

}  // namespace fasdl::cli
