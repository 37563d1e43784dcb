// Fuzz target: the plot writer (plan_plot_script, sweep_heatmap_script,
// gnuplot_quoted) with the workload's and profile's names, a --set key and
// value and the deadline and budget taken from the input. Whatever they hold,
// every line of a script is a command the writer meant (set, unset, plot, a
// data block of numbers): no input byte may end a string and start a command
// of its own (a line break, a quote), no script names a file (`set output`),
// and outside strings there is no `;` (a second command), backquote (a
// program's output), `!` (a shell command) or double quote (a string gnuplot
// would expand).
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/formats/plot.h"
#include "fasdl/formats/sweep.h"
#include "fasdl/search/plan.h"
#include "fasdl/search/search.h"
#include "fuzz_check.h"

namespace {

// The input cut at NUL bytes into up to `n` pieces.
std::vector<std::string> pieces(std::string_view text, std::size_t n) {
  std::vector<std::string> out;
  while (out.size() + 1 < n) {
    const auto nul = text.find('\0');
    if (nul == std::string_view::npos) break;
    out.emplace_back(text.substr(0, nul));
    text.remove_prefix(nul + 1);
  }
  out.emplace_back(text);
  out.resize(n);
  return out;
}

// One command line: outside single-quoted strings only the characters the writer uses.
void check_command(const std::string& line) {
  FUZZ_CHECK(
      line.rfind("set ", 0) == 0 || line.rfind("unset ", 0) == 0 || line.rfind("plot ", 0) == 0,
      "not a command of the writer: {}", line);
  FUZZ_CHECK(line.rfind("set output", 0) != 0, "a script names its output: {}", line);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto u = static_cast<unsigned char>(line[i]);
    FUZZ_CHECK(u >= 0x20 && u != 0x7f, "a control character in: {}", line);
    if (line[i] == '\'') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '\'') {
        ++i;  // a doubled quote inside a string
        continue;
      }
      quoted = !quoted;
      continue;
    }
    if (!quoted) {
      FUZZ_CHECK(std::strchr(";`!\"", line[i]) == nullptr, "'{}' outside a string in: {}", line[i],
                 line);
    }
  }
  FUZZ_CHECK(!quoted, "a string left open in: {}", line);
}

void check_script(const std::string& script) {
  FUZZ_CHECK(!script.empty() && script.back() == '\n', "a script without its last line end");
  std::istringstream in(script);
  bool data = false;
  for (std::string line; std::getline(in, line);) {
    if (data) {
      if (line == "EOD") {
        data = false;
        continue;
      }
      for (const char c : line) {
        FUZZ_CHECK(std::strchr("0123456789.e+- NaN", c) != nullptr, "not a data line: {}", line);
      }
      continue;
    }
    if (line.size() > 8 && line.front() == '$' && line.substr(line.size() - 7) == " << EOD") {
      data = true;
      continue;
    }
    check_command(line);
  }
  FUZZ_CHECK(!data, "a data block without its EOD");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  using namespace fasdl;
  const std::string_view text(reinterpret_cast<const char*>(bytes), size);
  const std::vector<std::string> part = pieces(text, 5);
  const std::string quoted = gnuplot_quoted(part[0]);
  check_command("set title " + quoted);

  Profile profile = fuzz::small_profile();
  Workload workload = fuzz::small_workload();
  profile.name = part[0];
  workload.name = part[1];
  auto model = Model::create(profile, workload);
  if (!model) return 0;
  SearchOptions o;
  o.max_workers = 4;
  const std::uint8_t knob = size > 0 ? bytes[0] : 0;
  if ((knob & 1) != 0) o.deadline_seconds = 3600.0 * (1 + knob % 7);
  if ((knob & 2) != 0) o.budget_dollars = 0.5 * (1 + knob % 5);
  const PlanReport report = make_plan(*model, o, search(*model, o));
  const ParetoFront front = pareto_front(*model, report.options);
  check_script(plan_plot_script(*model, report, front, PlotTerminal::kSvg, 50));

  const SweepCase c{{{part[2], part[3]}}, *model};
  const SweepGrid grid{*IntList::parse("1,2,4", "--workers", false),
                       *IntList::parse("512,1024", "--memory", false),
                       *IntList::parse("1:W", "--aggregators", true)};
  const auto heatmap =
      sweep_heatmap_script({c}, grid, (knob & 4) != 0 ? PlotTerminal::kPng : PlotTerminal::kSvg);
  if (heatmap) check_script(*heatmap);
  return 0;
}
