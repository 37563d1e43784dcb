#include "support/random_problems.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <stdexcept>

namespace fasdl::testing {

namespace {

TransferTable random_table(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<Measurement> rows;
  const int columns = 2 + static_cast<int>(u(rng) * 8);
  std::vector<int> memories;
  while (static_cast<int>(memories.size()) < columns) {
    const int m = 128 + 64 * static_cast<int>(u(rng) * 60);
    if (std::find(memories.begin(), memories.end(), m) == memories.end()) memories.push_back(m);
  }
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    for (const int m : memories) {
      const double latency = 0.005 + 0.2 * u(rng);
      const double bandwidth = 20 + 200 * u(rng) * m / 1024.0;
      const int points = 2 + static_cast<int>(u(rng) * 12);
      double size = 0.5 + 4 * u(rng);
      for (int p = 0; p < points; ++p) {
        // Noisy, sometimes non-monotone, so extrapolations can dip below zero.
        const double noise = 1 + 0.6 * (u(rng) - 0.5);
        Measurement row{d, m, size, std::max(1e-4, (latency + size / bandwidth) * noise), "random"};
        if (u(rng) < 0.3) {  // a median of repeated timings with their spread
          row.repeats = 2 + static_cast<int>(u(rng) * 8);
          row.mad = row.seconds * 0.1 * u(rng);
        }
        rows.push_back(row);
        size += 0.5 + 20 * u(rng);
      }
    }
  }
  auto table = TransferTable::from_measurements(rows, "random");
  if (!table) throw std::runtime_error(table.error().message);
  return std::move(table).value();
}

}  // namespace

Problem random_problem(std::uint64_t seed, int index) {
  std::mt19937_64 rng(seed * 1000003 + static_cast<std::uint64_t>(index));
  std::uniform_real_distribution<double> u(0, 1);
  const auto pick = [&](double lo, double hi) { return lo + (hi - lo) * u(rng); };

  Profile profile;
  profile.name = "random";
  profile.transfers = random_table(rng);
  profile.memory = {128, 3008 + 64 * static_cast<int>(u(rng) * 20), 64};
  profile.prices = {pick(0.5e-8, 3e-8), u(rng) < 0.1 ? 0.0 : pick(1e-6, 1e-5), pick(1e-7, 1e-6)};
  profile.sync = {pick(0, 0.003), pick(0, 60)};

  Workload w;
  w.name = "random";
  w.model_mb = pick(1, 250);
  w.samples = 10'000 + static_cast<long long>(u(rng) * 90'000);
  w.epochs = 1 + static_cast<long long>(u(rng) * 20);
  w.compute = {pick(30, 250), static_cast<double>(4 + static_cast<int>(u(rng) * 30)),
               u(rng) < 0.2 ? pick(-100, 0) : pick(0, 400)};
  w.flatten = {pick(0, 10), pick(-0.9, 0.3)};
  w.batch = {pick(0.6, 0.9), 256 + static_cast<long long>(u(rng) * 1800)};
  const bool uncertain = u(rng) < 0.35;
  if (uncertain) {
    // A covariance D R D with relative standard errors of a few percent and
    // correlation r between a and m (positive definite for |r| < 1).
    const double sd[3] = {w.compute.a * pick(0.005, 0.05), w.compute.b * pick(0.01, 0.1),
                          std::fabs(w.compute.m) * pick(0.01, 0.1) + 1};
    const double r = pick(-0.9, 0.9);
    std::array<double, 9> c{};
    for (int i = 0; i < 3; ++i)
      c[3 * i + i] = sd[i] * sd[i];
    c[2] = c[6] = r * sd[0] * sd[2];
    w.compute.covariance = c;
    const double k1 = w.flatten.k1 * pick(0.01, 0.1) + 1e-3;
    w.flatten.covariance = std::array<double, 4>{k1 * k1, 0, 0, 0.0004};
  }
  // Today's platform terms, each on at random (issue 9): the searches must
  // stay exact with any combination.
  const bool platform = u(rng) < 0.4;
  if (platform) {
    Platform& t = profile.platform;
    if (u(rng) < 0.5) {
      t.cpu = CpuLimits{pick(800, 2500), 1 + std::floor(pick(0, 6))};
      w.compute.law = ComputeLaw::kVcpu;
      w.compute.threads = 1 + static_cast<int>(u(rng) * 8);
    }
    if (u(rng) < 0.5) {
      TieredPrices tiers;
      tiers.architecture = u(rng) < 0.5 ? "x86_64" : "arm64";
      const double first = pick(1, 50);  // GB-seconds, small so that runs cross tiers
      tiers.tiers["x86_64"] = {
          {first, 1.66667e-5}, {3 * first, 1.5e-5}, {PriceTier{}.up_to_gb_seconds, 1.33334e-5}};
      tiers.tiers["arm64"] = {{first, 1.33334e-5}, {PriceTier{}.up_to_gb_seconds, 1.06667e-5}};
      tiers.monthly_usage_gb_seconds = u(rng) < 0.5 ? 0 : pick(0, 4 * first);
      t.gb_second_prices = tiers;
    }
    if (u(rng) < 0.5) t.invocations = InvocationPrice{pick(0, 1e-3), {}};
    if (u(rng) < 0.6) t.lifetime = Lifetime{pick(60, 2000), pick(0, 5)};
    if (u(rng) < 0.3) t.concurrency = 1 + static_cast<long long>(u(rng) * 20);
    if (u(rng) < 0.4) t.polling = Polling{pick(0.01, 0.5), pick(0, 1e-5), {}};
    if (u(rng) < 0.4) t.request_limits = RequestLimits{pick(20, 400), pick(40, 800)};
    if (u(rng) < 0.3) t.store_hourly_price = pick(0, 2);
  }
  // A runtime's measured overheads (issue 8), on at random from a generator
  // of their own, so that the draws above stay those of every other term.
  std::mt19937_64 overheads_rng(seed * 7919 + static_cast<std::uint64_t>(index));
  if (u(overheads_rng) < 0.3) {
    const auto draw = [&](double lo, double hi) { return lo + (hi - lo) * u(overheads_rng); };
    Overheads o;
    o.aggregation_mb_seconds_per_mb = u(overheads_rng) < 0.8 ? draw(0, 20) : 0;
    o.iteration_mb_seconds = u(overheads_rng) < 0.8 ? draw(0, 500) : 0;
    o.start_seconds = u(overheads_rng) < 0.5 ? draw(0, 30) : 0;
    o.start_mb_seconds = u(overheads_rng) < 0.8 ? draw(0, 20000) : 0;
    o.wait_fraction = u(overheads_rng) < 0.5 ? draw(0, 1.5) : 0;
    profile.platform.overheads = o;
  }
  // A memory floor (issue 14), stated or by the rule, from a generator of its own: it
  // raises the bottom of some grids and empties a few.
  std::mt19937_64 floor_rng(seed * 104729 + static_cast<std::uint64_t>(index));
  if (const double f = u(floor_rng); f < 0.3) {
    w.memory_floor.stated_mb = 128 + 2500 * u(floor_rng);
  } else if (f < 0.45) {
    w.memory_floor.rule = MemoryRule{50 + 400 * u(floor_rng), 6 * u(floor_rng), 10 * u(floor_rng)};
  }
  auto model = Model::create(profile, w);
  if (!model) throw std::runtime_error(model.error().message);

  SearchOptions o;
  const int step = u(rng) < 0.5 ? 64 : 32 + static_cast<int>(u(rng) * 200);
  const int lo = 128 + 64 * static_cast<int>(u(rng) * 16);
  o.memory = {lo, std::min(profile.memory.max_mb, lo + step * (5 + static_cast<int>(u(rng) * 60))),
              step};
  o.max_workers = u(rng) < 0.3 ? 1 + static_cast<int>(u(rng) * 20) : 0;
  const double r = u(rng);
  o.aggregators = r < 0.8   ? AggregatorRule::kAny
                  : r < 0.9 ? AggregatorRule::kScatterReduce
                            : AggregatorRule::kAllReduce;

  // Constraints drawn around random configurations, so that some problems
  // are tight, some loose and some infeasible.
  const auto sample = [&] {
    const int wmax = std::max(1, model->max_workers());
    for (int attempt = 0; attempt < 50; ++attempt) {
      const int workers = 1 + static_cast<int>(u(rng) * wmax);
      const int k = 1 + static_cast<int>(u(rng) * workers);
      const int i = static_cast<int>(u(rng) * o.memory.size());
      const Prediction p = model->predict({workers, o.memory.at(i), k});
      if (p.feasible()) return p;
    }
    return Prediction{};
  };
  const int kind = static_cast<int>(u(rng) * 4);  // deadline, budget, both, neither
  if (kind == 0 || kind == 2) o.deadline_seconds = std::max(1.0, sample().seconds * pick(0.3, 1.5));
  if (kind == 1 || kind == 2) o.budget_dollars = sample().dollars * pick(0.3, 1.5);
  o.objective = kind == 1 || (kind == 2 && u(rng) < 0.5) ? Objective::kTime : Objective::kCost;
  if (kind == 3 && u(rng) < 0.5) o.objective = Objective::kTime;
  if (uncertain && (o.deadline_seconds || o.budget_dollars) && u(rng) < 0.8) {
    o.confidence = u(rng) < 0.5 ? 0.9 : pick(0.5, 0.999);
  }
  return {std::move(model).value(), o};
}

}  // namespace fasdl::testing
