#include "support/random_problems.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <random>
#include <stdexcept>

namespace fasdl::testing {

namespace {

// A uniform draw from [0, 1) and one from [lo, hi).
double uniform(std::mt19937_64& rng) {
  return std::uniform_real_distribution<double>(0, 1)(rng);
}
double pick(std::mt19937_64& rng, double lo, double hi) {
  return lo + (hi - lo) * uniform(rng);
}

TransferTable random_table(std::mt19937_64& rng) {
  std::vector<Measurement> rows;
  const int columns = 2 + static_cast<int>(uniform(rng) * 8);
  std::vector<int> memories;
  while (static_cast<int>(memories.size()) < columns) {
    const int m = 128 + 64 * static_cast<int>(uniform(rng) * 60);
    if (std::find(memories.begin(), memories.end(), m) == memories.end()) memories.push_back(m);
  }
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    for (const int m : memories) {
      const double latency = 0.005 + 0.2 * uniform(rng);
      const double bandwidth = 20 + 200 * uniform(rng) * m / 1024.0;
      const int points = 2 + static_cast<int>(uniform(rng) * 12);
      double size = 0.5 + 4 * uniform(rng);
      for (int p = 0; p < points; ++p) {
        // Noisy, sometimes non-monotone, so extrapolations can dip below zero.
        const double noise = 1 + 0.6 * (uniform(rng) - 0.5);
        Measurement row{d, m, size, std::max(1e-4, (latency + size / bandwidth) * noise), "random"};
        if (uniform(rng) < 0.3) {  // a median of repeated timings with their spread
          row.repeats = 2 + static_cast<int>(uniform(rng) * 8);
          row.mad = row.seconds * 0.1 * uniform(rng);
        }
        rows.push_back(row);
        size += 0.5 + 20 * uniform(rng);
      }
    }
  }
  auto table = TransferTable::from_measurements(rows, "random");
  if (!table) throw std::runtime_error(table.error().message);
  return std::move(table).value();
}

// The reference form's profile: a random transfer table, memory range,
// prices and sync.
Profile random_profile(std::mt19937_64& rng) {
  Profile profile;
  profile.name = "random";
  profile.transfers = random_table(rng);
  profile.memory = {128, 3008 + 64 * static_cast<int>(uniform(rng) * 20), 64};
  profile.prices = {pick(rng, 0.5e-8, 3e-8), uniform(rng) < 0.1 ? 0.0 : pick(rng, 1e-6, 1e-5),
                    pick(rng, 1e-7, 1e-6)};
  profile.sync = {pick(rng, 0, 0.003), pick(rng, 0, 60)};
  return profile;
}

// The reference form's workload: size, data, compute law (m < 0 at times),
// flattening and batch policy.
Workload random_workload(std::mt19937_64& rng) {
  Workload w;
  w.name = "random";
  w.model_mb = pick(rng, 1, 250);
  w.samples = 10'000 + static_cast<long long>(uniform(rng) * 90'000);
  w.epochs = 1 + static_cast<long long>(uniform(rng) * 20);
  w.compute = {pick(rng, 30, 250), static_cast<double>(4 + static_cast<int>(uniform(rng) * 30)),
               uniform(rng) < 0.2 ? pick(rng, -100, 0) : pick(rng, 0, 400)};
  w.flatten = {pick(rng, 0, 10), pick(rng, -0.9, 0.3)};
  w.batch = {pick(rng, 0.6, 0.9), 256 + static_cast<long long>(uniform(rng) * 1800)};
  return w;
}

// Covariances of the compute and flattening coefficients: D R D with relative
// standard errors of a few percent and correlation r between a and m
// (positive definite for |r| < 1).
void add_covariances(Workload& w, std::mt19937_64& rng) {
  const double sd[3] = {w.compute.a * pick(rng, 0.005, 0.05), w.compute.b * pick(rng, 0.01, 0.1),
                        std::fabs(w.compute.m) * pick(rng, 0.01, 0.1) + 1};
  const double r = pick(rng, -0.9, 0.9);
  std::array<double, 9> c{};
  for (int i = 0; i < 3; ++i)
    c[3 * i + i] = sd[i] * sd[i];
  c[2] = c[6] = r * sd[0] * sd[2];
  w.compute.covariance = c;
  const double k1 = w.flatten.k1 * pick(rng, 0.01, 0.1) + 1e-3;
  w.flatten.covariance = std::array<double, 4>{k1 * k1, 0, 0, 0.0004};
}

// Today's platform terms, each on at random (issue 9); vCPU limits put the
// workload under the vCPU law.
void add_platform_terms(Platform& t, Workload& w, std::mt19937_64& rng) {
  if (uniform(rng) < 0.5) {
    t.cpu = CpuLimits{pick(rng, 800, 2500), 1 + std::floor(pick(rng, 0, 6))};
    w.compute.law = ComputeLaw::kVcpu;
    w.compute.threads = 1 + static_cast<int>(uniform(rng) * 8);
  }
  if (uniform(rng) < 0.5) {
    TieredPrices tiers;
    tiers.architecture = uniform(rng) < 0.5 ? "x86_64" : "arm64";
    const double first = pick(rng, 1, 50);  // GB-seconds, small so that runs cross tiers
    tiers.tiers["x86_64"] = {
        {first, 1.66667e-5}, {3 * first, 1.5e-5}, {PriceTier{}.up_to_gb_seconds, 1.33334e-5}};
    tiers.tiers["arm64"] = {{first, 1.33334e-5}, {PriceTier{}.up_to_gb_seconds, 1.06667e-5}};
    tiers.monthly_usage_gb_seconds = uniform(rng) < 0.5 ? 0 : pick(rng, 0, 4 * first);
    t.gb_second_prices = tiers;
  }
  if (uniform(rng) < 0.5) t.invocations = InvocationPrice{pick(rng, 0, 1e-3), {}};
  if (uniform(rng) < 0.6) t.lifetime = Lifetime{pick(rng, 60, 2000), pick(rng, 0, 5)};
  if (uniform(rng) < 0.3) t.concurrency = 1 + static_cast<long long>(uniform(rng) * 20);
  if (uniform(rng) < 0.4) t.polling = Polling{pick(rng, 0.01, 0.5), pick(rng, 0, 1e-5), {}};
  if (uniform(rng) < 0.4) t.request_limits = RequestLimits{pick(rng, 20, 400), pick(rng, 40, 800)};
  if (uniform(rng) < 0.3) t.store_hourly_price = pick(rng, 0, 2);
}

// A runtime's measured overheads (issue 8), on at random.
std::optional<Overheads> random_overheads(std::mt19937_64& rng) {
  if (uniform(rng) >= 0.3) return std::nullopt;
  Overheads o;
  o.aggregation_mb_seconds_per_mb = uniform(rng) < 0.8 ? pick(rng, 0, 20) : 0;
  o.iteration_mb_seconds = uniform(rng) < 0.8 ? pick(rng, 0, 500) : 0;
  o.start_seconds = uniform(rng) < 0.5 ? pick(rng, 0, 30) : 0;
  o.start_mb_seconds = uniform(rng) < 0.8 ? pick(rng, 0, 20000) : 0;
  o.wait_fraction = uniform(rng) < 0.5 ? pick(rng, 0, 1.5) : 0;
  return o;
}

// A memory floor (issue 14), stated or by the rule, or none: it raises the
// bottom of some grids and empties a few.
MemoryFloor random_memory_floor(std::mt19937_64& rng) {
  MemoryFloor floor;
  if (const double f = uniform(rng); f < 0.3) {
    floor.stated_mb = 128 + 2500 * uniform(rng);
  } else if (f < 0.45) {
    floor.rule = MemoryRule{50 + 400 * uniform(rng), 6 * uniform(rng), 10 * uniform(rng)};
  }
  return floor;
}

// The searched space: memory grid, worker limit and aggregator rule.
SearchOptions random_space(const Profile& profile, std::mt19937_64& rng) {
  SearchOptions o;
  const int step = uniform(rng) < 0.5 ? 64 : 32 + static_cast<int>(uniform(rng) * 200);
  const int lo = 128 + 64 * static_cast<int>(uniform(rng) * 16);
  o.memory = {
      lo, std::min(profile.memory.max_mb, lo + step * (5 + static_cast<int>(uniform(rng) * 60))),
      step};
  o.max_workers = uniform(rng) < 0.3 ? 1 + static_cast<int>(uniform(rng) * 20) : 0;
  const double r = uniform(rng);
  o.aggregators = r < 0.8   ? AggregatorRule::kAny
                  : r < 0.9 ? AggregatorRule::kScatterReduce
                            : AggregatorRule::kAllReduce;
  return o;
}

// A deadline, a budget, both or neither, drawn around random configurations
// so that some problems are tight, some loose and some infeasible; the
// objective; and a confidence when the workload has covariances.
void add_constraints(SearchOptions& o, const Model& model, bool uncertain, std::mt19937_64& rng) {
  const auto sample = [&] {
    const int wmax = std::max(1, model.max_workers());
    for (int attempt = 0; attempt < 50; ++attempt) {
      const int workers = 1 + static_cast<int>(uniform(rng) * wmax);
      const int k = 1 + static_cast<int>(uniform(rng) * workers);
      const int i = static_cast<int>(uniform(rng) * o.memory.size());
      const Prediction p = model.predict({workers, o.memory.at(i), k});
      if (p.feasible()) return p;
    }
    return Prediction{};
  };
  const int kind = static_cast<int>(uniform(rng) * 4);  // deadline, budget, both, neither
  if (kind == 0 || kind == 2) {
    o.deadline_seconds = std::max(1.0, sample().seconds * pick(rng, 0.3, 1.5));
  }
  if (kind == 1 || kind == 2) o.budget_dollars = sample().dollars * pick(rng, 0.3, 1.5);
  o.objective =
      kind == 1 || (kind == 2 && uniform(rng) < 0.5) ? Objective::kTime : Objective::kCost;
  if (kind == 3 && uniform(rng) < 0.5) o.objective = Objective::kTime;
  if (uncertain && (o.deadline_seconds || o.budget_dollars) && uniform(rng) < 0.8) {
    o.confidence = uniform(rng) < 0.5 ? 0.9 : pick(rng, 0.5, 0.999);
  }
}

}  // namespace

Problem random_problem(std::uint64_t seed, int index) {
  const auto generator = [&](std::uint64_t multiplier) {
    return std::mt19937_64(seed * multiplier + static_cast<std::uint64_t>(index));
  };
  std::mt19937_64 rng = generator(1000003);
  Profile profile = random_profile(rng);
  Workload w = random_workload(rng);
  const bool uncertain = uniform(rng) < 0.35;
  if (uncertain) add_covariances(w, rng);
  // The searches must stay exact with any combination of the platform's terms.
  if (uniform(rng) < 0.4) add_platform_terms(profile.platform, w, rng);
  // The overheads and the memory floor come from generators of their own, so
  // that the draws above stay those of every other term.
  std::mt19937_64 overheads_rng = generator(7919);
  profile.platform.overheads = random_overheads(overheads_rng);
  std::mt19937_64 floor_rng = generator(104729);
  w.memory_floor = random_memory_floor(floor_rng);
  auto model = Model::create(profile, w);
  if (!model) throw std::runtime_error(model.error().message);

  SearchOptions o = random_space(profile, rng);
  add_constraints(o, *model, uncertain, rng);
  return {std::move(model).value(), o};
}

}  // namespace fasdl::testing
