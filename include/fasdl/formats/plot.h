// Plot: gnuplot scripts for the pictures of a plan and of a sweep. The
// scripts carry their data inline and write the picture to gnuplot's
// standard output (no `set output`): the caller feeds a script to gnuplot and
// writes what it prints to the file, so no path is ever part of a script.
// Text from inputs (names, --set values) appears only inside gnuplot_quoted()
// strings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/formats/sweep.h"
#include "fasdl/search/plan.h"

namespace fasdl {

enum class PlotTerminal { kSvg, kPng };
// From the output file's extension: .svg or .png.
Expected<PlotTerminal> plot_terminal_for(std::string_view path);

// `s` as a gnuplot string literal: in single quotes, each quote inside
// doubled, control characters (a line break would end the command) as '?'.
// gnuplot substitutes nothing inside single quotes.
std::string gnuplot_quoted(std::string_view s);

// The time-versus-dollars cloud of the space (sampled down to at most
// `max_points` feasible configurations), its Pareto front, the chosen plan,
// the ScatterReduce and AllReduce baselines, and the deadline and budget
// lines. Both axes are logarithmic.
std::string plan_plot_script(const Model& model, const PlanReport& report, const ParetoFront& front,
                             PlotTerminal terminal, std::size_t max_points = 6000);

// The time-versus-dollars cloud of the space, its Pareto front (cut by the
// deadline and budget of `options`) and the constraint lines: the picture of
// `fasdl-plan --pareto --plot`.
std::string pareto_plot_script(const Model& model, const SearchOptions& options,
                               const ParetoFront& front, PlotTerminal terminal,
                               std::size_t max_points = 6000);

// The most panels a sweep's heat map draws.
inline constexpr std::size_t kMaxHeatmapPanels = 12;

// A heat map of the cheapest dollars over K for every (M, W) of a sweep grid,
// one panel per --set combination (at most kMaxHeatmapPanels, else an error
// naming --plot and --set); infeasible cells (below the memory floor too)
// are left blank.
Expected<std::string> sweep_heatmap_script(const std::vector<SweepCase>& cases,
                                           const SweepGrid& grid, PlotTerminal terminal);

}  // namespace fasdl
