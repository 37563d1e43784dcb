// The fuzz checks of the model on parsed inputs (fuzz_check.h): predictions,
// the searches against each other and brute force, every output format; and
// the small profiles and workloads the targets pair their inputs with.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "fasdl/base/output_format.h"
#include "fasdl/formats/plan_format.h"
#include "fasdl/model/model.h"
#include "fasdl/search/plan.h"
#include "fasdl/search/search.h"
#include "fuzz_check.h"

namespace fasdl::fuzz {

namespace {

void check_prediction(const Model& model, const Prediction& p) {
  const Breakdown& b = p.breakdown;
  for (const double v :
       {p.seconds, p.dollars, b.train, b.flatten, b.upload, b.aggregate, b.download, b.sync,
        b.iteration, p.cost.function, p.cost.storage, p.cost.invocations, p.cost.store}) {
    FUZZ_CHECK(std::isfinite(v), "W={} M={} K={}: a figure is not finite ({})", p.config.workers,
               p.config.memory_mb, p.config.aggregators, to_string(p.infeasibility));
  }
  if (p.feasible()) {
    FUZZ_CHECK(p.seconds > 0 && p.dollars >= 0 && p.iterations >= 1 && p.batch_other >= 1 &&
                   b.iteration > 0,
               "feasible W={} M={} K={}: T={} C={} I={} A={}", p.config.workers, p.config.memory_mb,
               p.config.aggregators, p.seconds, p.dollars, p.iterations, p.batch_other);
  } else {
    const std::string why = model.explain(p);
    check_line(why);
  }
  check_json_numbers(format_prediction(model, p, OutputFormat::kJson), "prediction JSON");
  check_no_inf_nan(format_prediction(model, p, OutputFormat::kCsv), "prediction CSV");
  check_no_inf_nan(format_prediction(model, p, OutputFormat::kTable), "prediction table");
}

// Every feasible configuration of the space, then the sweep that keeps what
// nothing dominates (as tests/pareto_test.cc).
std::vector<Prediction> brute_force_front(const Model& model, const SearchOptions& o) {
  std::vector<Prediction> all;
  for (int w = 1; w <= std::min(o.max_workers, model.max_workers()); ++w) {
    for (int k = 1; k <= w; ++k) {
      for (int i = 0; i < o.memory.size(); ++i) {
        const Prediction p = model.predict({w, o.memory.at(i), k});
        if (p.feasible()) all.push_back(p);
      }
    }
  }
  std::sort(all.begin(), all.end(), [](const Prediction& a, const Prediction& b) {
    return ranks_before(a, b, Objective::kTime);
  });
  std::vector<Prediction> front;
  for (const Prediction& p : all) {
    if (front.empty() || p.dollars < front.back().dollars) front.push_back(p);
  }
  return front;
}

bool same_plan(const SearchSummary& a, const SearchSummary& b) {
  if (a.status != b.status || a.plan.has_value() != b.plan.has_value()) return false;
  return !a.plan || (a.plan->config == b.plan->config && a.plan->seconds == b.plan->seconds &&
                     a.plan->dollars == b.plan->dollars);
}

}  // namespace

void check_model(const Profile& profile_in, const Workload& workload_in) {
  // Fixed names: a fuzzed name such as "resnet nan" would read as a NaN in the tables.
  Profile profile = profile_in;
  Workload workload = workload_in;
  profile.name = "profile";
  workload.name = "workload";
  const auto model = Model::create(profile, workload);
  if (!model) {
    check_line(model.error().message);
    FUZZ_CHECK(model.error().message.rfind("B = round(", 0) == 0, "{}", model.error().message);
    return;
  }
  const int w_max = model->max_workers();
  FUZZ_CHECK(w_max >= 1, "max_workers {}", w_max);
  const MemoryRange& r = profile.memory;
  // A tiny space: at most 4 workers and 6 memory sizes from the bottom of the range.
  SearchOptions o;
  o.memory = {r.min_mb, static_cast<int>(std::min<long long>(r.max_mb, r.min_mb + 5LL * r.step_mb)),
              r.step_mb};
  o.max_workers = std::min(w_max, 4);
  o.threads = 1;
  for (int w = 1; w <= o.max_workers; ++w) {
    for (const int k : {1, (w + 1) / 2, w}) {
      for (const int m : {o.memory.min_mb, o.memory.max_mb})
        check_prediction(*model, model->predict({w, m, k}));
    }
  }
  check_prediction(*model, model->predict({w_max, r.max_mb, 1}));  // the far corner
  FUZZ_CHECK(!check_options(*model, o), "tiny options refused");
  const SearchSummary exact = search(*model, o);
  o.strategy = Strategy::kExhaustive;
  const SearchSummary all = search(*model, o);
  FUZZ_CHECK(same_plan(exact, all), "exact {} and exhaustive {} disagree", to_string(exact.status),
             to_string(all.status));
  if (exact.plan) check_prediction(*model, *exact.plan);
  o.strategy = Strategy::kExact;
  const PlanReport report = make_plan(*model, o, exact);
  check_json_numbers(format_plan(*model, report, OutputFormat::kJson), "plan JSON");
  check_no_inf_nan(format_plan(*model, report, OutputFormat::kCsv), "plan CSV");
  const ParetoFront front = pareto_front(*model, o);
  const std::vector<Prediction> want = brute_force_front(*model, o);
  FUZZ_CHECK(front.plans.size() == want.size(), "front of {} plans, brute force {}",
             front.plans.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    FUZZ_CHECK(front.plans[i].config == want[i].config &&
                   front.plans[i].seconds == want[i].seconds &&
                   front.plans[i].dollars == want[i].dollars,
               "front point {} differs from brute force", i);
  }
  check_json_numbers(format_pareto(*model, front, o, std::nullopt, OutputFormat::kJson),
                     "front JSON");
  // The released heuristic under a deadline the exact plan sets.
  if (exact.plan) {
    o.deadline_seconds = exact.plan->seconds;
    o.strategy = Strategy::kHeuristic;
    const PlanReport heuristic = make_plan(*model, o, search(*model, o));
    check_json_numbers(format_plan(*model, heuristic, OutputFormat::kJson), "heuristic JSON");
    check_no_inf_nan(format_plan(*model, heuristic, OutputFormat::kTable), "heuristic table");
  }
}

Profile small_profile() {
  std::vector<Measurement> rows;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    for (const int memory : {512, 1024, 2048}) {
      for (const double size : {1.0, 10.0, 100.0}) {
        const double seconds =
            0.05 + size / (40.0 * memory / 1024.0) * (d == Direction::kUpload ? 1.5 : 1);
        rows.push_back({d, memory, size, seconds, "small"});
      }
    }
  }
  Profile p;
  p.name = "small";
  p.transfers = TransferTable::from_measurements(rows, "small").value();
  return p;
}

Workload small_workload() {
  Workload w;
  w.name = "small";
  w.model_mb = 89.7;
  w.samples = 50000;
  w.epochs = 10;
  w.compute = {173.4, 16, 215};
  w.flatten = {5.0, -0.5};
  w.batch = {0.8, 1024};
  return w;
}

Profile platform_profile() {
  Profile p = small_profile();
  p.name = "platform";
  Platform& pl = p.platform;
  pl.cpu = CpuLimits{1769, 6};
  TieredPrices tiers;
  tiers.tiers["x86_64"] = {{6e9, 1.66667e-5}, {1.5e10, 1.5e-5}, {}};
  tiers.tiers["x86_64"].back().price = 1.33334e-5;
  tiers.tiers["arm64"] = {{7.5e9, 1.33334e-5}, {}};
  tiers.tiers["arm64"].back().price = 1.06667e-5;
  pl.gb_second_prices = tiers;
  pl.invocations = InvocationPrice{2e-7, {}};
  pl.lifetime = Lifetime{900, 8};
  pl.concurrency = 1000;
  pl.polling = Polling{0.03, 5e-6, {}};
  pl.request_limits = RequestLimits{3500, 5500};
  pl.store_hourly_price = 0.01;
  StoreOption redis;
  redis.name = "redis";
  redis.transfers = small_profile().transfers;
  redis.hourly_price = 0.068;
  redis.request_limits = RequestLimits{1e5, 1e5};
  p.stores.push_back(redis);
  return p;
}

Workload vcpu_workload() {
  Workload w = small_workload();
  w.compute.law = ComputeLaw::kVcpu;
  w.compute.threads = 2;
  w.compute.covariance =
      std::array<double, 9>{0.18, -0.037, 0.87, -0.037, 0.017, 0.0009, 0.87, 0.0009, 10.07};
  w.flatten.covariance = std::array<double, 4>{3.7e-4, -3.7e-5, -3.7e-5, 3.8e-6};
  return w;
}

}  // namespace fasdl::fuzz
