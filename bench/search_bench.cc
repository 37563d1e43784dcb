// Speed of the search and the model on the full space of today's Lambda:
// memory 128 to 10,240 MB in 1 MB steps, W up to 1,000, K from 1 to W
// (about 5 billion configurations), with the reference transfer table and the
// workload of the first reference case, its max_global raised to 1,000 B.
//
//   BM_ExactSearch        the exact search, deadline or budget (one core)
//   BM_ExhaustiveSlice    exhaustive over a slice of W (one core); its
//                         counters extrapolate to the whole space
//   BM_ModelSweep         model evaluations per second in a sweep (one core)
//   BM_CatalogPlan        a whole `fasdl-plan --model M` (the exact search and its
//                         two baselines) for every catalog model, on today's
//                         Lambda (the default), the reference form, and the
//                         reference form without memory floors (the default
//                         before issue 14)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "fasdl/formats/files.h"
#include "fasdl/search/plan.h"
#include "fasdl/search/search.h"
#include "search/grid_evaluator.h"

using namespace fasdl;

namespace {

struct FullSpace {
  Model model;
  double deadline;
  long long points;  // configurations in the space
};

// The first reference case when ../shared is present, else resnet50.
Workload reference_workload(double& deadline) {
  const std::string cases = std::string(FASDL_SHARED_DIR) + "/reference/cases/examples.json";
  if (std::filesystem::exists(cases)) {
    const auto c = nlohmann::json::parse(*read_file(cases))[0];
    Workload w;
    w.name = "reference case 0";
    w.model_mb = c["S"];
    w.samples = 50'000;
    w.epochs = c["E"];
    w.compute = {c["a"], c["b"], c["m"]};
    w.flatten = {c["k1"], c["k2"]};
    deadline = c["Tcon"];
    return w;
  }
  deadline = 7200;
  return *load_workload(std::string(FASDL_SOURCE_DIR) + "/configs/models/resnet50.json");
}

const FullSpace& full_space() {
  static const FullSpace space = [] {
    auto profile = load_profile(std::string(FASDL_SOURCE_DIR) + "/profiles/fasdl-reference.json");
    if (!profile) throw std::runtime_error(profile.error().message);
    profile.value().memory = {128, 10240, 1};
    double deadline = 0;
    Workload w = reference_workload(deadline);
    w.batch.max_global = 1000 * aggregator_batch(w.compute.b, w.batch.efficiency);
    auto model = Model::create(std::move(profile).value(), std::move(w));
    if (!model) throw std::runtime_error(model.error().message);
    const long long memories = 10240 - 128 + 1;
    return FullSpace{std::move(model).value(), deadline, memories * 1000 * 1001 / 2};
  }();
  return space;
}

SearchOptions full_options(const FullSpace& s) {
  SearchOptions o;
  o.memory = profile_grid(s.model);
  o.threads = 1;
  return o;
}

// Exhaustive seconds per configuration on W in [first, first + 8).
double exhaustive_seconds_per_point(const FullSpace& s, int first) {
  SearchOptions o = full_options(s);
  o.strategy = Strategy::kExhaustive;
  o.deadline_seconds = s.deadline;
  o.min_workers = first;
  o.max_workers = first + 7;
  const auto start = std::chrono::steady_clock::now();
  const SearchSummary r = search(s.model, o);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return seconds / static_cast<double>(r.evaluated);
}

void BM_ExactSearch(benchmark::State& state) {
  const FullSpace& s = full_space();
  SearchOptions o = full_options(s);
  if (state.range(0) == 0) {
    o.deadline_seconds = s.deadline;
  } else {
    o.budget_dollars = 5;
    o.objective = Objective::kTime;
  }
  SearchSummary r;
  double seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    r = search(s.model, o);
    benchmark::DoNotOptimize(r);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  state.counters["evaluated"] = static_cast<double>(r.evaluated);
  state.counters["blocks"] = static_cast<double>(r.blocks);
  state.counters["W"] = r.plan ? r.plan->config.workers : 0;
  state.counters["M"] = r.plan ? r.plan->config.memory_mb : 0;
  state.counters["K"] = r.plan ? r.plan->config.aggregators : 0;
  // Exhaustive on the whole space, extrapolated from a slice around W = 500.
  const double exhaustive = exhaustive_seconds_per_point(s, 496) * static_cast<double>(s.points);
  state.counters["exhaustive_s"] = exhaustive;
  state.counters["speedup"] = exhaustive / (seconds / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_ExactSearch)->Arg(0)->Arg(1)->ArgName("budget")->Unit(benchmark::kMillisecond);

// The same space with every platform term of profiles/aws-lambda.json on
// (vCPU law at two threads, tiers, invocations, lifetime, polling,
// concurrency, request limits).
void BM_ExactSearchAllTerms(benchmark::State& state) {
  static const Model model = [] {
    auto profile = load_profile(std::string(FASDL_SOURCE_DIR) + "/profiles/aws-lambda.json");
    if (!profile) throw std::runtime_error(profile.error().message);
    Workload w = full_space().model.workload();
    w.compute.law = ComputeLaw::kVcpu;
    w.compute.threads = 2;
    return *Model::create(std::move(profile).value(), w);
  }();
  SearchOptions o;
  o.memory = profile_grid(model);
  if (state.range(0) == 0) {
    o.deadline_seconds = full_space().deadline;
  } else {
    o.budget_dollars = 5;
    o.objective = Objective::kTime;
  }
  SearchSummary r;
  for (auto _ : state) {
    r = search(model, o);
    benchmark::DoNotOptimize(r);
  }
  state.counters["evaluated"] = static_cast<double>(r.evaluated);
  state.counters["W"] = r.plan ? r.plan->config.workers : 0;
  state.counters["M"] = r.plan ? r.plan->config.memory_mb : 0;
  state.counters["K"] = r.plan ? r.plan->config.aggregators : 0;
}
BENCHMARK(BM_ExactSearchAllTerms)->Arg(0)->Arg(1)->ArgName("budget")->Unit(benchmark::kMillisecond);

void BM_ExhaustiveSlice(benchmark::State& state) {
  const FullSpace& s = full_space();
  const int first = static_cast<int>(state.range(0));
  double per_point = 0;
  for (auto _ : state)
    per_point = exhaustive_seconds_per_point(s, first);
  state.counters["points_per_s"] = 1 / per_point;
  state.counters["full_space_s"] = per_point * static_cast<double>(s.points);
}
BENCHMARK(BM_ExhaustiveSlice)
    ->Arg(96)
    ->Arg(496)
    ->Arg(992)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

void BM_ModelSweep(benchmark::State& state) {
  const FullSpace& s = full_space();
  const GridEvaluator evaluator(s.model, profile_grid(s.model));
  const int workers = 64;
  long long evaluated = 0;
  double sink = 0;
  for (auto _ : state) {
    for (int k = 1; k <= workers; k += 9) {
      const auto columns = evaluator.columns(k);
      for (int i = 0; i < evaluator.size(); ++i)
        sink += evaluator.evaluate(workers, i, columns).dollars;
      evaluated += evaluator.size();
    }
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(evaluated);
}
BENCHMARK(BM_ModelSweep)->Unit(benchmark::kMillisecond);

// The catalog's models on a shipped profile; `floors` false drops their memory floors.
std::vector<Model> catalog_models(const std::string& profile_name, bool floors) {
  auto profile = load_profile(*resolve(profile_name, CatalogKind::kProfile));
  if (!profile) throw std::runtime_error(profile.error().message);
  std::vector<Model> out;
  for (const CatalogEntry& e : catalog(CatalogKind::kModel)) {
    auto w = load_workload(e.path);
    if (!w) throw std::runtime_error(w.error().message);
    if (!floors) w.value().memory_floor = {};
    out.push_back(*Model::create(*profile, std::move(w).value()));
  }
  return out;
}

void BM_CatalogPlan(benchmark::State& state) {
  static const std::vector<Model> today = catalog_models(kDefaultProfile, true);
  static const std::vector<Model> reference = catalog_models(kReferenceProfile, true);
  static const std::vector<Model> before = catalog_models(kReferenceProfile, false);
  const std::vector<Model>& models = state.range(0) == 0   ? today
                                     : state.range(0) == 1 ? reference
                                                           : before;
  double slowest = 0;
  long long evaluated = 0;
  for (auto _ : state) {
    for (const Model& m : models) {
      SearchOptions o;
      o.memory = profile_grid(m);
      if (state.range(1) == 1) {
        o.budget_dollars = 5;
        o.objective = Objective::kTime;
      } else {
        o.deadline_seconds = 7200;
      }
      const auto start = std::chrono::steady_clock::now();
      SearchSummary s = search(m, o);
      evaluated += s.evaluated;
      const PlanReport r = make_plan(m, o, std::move(s));
      benchmark::DoNotOptimize(r);
      slowest = std::max(slowest, std::chrono::duration<double, std::milli>(
                                      std::chrono::steady_clock::now() - start)
                                      .count());
    }
  }
  state.counters["models"] = static_cast<double>(models.size());
  state.counters["slowest_plan_ms"] = slowest;
  state.counters["evaluated_per_plan"] =
      static_cast<double>(evaluated) / static_cast<double>(state.iterations() * models.size());
}
BENCHMARK(BM_CatalogPlan)
    ->ArgsProduct({{0, 1, 2}, {0, 1}})
    ->ArgNames({"profile", "budget"})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
