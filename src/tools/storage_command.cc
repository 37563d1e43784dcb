#include "storage_command.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <utility>

#include "common.h"
#include "fasdl/base/output_format.h"
#include "fasdl/fit/fit.h"
#include "fasdl/fit/transfer_fit.h"
#include "fasdl/formats/files.h"
#include "fasdl/formats/fit_report.h"
#include "fasdl/formats/plan_format.h"
#include "fasdl/formats/profile_json.h"
#include "fasdl/formats/transfer_csv.h"
#include "parse_args.h"
#include "vocabulary.h"

namespace fasdl::cli {

CLI::App* add_storage_command(CLI::App& app, StorageOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "storage", "Write a platform profile from measured upload and download times");
  cmd->add_option("-i,--input", o.input, "Measurements: CSV direction,memory_mb,size_mb,seconds")
      ->required();
  cmd->add_option("-o,--output", o.output, "Profile to write (JSON); '-' for stdout")->required();
  cmd->add_option("--name", o.name, "Profile name")->capture_default_str();
  cmd->add_option("--description", o.description, "One line on where the measurements come from");
  cmd->add_option("--memory-min", o.memory_min,
                  "Smallest function memory plans may use, MB (default: the smallest measured "
                  "column; below it, a warning names the column reused)");
  cmd->add_option("--memory-max", o.memory_max,
                  "Largest function memory plans may use, MB (default: the largest measured "
                  "column; above it, a warning names the column reused)");
  cmd->add_option("--memory-step", o.memory_step, "Memory step, MB (default 1, Lambda's)");
  cmd->add_option("--price-mb-second", o.prices.function_mb_second,
                  "$ per MB-second of function time")
      ->capture_default_str();
  cmd->add_option("--price-put", o.prices.put_request, "$ per storage write")
      ->capture_default_str();
  cmd->add_option("--price-get", o.prices.get_request, "$ per storage read")->capture_default_str();
  cmd->add_option("--sync-seconds-per-mb", o.sync.seconds_per_mb, "c_sync, s per MB")
      ->capture_default_str();
  cmd->add_option("--sync-offset-mb", o.sync.offset_mb, "f_0, MB")->capture_default_str();
  cmd->add_option("--platform", o.platform,
                  "Today's platform terms for the profile: a catalog name (configs/platforms/), "
                  "a JSON file holding its \"platform\" object (docs/formats.md), or none for "
                  "the reference form")
      ->capture_default_str();
  cmd->add_option("--resample", o.resample,
                  "Write points at these sizes (MB) of the monotone-smoothed measurements, e.g. "
                  "1:20:1,25:50:5,100 (START:STOP:STEP ranges and numbers)");
  cmd->add_option("--outlier-mads", o.outlier_mads,
                  "Report points whose residual is more than this many median absolute "
                  "deviations off their column's line")
      ->check(positive_number())
      ->capture_default_str();
  add_quiet_flag(*cmd);
  cmd->add_option("--format", o.format, "Fit report: table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  cmd->footer(
      "Reads direction,memory_mb,size_mb,seconds rows (repeats are combined by median), writes "
      "the\n"
      "profile and prints a latency + size / bandwidth fit of every column (with -o -, the\n"
      "profile goes to stdout and the report to stderr).\n"
      "Example:\n  fasdl-profile storage -i transfers.csv --name my-lambda -o "
      "profiles/my-lambda.json");
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
  const std::pair<const char*, std::optional<int>> memory[] = {{"--memory-min", o.memory_min},
                                                               {"--memory-max", o.memory_max},
                                                               {"--memory-step", o.memory_step}};
  for (const auto& [flag, value] : memory) {
    if (value && (*value < 1 || *value > kMaxMemory)) {
      return Error{fmt::format("{}: expected a whole number of MB from 1 to {}, got {}", flag,
                               kMaxMemory, *value)};
    }
  }
  if (o.memory_min && o.memory_max && *o.memory_max < *o.memory_min) {
    return Error{
        fmt::format("--memory-max: expected a whole number of MB from --memory-min ({}) "
                    "to {}, got {}",
                    *o.memory_min, kMaxMemory, *o.memory_max)};
  }
  return std::nullopt;
}

// The memory sizes plans may use: the options, else the measured columns in 1 MB steps.
// Sizes beyond the measured columns reuse an end column's transfer times, which a
// warning names (docs/profiles.md, "Beyond the measurements").
Expected<MemoryRange> memory_range(const StorageOptions& o, const TransferTable& table) {
  const TransferTable::MeasuredRange measured = table.measured_memory();
  MemoryRange r{o.memory_min.value_or(measured.min_mb), o.memory_max.value_or(measured.max_mb),
                o.memory_step.value_or(1)};
  if (r.max_mb < r.min_mb && !o.memory_min) {
    return Error{fmt::format(
        "--memory-max: expected a whole number of MB from --memory-min ({}, the smallest "
        "measured column) to 1000000, got {}",
        r.min_mb, r.max_mb)};
  }
  if (r.max_mb < r.min_mb) {
    return Error{fmt::format(
        "--memory-min: expected a whole number of MB from 1 to --memory-max ({}, the largest "
        "measured column), got {}",
        r.max_mb, r.min_mb)};
  }
  if (r.min_mb < measured.min_mb) {
    warn(
        fmt::format("memory {}..{} MB is below the smallest measured column: it reuses the "
                    "{} MB column's transfer times",
                    r.min_mb, std::min(r.max_mb, measured.min_mb - 1), measured.min_mb));
  }
  if (r.max_mb > measured.max_mb) {
    warn(
        fmt::format("memory {}..{} MB is above the largest measured column: it reuses the "
                    "{} MB column's transfer times",
                    std::max(r.min_mb, measured.max_mb + 1), r.max_mb, measured.max_mb));
  }
  return r;
}

// The platform terms: none, a catalog name or a file.
Expected<Platform> platform_terms(const StorageOptions& o) {
  if (o.platform == "none") return Platform{};
  const auto path = resolve(o.platform, CatalogKind::kPlatform);
  if (!path) return Error{fmt::format("--platform: {}", path.error().message)};
  const auto text = read_file(*path);
  if (!text) return text.error();
  return parse_platform(*text, *path);
}

}  // namespace

int run_storage(const StorageOptions& o) {
  if (const auto error = check_options(o)) return report(*error);
  const auto format = output_format_from_string(o.format);
  if (!format) return report(format.error());
  const auto text = read_file(o.input);
  if (!text) return report(text.error());
  auto rows = parse_transfer_csv(*text, o.input);
  if (!rows) return report(rows.error());
  const std::size_t measurements = rows->size();
  auto table = TransferTable::from_measurements(std::move(rows).value(), o.input);
  if (!table) return report(table.error());
  FitOptions fit_options;
  fit_options.outlier_mads = o.outlier_mads;
  const std::vector<LineFit> fits = fit_transfer_lines(*table, fit_options);
  auto platform = platform_terms(o);
  if (!platform) return report(platform.error());
  const auto memory = memory_range(o, *table);
  if (!memory) return report(memory.error());
  Profile p;
  p.name = o.name;
  p.description = o.description;
  p.memory = *memory;
  p.prices = o.prices;
  p.sync = o.sync;
  p.transfers = *table;
  p.platform = std::move(platform).value();
  std::string points = "the measured points";
  if (!o.resample.empty()) {
    const auto sizes = parse_size_list(o.resample);
    if (!sizes) return report({fmt::format("--resample: {}", sizes.error().message)});
    auto resampled = resample(*table, *sizes);
    if (!resampled) return report(resampled.error());
    p.transfers = std::move(resampled).value();
    points = fmt::format("{} sizes of the monotone-smoothed measurements", sizes->size());
  }
  const std::string json = profile_to_json(p);
  // Round trip: what we write must load.
  const auto check = parse_profile(json, o.output, [](const std::string&) -> Expected<Source> {
    return Error{"inline transfers only"};
  });
  if (!check) return report(check.error());
  if (check->name != p.name || check->description != p.description) {
    return report({"--name, --description: expected UTF-8 text, got invalid bytes"});
  }
  const bool report_on_stderr = o.output == "-";
  if (report_on_stderr) {
    out(json);
  } else if (auto written = write_file(o.output, json); !written) {
    return report_write_failure(written.error());
  }
  if (*format == OutputFormat::kTable) {
    out_or_stderr(fmt::format("{}: {} measurements, {} upload and {} download columns; profile "
                              "{} written from {}\n\n",
                              o.input, measurements, table->columns(Direction::kUpload).size(),
                              table->columns(Direction::kDownload).size(),
                              o.output == "-" ? "(stdout)" : o.output, points),
                  report_on_stderr);
  }
  out_or_stderr(format_line_fits(fits, *format), report_on_stderr);
  return kExitOk;
}

}  // namespace fasdl::cli
