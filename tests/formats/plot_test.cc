// The pictures honour what they are asked (issue 14): a front cut by the
// deadline and budget with their lines, one heat-map panel per --set value.
#include "fasdl/formats/plot.h"

#include <catch2/catch.hpp>

#include "support/linear_profile.h"

using namespace fasdl;

namespace {

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

TEST_CASE("plot: the Pareto picture draws the cut front and the constraint lines", "[plot]") {
  const Model m = small_model(2);
  SearchOptions o;
  o.memory = profile_grid(m);
  o.deadline_seconds = 3600;
  o.budget_dollars = 1;
  const ParetoFront front = pareto_front(m, o);
  const std::string s = pareto_plot_script(m, o, front, "front.svg", PlotTerminal::kSvg);
  CHECK(count(s, "$front << EOD") == 1);
  CHECK(count(s, "set label 'deadline'") == 1);
  CHECK(count(s, "set label 'budget'") == 1);
  CHECK(count(s, "set output 'front.svg'") == 1);
}

TEST_CASE("plot: a sweep with several --set values draws one panel each, at most 12", "[plot]") {
  const SweepGrid grid{*IntList::parse("2,4", "--workers", false),
                       *IntList::parse("512:2048:512", "--memory", false),
                       *IntList::parse("1:W", "--aggregators", true)};
  std::vector<SweepCase> cases;
  for (const long long e : {1, 2, 3})
    cases.push_back({{{"epochs", std::to_string(e)}}, small_model(e)});
  const auto three = sweep_heatmap_script(cases, grid, "s.png", PlotTerminal::kPng);
  REQUIRE(three.ok());
  CHECK(count(*three, "set multiplot layout 2,2") == 1);
  CHECK(count(*three, "plot $cells") == 3);
  CHECK(count(*three, "epochs=3") == 1);
  const auto one = sweep_heatmap_script({cases.front()}, grid, "s.png", PlotTerminal::kPng);
  REQUIRE(one.ok());
  CHECK(count(*one, "multiplot") == 0);
  while (cases.size() <= kMaxHeatmapPanels)
    cases.push_back(cases.front());
  const auto many = sweep_heatmap_script(cases, grid, "s.png", PlotTerminal::kPng);
  REQUIRE_FALSE(many.ok());
  CHECK(many.error().message ==
        "--plot cannot go with these --set values: they make 13 combinations and the picture has "
        "one panel each, at most 12");
}
