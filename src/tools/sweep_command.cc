#include "sweep_command.h"

#include <fmt/format.h>

#include <cstdio>

#include "common.h"
#include "fasdl/formats/plot.h"
#include "fasdl/formats/sweep.h"
#include "plot_output.h"
#include "progress.h"

namespace fasdl::cli {

CLI::App* add_sweep_command(CLI::App& app, SweepCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand("sweep",
                                     "Predict every configuration of a grid, streamed as "
                                     "CSV or JSON lines");
  cmd->add_option("--profile", o.profile, "Platform profile: a catalog name or a JSON file")
      ->capture_default_str();
  cmd->add_option("--model", o.model, "Workload: a catalog name or a JSON file")->required();
  cmd->add_option("--workers", o.workers, "W values: 1:64, 8:64:8 or 1,2,4 (default 1:floor(G/B))");
  cmd->add_option("--memory", o.memory,
                  "M values in MB: 128:3008:64 or a list (default: the profile's)");
  cmd->add_option("--aggregators", o.aggregators, "K values: 1:W, 2:W:2 or a list")
      ->capture_default_str();
  cmd->add_option("--set", o.set,
                  "Override a workload or profile number, several values give several rows: "
                  "epochs=5,10,20, prices.function_mb_second=1.33e-8 (repeatable)");
  cmd->add_option("--format", o.format, "csv or jsonl")
      ->check(CLI::IsMember({"csv", "jsonl"}))
      ->capture_default_str();
  cmd->add_option("--jobs", o.jobs, "Threads (default: every core)")->check(CLI::PositiveNumber);
  cmd->add_option("--confidence", o.confidence, "Level of the intervals of an uncertain model")
      ->check(CLI::Range(0.5, 0.9999))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", o.quiet, "No progress line on stderr");
  cmd->add_option("--plot", o.plot,
                  "Also draw a heat map of the cheapest dollars over K for each memory and W to "
                  "FILE.svg or FILE.png, one panel per --set combination (needs gnuplot)");
  cmd->footer(
      "Rows come in a fixed order (each --set combination, then W, K and M as listed) whatever\n"
      "--jobs is; memory stays flat however large the grid. A progress line with an ETA shows on\n"
      "stderr when it is a terminal and the sweep takes more than a second.\n"
      "Examples:\n"
      "  fasdl-plan sweep --model resnet50 --workers 1:64 --memory 128:3008:64 > grid.csv\n"
      "  fasdl-plan sweep --model resnet50 --workers 8,16 --aggregators 1,2,4 --set "
      "epochs=5,10,20\n"
      "  fasdl-plan sweep --model resnet50 --workers 16 --set prices.function_mb_second=1.33e-8 "
      "--format jsonl");
  return cmd;
}

int run_sweep_command(const SweepCommandOptions& o) {
  auto documents = load_documents(o.profile, o.model);
  if (!documents) return report(documents.error());
  std::vector<Override> overrides;
  for (const std::string& text : o.set) {
    auto parsed = parse_override(text);
    if (!parsed) return report(parsed.error());
    overrides.push_back(std::move(parsed).value());
  }
  std::vector<SweepCase> cases;
  for (Settings& settings : combinations(overrides)) {
    auto model = build_model(*documents, settings);
    if (!model) return report(model.error());
    cases.push_back({std::move(settings), std::move(model).value()});
  }
  const Model& first = cases.front().model;
  const MemoryRange& range = first.profile().memory;
  const std::string workers =
      o.workers.empty() ? fmt::format("1:{}", first.max_workers()) : o.workers;
  const std::string memory =
      o.memory.empty() ? fmt::format("{}:{}:{}", range.min_mb, range.max_mb, range.step_mb)
                       : o.memory;
  auto w = IntList::parse(workers, "--workers", false);
  if (!w) return report(w.error());
  auto m = IntList::parse(memory, "--memory", false);
  if (!m) return report(m.error());
  auto k = IntList::parse(o.aggregators, "--aggregators", true);
  if (!k) return report(k.error());
  auto format = sweep_format_from_string(o.format);
  if (!format) return report(format.error());

  if (!o.plot.empty()) {
    const auto terminal = plot_terminal_for(o.plot);
    if (!terminal) return report(terminal.error());
    const auto script = sweep_heatmap_script(cases, {*w, *m, *k}, o.plot, *terminal);
    if (!script) return report(script.error());
    auto drawn = run_gnuplot(*script, o.plot);
    if (!drawn) return report(drawn.error());
  }
  Progress progress(!o.quiet);
  run_sweep(
      cases, {*w, *m, *k}, {*format, o.jobs, o.confidence},
      [](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); },
      [&progress](long long done, long long total) { progress.update(done, total); });
  return std::fflush(stdout) == 0 ? kExitOk : report({"stdout: write failed"});
}

}  // namespace fasdl::cli
