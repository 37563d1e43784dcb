#include "fasdl/formats/plot.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "search/grid_evaluator.h"
#include "search/search_internal.h"

namespace fasdl {

Expected<PlotTerminal> plot_terminal_for(std::string_view path) {
  const auto ends = [&](std::string_view s) {
    return path.size() >= s.size() && path.substr(path.size() - s.size()) == s;
  };
  if (ends(".svg")) return PlotTerminal::kSvg;
  if (ends(".png")) return PlotTerminal::kPng;
  return Error{fmt::format("--plot {}: expected a file name ending in .svg or .png", path)};
}

std::string gnuplot_quoted(std::string_view s) {
  std::string out = "'";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\'') {
      out += "''";
    } else if (u < 0x20 || u == 0x7f) {
      out += '?';  // a line break would end the string and start a command
    } else {
      out += c;
    }
  }
  return out + "'";
}

namespace {

std::string terminal_line(PlotTerminal terminal, int height) {
  return terminal == PlotTerminal::kSvg
             ? fmt::format(
                   "set terminal svg size 960,{} dynamic background rgb 'white' font "
                   "'Helvetica,13'",
                   height)
             : fmt::format(
                   "set terminal pngcairo size 960,{} background rgb 'white' font "
                   "'Helvetica,11'",
                   height);
}

// No `set output`: the picture goes to gnuplot's standard output, which the caller
// writes to the file, so that no path ever becomes part of a script.
std::string preamble(PlotTerminal terminal, std::string_view title) {
  return fmt::format(
      "{}\nset title {} noenhanced\nset key outside right top noenhanced\n"
      "set grid lc rgb '#dddddd'\n",
      terminal_line(terminal, 640), gnuplot_quoted(title));
}

// A data block of seconds (hours) and dollars, one point a line.
std::string block(std::string_view name, const std::vector<Prediction>& points) {
  std::string out = fmt::format("${} << EOD\n", name);
  for (const Prediction& p : points)
    out += fmt::format("{} {}\n", p.seconds / 3600, p.dollars);
  return out + "EOD\n";
}

// Feasible configurations of the search space (above the memory floor), every
// stride-th, at most `max`.
std::vector<Prediction> sample_space(const Model& model, const SearchOptions& o, std::size_t max) {
  const MemoryGrid grid = floored_grid(model, o.memory);
  if (grid.size() == 0) return {};
  const GridEvaluator evaluator(model, grid);
  const int w_max = search_internal::worker_limit(model, o);
  long long total = 0;
  for (int w = std::max(1, o.min_workers); w <= w_max; ++w) {
    const auto [k_lo, k_hi] = search_internal::aggregator_range(o.aggregators, w);
    total += static_cast<long long>(k_hi - k_lo + 1) * evaluator.size();
  }
  const long long stride =
      std::max<long long>(1, total / static_cast<long long>(std::max<std::size_t>(1, max)));
  std::vector<Prediction> out;
  long long index = 0;
  GridEvaluator::Columns columns;
  for (int w = std::max(1, o.min_workers); w <= w_max; ++w) {
    const auto [k_lo, k_hi] = search_internal::aggregator_range(o.aggregators, w);
    for (int k = k_lo; k <= k_hi; ++k) {
      evaluator.fill(k, columns);
      for (int i = 0; i < evaluator.size(); ++i, ++index) {
        if (index % stride != 0) continue;
        const Prediction p = evaluator.evaluate(w, i, columns);
        if (p.feasible()) out.push_back(p);
      }
    }
  }
  return out;
}

}  // namespace

namespace {

// The space's cloud, its front and the constraint lines of `o`, with the
// plot command's first terms in `plots`.
std::string space_script(const Model& model, const SearchOptions& o, const ParetoFront& front,
                         PlotTerminal terminal, std::size_t max_points, std::string& plots) {
  SearchOptions space = o;
  space.aggregators = AggregatorRule::kAny;
  space.deadline_seconds.reset();
  space.budget_dollars.reset();
  std::string s = preamble(terminal, fmt::format("{} on {}: time against dollars",
                                                 model.workload().name, model.profile().name));
  s += "set logscale xy\nset xlabel 'training time (hours)'\nset ylabel 'cost (US dollars)'\n"
       "set autoscale fix\nset offsets graph 0.05, graph 0.05, graph 0.08, graph 0.08\n";
  s += block("cloud", sample_space(model, space, max_points));
  s += block("front", front.plans);
  plots =
      "$cloud with points pt 7 ps 0.25 lc rgb '#b0b0b0' title 'configurations', "
      "$front with steps lw 2 lc rgb '#1f77b4' title 'Pareto front', "
      "$front with points pt 7 ps 0.5 lc rgb '#1f77b4' notitle";
  if (o.deadline_seconds) {
    s += fmt::format(
        "set arrow from {0},graph 0 to {0},graph 1 nohead dt 2 lw 2 lc rgb '#ff7f0e'\n"
        "set label 'deadline' at {0},graph 0.97 offset 0.5,0 tc rgb '#ff7f0e'\n",
        *o.deadline_seconds / 3600);
  }
  if (o.budget_dollars && *o.budget_dollars > 0) {
    s += fmt::format(
        "set arrow from graph 0,first {0} to graph 1,first {0} nohead dt 2 lw 2 lc rgb '#8c564b'\n"
        "set label 'budget' at graph 0.99,first {0} right offset 0,0.7 tc rgb '#8c564b'\n",
        *o.budget_dollars);
  }
  return s;
}

}  // namespace

std::string plan_plot_script(const Model& model, const PlanReport& r, const ParetoFront& front,
                             PlotTerminal terminal, std::size_t max_points) {
  std::string plots;
  std::string s = space_script(model, r.options, front, terminal, max_points, plots);
  const auto marker = [&](std::string_view name, const std::optional<Prediction>& p,
                          std::string_view title, int point_type, std::string_view colour) {
    if (!p) return;
    s += block(name, {*p});
    plots += fmt::format(", ${} with points pt {} ps 2.2 lw 2 lc rgb '{}' title {}", name,
                         point_type, colour, gnuplot_quoted(title));
  };
  marker("scatter", r.scatter_reduce, "ScatterReduce (K = W)", 9, "#d62728");
  marker("allreduce", r.all_reduce, "AllReduce (K = 1)", 11, "#9467bd");
  if (r.summary.status == SearchStatus::kOk) {
    const Prediction& p = *r.summary.plan;
    marker("plan", r.summary.plan,
           fmt::format("plan: W={} M={} K={}", p.config.workers, p.config.memory_mb,
                       p.config.aggregators),
           5, "#2ca02c");
  }
  return s + "plot " + plots + "\n";
}

std::string pareto_plot_script(const Model& model, const SearchOptions& options,
                               const ParetoFront& front, PlotTerminal terminal,
                               std::size_t max_points) {
  std::string plots;
  const std::string s = space_script(model, options, front, terminal, max_points, plots);
  return s + "plot " + plots + "\n";
}

namespace {

// One panel: the cheapest dollars over K for every (M, W) of the grid under
// one --set combination, its data block named $cellsN.
std::string heatmap_panel(const SweepCase& c, const SweepGrid& grid, std::size_t n) {
  std::string title = fmt::format("{} on {}: cheapest dollars over K", c.model.workload().name,
                                  c.model.profile().name);
  for (const auto& [key, value] : c.settings)
    title += fmt::format(", {}={}", key, value);
  std::string s =
      fmt::format("set title {} noenhanced\n$cells{} << EOD\n", gnuplot_quoted(title), n);
  const std::vector<int> workers = grid.workers.values(0);
  const std::vector<int> memories = grid.memory.values(0);
  for (const int w : workers) {
    const std::vector<int> ks = grid.aggregators.values(w);
    for (const int m : memories) {
      double best = std::numeric_limits<double>::infinity();
      for (const int k : ks) {
        const Prediction p = c.model.predict({w, m, k});
        if (p.feasible()) best = std::min(best, p.dollars);
      }
      s += std::isfinite(best) ? fmt::format("{} {} {}\n", m, w, best)
                               : fmt::format("{} {} NaN\n", m, w);
    }
    s += "\n";
  }
  s += "EOD\n";
  // An image needs evenly spaced cells; otherwise squares at each cell.
  const auto even = [](const std::vector<int>& v) {
    for (std::size_t i = 2; i < v.size(); ++i) {
      if (v[i] - v[i - 1] != v[1] - v[0]) return false;
    }
    return true;
  };
  if (even(workers) && even(memories)) {
    return s + fmt::format("plot $cells{} using 1:2:3 with image notitle\n", n);
  }
  return s +
         fmt::format("plot $cells{} using 1:2:3 with points pt 5 ps 1.5 lc palette notitle\n", n);
}

}  // namespace

Expected<std::string> sweep_heatmap_script(const std::vector<SweepCase>& cases,
                                           const SweepGrid& grid, PlotTerminal terminal) {
  if (cases.empty() || cases.size() > kMaxHeatmapPanels) {
    return Error{fmt::format(
        "--plot cannot go with these --set values: they make {} combinations and the picture "
        "has one panel each, at most {}",
        cases.size(), kMaxHeatmapPanels)};
  }
  const std::size_t columns = cases.size() == 1 ? 1 : 2;
  const std::size_t rows = (cases.size() + columns - 1) / columns;
  std::string s =
      fmt::format("{}\nset key off\nset grid lc rgb '#dddddd'\n",
                  terminal_line(terminal, static_cast<int>(rows == 1 ? 640 : 420 * rows)));
  s += "set xlabel 'function memory M (MB)'\nset ylabel 'workers W'\nset cblabel 'US dollars'\n"
       "set palette rgb 33,13,10\nset view map\nset datafile missing 'NaN'\nset autoscale fix\n";
  if (cases.size() > 1) s += fmt::format("set multiplot layout {},{}\n", rows, columns);
  for (std::size_t i = 0; i < cases.size(); ++i)
    s += heatmap_panel(cases[i], grid, i);
  if (cases.size() > 1) s += "unset multiplot\n";
  return s;
}

}  // namespace fasdl
