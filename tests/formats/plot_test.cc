// The gnuplot scripts of --plot: a plan's picture, the Pareto front cut by a
// deadline and budget (issue 14) and the sweep's heat map, one panel per --set
// combination.
#include "fasdl/formats/plot.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "fasdl/formats/sweep.h"
#include "fasdl/search/plan.h"
#include "fasdl/search/search.h"
#include "support/linear_profile.h"

using namespace fasdl;

namespace {

Model model() {
  return testing::flat_model("w", 2);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// The rows of the inline data block `$name << EOD` ... `EOD`; empty when there is none.
std::vector<std::string> block(const std::string& script, const std::string& name) {
  const std::vector<std::string> lines = lines_of(script);
  std::vector<std::string> rows;
  bool inside = false;
  for (const std::string& line : lines) {
    if (line == "$" + name + " << EOD") {
      inside = true;
    } else if (inside && line == "EOD") {
      break;
    } else if (inside) {
      rows.push_back(line);
    }
  }
  return rows;
}

bool has_line(const std::string& script, const std::string& line) {
  for (const std::string& l : lines_of(script)) {
    if (l == line) return true;
  }
  return false;
}

// A row "hours dollars" read back; the numbers must be exactly the prediction's.
void check_point(const std::string& row, const Prediction& p) {
  std::istringstream in(row);
  double hours = 0, dollars = 0;
  in >> hours >> dollars;
  INFO(row);
  CHECK(!in.fail());
  CHECK(hours == p.seconds / 3600);
  CHECK(dollars == p.dollars);
}

std::size_t one_if_feasible(const Model& m, const Config& c) {
  return m.predict(c).feasible() ? 1 : 0;
}

struct Planned {
  Model model;
  PlanReport report;
  ParetoFront front;
};

Planned planned(std::optional<double> deadline, std::optional<double> budget) {
  Model m = model();
  SearchOptions o;
  o.deadline_seconds = deadline;
  o.budget_dollars = budget;
  o.max_workers = 16;
  PlanReport r = make_plan(m, o, search(m, o));
  ParetoFront front = pareto_front(m, r.options);
  return {m, r, front};
}

Model small_model(long long epochs) {
  Workload w;
  w.name = "w";
  w.model_mb = 40;
  w.samples = 10'000;
  w.epochs = epochs;
  w.compute = {100, 16, 215};
  w.flatten = {2, -0.5};
  auto m = Model::create(testing::linear_profile({512, 2048, 512}), w);
  REQUIRE(m.ok());
  return std::move(m).value();
}

std::size_t count(const std::string& text, const std::string& piece) {
  std::size_t n = 0;
  for (auto at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1))
    ++n;
  return n;
}

}  // namespace

TEST_CASE("plot: the terminal follows the output's extension", "[plot]") {
  CHECK(*plot_terminal_for("plan.svg") == PlotTerminal::kSvg);
  CHECK(*plot_terminal_for("out/plan.png") == PlotTerminal::kPng);
  for (const char* bad : {"plan.pdf", "svg", "plan.svg.txt", ""}) {
    const auto t = plot_terminal_for(bad);
    REQUIRE(!t);
    CHECK(t.error().message ==
          std::string("--plot ") + bad + ": expected a file name ending in .svg or .png");
  }
}

TEST_CASE("plot: gnuplot strings are single-quoted with quotes doubled", "[plot]") {
  CHECK(gnuplot_quoted("plan.svg") == "'plan.svg'");
  CHECK(gnuplot_quoted("it's a 'plan'") == "'it''s a ''plan'''");
  CHECK(gnuplot_quoted("") == "''");
}

TEST_CASE("plot: text cannot leave its string: control characters become '?'", "[plot]") {
  // A line break would end the title's command and start one of the text's own.
  CHECK(gnuplot_quoted("x\nsystem \"id\"\n") == "'x?system \"id\"?'");
  CHECK(gnuplot_quoted(std::string("a\0b\x1b[31m\x7f", 9)) == "'a?b?[31m?'");
}

TEST_CASE("plot: no script names its output or runs anything a name holds", "[plot]") {
  Planned p = planned(3600.0 * 2, std::nullopt);
  Profile profile = p.model.profile();
  Workload workload = p.model.workload();
  profile.name = "x\nsystem \"id > /tmp/p\"\n";
  workload.name = "w'\n!id\n";
  const Model hostile = *Model::create(profile, workload);
  const SweepCase c{{{"epochs", "2\nsystem 'id'"}}, hostile};
  const SweepGrid grid{*IntList::parse("2", "--workers", false),
                       *IntList::parse("1024", "--memory", false),
                       *IntList::parse("1:W", "--aggregators", true)};
  for (const std::string& script :
       {plan_plot_script(hostile, p.report, p.front, PlotTerminal::kSvg),
        *sweep_heatmap_script({c}, grid, PlotTerminal::kPng)}) {
    for (const std::string& line : lines_of(script)) {
      INFO(line);
      CHECK(line.rfind("system", 0) == std::string::npos);
      CHECK(line.rfind("!", 0) == std::string::npos);
      CHECK(line.rfind("set output", 0) == std::string::npos);
    }
  }
}

TEST_CASE("plot: a plan's script sets the terminal and holds the front and the plan", "[plot]") {
  const Planned p = planned(3600.0 * 2, std::nullopt);
  REQUIRE(p.report.summary.status == SearchStatus::kOk);
  REQUIRE(p.front.plans.size() > 1);
  const std::string svg = plan_plot_script(p.model, p.report, p.front, PlotTerminal::kSvg);
  const std::vector<std::string> lines = lines_of(svg);
  REQUIRE(lines.size() > 3);
  CHECK(lines[0] ==
        "set terminal svg size 960,640 dynamic background rgb 'white' font 'Helvetica,13'");
  CHECK(lines[1] == "set title 'w on flat: time against dollars' noenhanced");
  CHECK(has_line(svg, "set logscale xy"));

  // The front, point by point, in its order; the chosen plan alone in its block.
  const std::vector<std::string> front = block(svg, "front");
  REQUIRE(front.size() == p.front.plans.size());
  for (std::size_t i = 0; i < front.size(); ++i)
    check_point(front[i], p.front.plans[i]);
  const std::vector<std::string> plan = block(svg, "plan");
  REQUIRE(plan.size() == 1);
  check_point(plan[0], *p.report.summary.plan);
  REQUIRE(p.report.scatter_reduce);
  REQUIRE(block(svg, "scatter").size() == 1);
  check_point(block(svg, "scatter")[0], *p.report.scatter_reduce);

  // The deadline is a vertical line at 2 h; no budget was given, so no budget line.
  CHECK(has_line(svg, "set arrow from 2,graph 0 to 2,graph 1 nohead dt 2 lw 2 lc rgb '#ff7f0e'"));
  CHECK(svg.find("'budget'") == std::string::npos);
  const Prediction& chosen = *p.report.summary.plan;
  const std::string title = "plan: W=" + std::to_string(chosen.config.workers) +
                            " M=" + std::to_string(chosen.config.memory_mb) +
                            " K=" + std::to_string(chosen.config.aggregators);
  CHECK(svg.find("$plan with points pt 5 ps 2.2 lw 2 lc rgb '#2ca02c' title '" + title + "'") !=
        std::string::npos);
  REQUIRE(lines.back().rfind("plot $cloud with points", 0) == 0);
  CHECK(svg.back() == '\n');

  const std::string png = plan_plot_script(p.model, p.report, p.front, PlotTerminal::kPng);
  CHECK(lines_of(png)[0] ==
        "set terminal pngcairo size 960,640 background rgb 'white' font 'Helvetica,11'");
}

TEST_CASE("plot: the cloud holds feasible configurations only, sampled down to the limit",
          "[plot]") {
  const Planned p = planned(3600.0 * 2, std::nullopt);
  for (const std::size_t limit : {50, 500}) {
    const std::string s = plan_plot_script(p.model, p.report, p.front, PlotTerminal::kSvg, limit);
    const std::vector<std::string> cloud = block(s, "cloud");
    INFO("limit " << limit);
    CHECK(!cloud.empty());
    // Every stride-th configuration with stride = floor(total / limit): fewer than twice the limit.
    CHECK(cloud.size() < 2 * limit);
    for (const std::string& row : cloud) {
      std::istringstream in(row);
      double hours = 0, dollars = 0;
      in >> hours >> dollars;
      CHECK(!in.fail());
      CHECK(std::isfinite(hours));
      CHECK(hours > 0);
      CHECK(std::isfinite(dollars));
      CHECK(dollars > 0);
    }
  }
  // Without a limit worth sampling, every feasible configuration of W <= 16 is there.
  const std::string all =
      plan_plot_script(p.model, p.report, p.front, PlotTerminal::kSvg, 1'000'000);
  std::size_t feasible = 0;
  for (int w = 1; w <= 16; ++w) {
    for (int k = 1; k <= w; ++k) {
      for (int mb = 128; mb <= 3008; mb += 64)
        feasible += one_if_feasible(p.model, {w, mb, k});
    }
  }
  CHECK(block(all, "cloud").size() == feasible);
}

// plot.h promises "at most max_points" configurations, but the stride
// floor(total / max_points) keeps up to about twice as many (522 of a limit of
// 500 here): a known bug of src/plot.cc, left to its owner. When it is fixed
// this case fails: remove its [!shouldfail] then.
TEST_CASE("plot: the cloud holds at most max_points configurations", "[plot][!shouldfail]") {
  const Planned p = planned(3600.0 * 2, std::nullopt);
  for (const std::size_t limit : {50, 500}) {
    const std::string s = plan_plot_script(p.model, p.report, p.front, PlotTerminal::kSvg, limit);
    INFO("limit " << limit);
    CHECK(block(s, "cloud").size() <= limit);
  }
}

TEST_CASE("plot: a budget is a horizontal line, and an infeasible plan has no plan marker",
          "[plot]") {
  const Planned p = planned(std::nullopt, 0.5);
  const std::string s = plan_plot_script(p.model, p.report, p.front, PlotTerminal::kSvg);
  CHECK(has_line(s,
                 "set arrow from graph 0,first 0.5 to graph 1,first 0.5 nohead dt 2 lw 2 lc "
                 "rgb '#8c564b'"));
  CHECK(s.find("'deadline'") == std::string::npos);

  const Planned none = planned(1.0, std::nullopt);  // nothing trains in a second
  REQUIRE(none.report.summary.status != SearchStatus::kOk);
  const std::string t = plan_plot_script(none.model, none.report, none.front, PlotTerminal::kSvg);
  CHECK(block(t, "plan").empty());
  CHECK(t.find("$plan") == std::string::npos);
  CHECK(has_line(t,
                 "set arrow from 0.0002777777777777778,graph 0 to 0.0002777777777777778,graph "
                 "1 nohead dt 2 lw 2 lc rgb '#ff7f0e'"));
}

TEST_CASE("plot: the sweep heat map has the cheapest dollars over K per cell, NaN where none runs",
          "[plot]") {
  const Model m = model();
  const SweepCase c{{{"epochs", "2"}}, m};
  // 4096 MB is beyond the profile's 3008 MB: that column is infeasible.
  const SweepGrid grid{*IntList::parse("2,4", "--workers", false),
                       *IntList::parse("1024,2048,4096", "--memory", false),
                       *IntList::parse("1:W", "--aggregators", true)};
  const auto script = sweep_heatmap_script({c}, grid, PlotTerminal::kPng);
  REQUIRE(script.ok());
  const std::string& s = *script;
  CHECK(has_line(s, "set title 'w on flat: cheapest dollars over K, epochs=2' noenhanced"));
  // One panel: its data block is $cells0.
  const std::vector<std::string> cells = block(s, "cells0");
  // Rows of W, each of every M and then a blank line.
  REQUIRE(cells.size() == 2 * (3 + 1));
  std::size_t row = 0;
  for (const int w : {2, 4}) {
    for (const int mb : {1024, 2048, 4096}) {
      double cheapest = INFINITY;
      for (int k = 1; k <= w; ++k) {
        const Prediction p = m.predict({w, mb, k});
        if (p.feasible()) cheapest = std::min(cheapest, p.dollars);
      }
      std::istringstream in(cells[row++]);
      int got_m = 0, got_w = 0;
      std::string dollars;
      in >> got_m >> got_w >> dollars;
      CHECK(got_m == mb);
      CHECK(got_w == w);
      if (std::isfinite(cheapest)) {
        CHECK(std::stod(dollars) == cheapest);
      } else {
        CHECK(dollars == "NaN");
      }
    }
    CHECK(cells[row++].empty());
  }
  CHECK(has_line(s, "set datafile missing 'NaN'"));
  // Unevenly spaced memory: a square at each cell rather than an image.
  CHECK(lines_of(s).back() ==
        "plot $cells0 using 1:2:3 with points pt 5 ps 1.5 lc palette notitle");

  const SweepGrid even{*IntList::parse("2:8:2", "--workers", false),
                       *IntList::parse("1024:3008:64", "--memory", false),
                       *IntList::parse("1:W", "--aggregators", true)};
  const auto image = sweep_heatmap_script({c}, even, PlotTerminal::kSvg);
  REQUIRE(image.ok());
  CHECK(lines_of(*image).back() == "plot $cells0 using 1:2:3 with image notitle");
  CHECK(block(*image, "cells0").size() == 4 * (32 + 1));
}

TEST_CASE("plot: the Pareto picture draws the cut front and the constraint lines", "[plot]") {
  const Model m = small_model(2);
  SearchOptions o;
  o.memory = profile_grid(m);
  o.deadline_seconds = 3600;
  o.budget_dollars = 1;
  const ParetoFront front = pareto_front(m, o);
  const std::string s = pareto_plot_script(m, o, front, PlotTerminal::kSvg);
  CHECK(count(s, "$front << EOD") == 1);
  CHECK(count(s, "set label 'deadline'") == 1);
  CHECK(count(s, "set label 'budget'") == 1);
  CHECK(count(s, "set output") == 0);  // gnuplot prints the picture; no path in a script
}

TEST_CASE("plot: a sweep with several --set values draws one panel each, at most 12", "[plot]") {
  const SweepGrid grid{*IntList::parse("2,4", "--workers", false),
                       *IntList::parse("512:2048:512", "--memory", false),
                       *IntList::parse("1:W", "--aggregators", true)};
  std::vector<SweepCase> cases;
  for (const long long e : {1, 2, 3})
    cases.push_back({{{"epochs", std::to_string(e)}}, small_model(e)});
  const auto three = sweep_heatmap_script(cases, grid, PlotTerminal::kPng);
  REQUIRE(three.ok());
  CHECK(count(*three, "set multiplot layout 2,2") == 1);
  CHECK(count(*three, "plot $cells") == 3);
  CHECK(count(*three, "epochs=3") == 1);
  const auto one = sweep_heatmap_script({cases.front()}, grid, PlotTerminal::kPng);
  REQUIRE(one.ok());
  CHECK(count(*one, "multiplot") == 0);
  while (cases.size() <= kMaxHeatmapPanels)
    cases.push_back(cases.front());
  const auto many = sweep_heatmap_script(cases, grid, PlotTerminal::kPng);
  REQUIRE_FALSE(many.ok());
  CHECK(many.error().message ==
        "--plot cannot go with these --set values: they make 13 combinations and the picture has "
        "one panel each, at most 12");
}
