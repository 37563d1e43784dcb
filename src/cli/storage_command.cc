#include "storage_command.h"

#include <fstream>

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

int run_storage(const StorageOptions& o) {
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
