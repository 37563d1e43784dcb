#include "sweep_command.h"

#include <fmt/format.h>

#include <optional>

#include "common.h"
#include "fasdl/formats/plot.h"
#include "fasdl/formats/sweep.h"
#include "parse_args.h"
#include "plot_output.h"
#include "progress.h"
#include "vocabulary.h"

namespace fasdl::cli {

CLI::App* add_sweep_command(CLI::App& app, SweepCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand("sweep",
                                     "Predict every configuration of a grid, streamed as "
                                     "CSV or JSON lines");
  cmd->add_option("--profile", o.profile, "Platform profile: a catalog name or a JSON file")
      ->capture_default_str();
  cmd->add_option("--model", o.model,
                  "Workload: a catalog name or a JSON file (default: the top level's --model)");
  cmd->add_option("--workers", o.workers, "W values: 1:64, 8:64:8 or 1,2,4 (default 1:floor(G/B))");
  cmd->add_option("--memory", o.memory,
                  "M values in MB: 128:3008:64 or a list (default: the profile's)");
  cmd->add_option("--aggregators", o.aggregators, "K values: 1:W, 2:W:2 or a list")
      ->capture_default_str();
  cmd->add_option("--set", o.set,
                  "Override a workload or profile number, several values give several rows: "
                  "epochs=5,10,20, prices.function_mb_second=1.33e-8 (repeatable)");
  cmd->add_option("--format", o.format, "csv, or json (JSON lines; jsonl is the same)")
      ->check(CLI::IsMember({"csv", "json", "jsonl"}))
      ->capture_default_str();
  cmd->add_option("--jobs", o.jobs, "Threads (default: every core)")
      ->check(whole_number(1, 2'147'483'647));
  add_confidence_option(*cmd, o.confidence)->capture_default_str();
  add_quiet_flag(*cmd, &o.quiet);
  cmd->add_flag("--force", o.force, "Write a grid of more than 10,000,000 rows");
  cmd->add_option("--plot", o.plot,
                  "Also draw a heat map of the cheapest dollars over K for each memory and W to "
                  "FILE.svg or FILE.png, one panel per --set combination (needs gnuplot)");
  cmd->footer(
      "Rows come in a fixed order (each --set combination, then W, K and M as listed) whatever\n"
      "--jobs is; memory stays flat however large the grid. A progress line with an ETA shows on\n"
      "stderr when it is a terminal and the sweep takes more than a second. A grid of more than\n"
      "10,000,000 rows is refused (with its row count and time) unless --force.\n"
      "Examples:\n"
      "  fasdl-plan sweep --model resnet50 --workers 1:64 --memory 128:3008:64 > grid.csv\n"
      "  fasdl-plan sweep --model resnet50 --workers 8,16 --aggregators 1,2,4 --set "
      "epochs=5,10,20\n"
      "  fasdl-plan sweep --model resnet50 --workers 16 --set prices.function_mb_second=1.33e-8 "
      "--format json");
  return cmd;
}

namespace {

// The grid's size is checked before any row: a grid of 10^13 rows would never finish.
std::optional<Error> check_size(const SweepCommandOptions& o, long long cases,
                                const SweepGrid& grid) {
  const double rows = sweep_rows(cases, grid);
  if (rows > kMaxSweepRows && !o.force) {
    const double per_case = sweep_rows(1, grid);
    const std::string each = cases == 1
                                 ? ""
                                 : fmt::format(" ({} --set combinations of {:.3g} row{})",
                                               readable(cases), per_case, per_case == 1 ? "" : "s");
    return Error{fmt::format(
        "the grid has {:.3g} rows{}: about {} at a million rows a second, more than the {} a "
        "sweep writes without --force; narrow --workers, --memory, --aggregators or --set",
        rows, each, duration_text(rows / 1e6), readable(static_cast<long long>(kMaxSweepRows)))};
  }
  const double cells =
      static_cast<double>(grid.workers.count(0)) * static_cast<double>(grid.memory.count(0));
  if (!o.plot.empty() && cells > kMaxPlotCells) {
    return Error{fmt::format(
        "--plot {}: the heat map would have {:.3g} cells (W x M), more than the {} a picture "
        "shows; narrow --workers or --memory",
        o.plot, cells, readable(static_cast<long long>(kMaxPlotCells)))};
  }
  return std::nullopt;
}

}  // namespace

int run_sweep_command(const SweepCommandOptions& o) {
  if (o.model.empty()) {
    return report({"--model is required: a catalog name or a workload JSON file (see --help)"});
  }
  auto documents = load_documents(o.profile, o.model);
  if (!documents) return report(documents.error());
  std::vector<Override> overrides;
  for (const std::string& text : o.set) {
    auto parsed = parse_override(text);
    if (!parsed) return report(parsed.error());
    overrides.push_back(std::move(parsed).value());
  }
  SweepCases cases;
  cases.count = combination_count(overrides);
  for (const Override& over : overrides)
    cases.keys.push_back(over.key);
  cases.build = [&](long long index) -> Expected<SweepCase> {
    Settings settings = combination(overrides, index);
    auto model = build_model(*documents, settings);
    if (!model) return model.error();
    return SweepCase{std::move(settings), std::move(model).value()};
  };
  auto first = cases.build(0);
  if (!first) return report(first.error());
  const MemoryRange& range = first->model.profile().memory;
  const std::string workers =
      o.workers.empty() ? fmt::format("1:{}", first->model.max_workers()) : o.workers;
  const std::string memory =
      o.memory.empty() ? fmt::format("{}:{}:{}", range.min_mb, range.max_mb, range.step_mb)
                       : o.memory;
  auto w = IntList::parse(workers, "--workers", false);
  if (!w) return report(w.error());
  auto m = IntList::parse(memory, "--memory", false);
  if (!m) return report(m.error());
  auto k = IntList::parse(o.aggregators, "--aggregators", true);
  if (!k) return report(k.error());
  auto format = sweep_format_from_string(o.format == "json" ? "jsonl" : o.format);
  if (!format) return report(format.error());
  const SweepGrid grid{*w, *m, *k};
  if (auto e = check_size(o, cases.count, grid)) return report(*e);
  // Every value alone, before any row: a bad one is an error now, not after hours of rows.
  for (const Override& over : overrides) {
    for (const std::string& value : over.values) {
      if (auto m = build_model(*documents, {{over.key, value}}); !m) return report(m.error());
    }
  }

  if (!o.plot.empty()) {
    const auto terminal = plot_terminal_for(o.plot);
    if (!terminal) return report(terminal.error());
    // One panel per --set combination: at most kMaxHeatmapPanels, built only then.
    std::vector<SweepCase> panels;
    for (long long i = 0; i < cases.count && i <= static_cast<long long>(kMaxHeatmapPanels); ++i) {
      auto c = i == 0 ? std::move(first) : cases.build(i);
      if (!c) return report(c.error());
      panels.push_back(std::move(c).value());
    }
    const auto script = sweep_heatmap_script(panels, grid, *terminal);
    if (!script) {
      return report({cases.count > static_cast<long long>(kMaxHeatmapPanels)
                         ? fmt::format("--plot cannot go with these --set values: they make {} "
                                       "combinations and the picture has one panel each, at "
                                       "most {}",
                                       readable(cases.count), kMaxHeatmapPanels)
                         : script.error().message});
    }
    if (const int code = draw_plot(*script, o.plot)) return code;
  }
  Progress progress(!o.quiet && !quiet());
  const SweepSummary summary = run_sweep(
      cases, grid, {*format, o.jobs, o.confidence}, [](std::string_view text) { return out(text); },
      [&progress](long long done, double total) { progress.update(done, total); });
  if (summary.error) return report(*summary.error);
  return kExitOk;  // a write that failed stopped the sweep; finish() reports it
}

}  // namespace fasdl::cli
