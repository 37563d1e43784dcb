#include "fasdl/model/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "fasdl/model/iteration.h"
#include "fasdl/model/platform.h"

namespace fasdl {

namespace {

long long floor_div(long long n, long long d) {
  const long long q = n / d;
  return (n % d != 0 && ((n < 0) != (d < 0))) ? q - 1 : q;
}

}  // namespace

long long aggregator_batch(double b, double efficiency) {
  const double batch = std::nearbyint(b / (1 / efficiency - 1));
  if (!(batch < 1e15)) return std::numeric_limits<long long>::max();
  return static_cast<long long>(batch);
}

Model::Model(Profile profile, Workload workload, long long batch_aggregator, int max_workers,
             double memory_cap, int memory_floor_mb)
    : profile_(std::move(profile)),
      workload_(std::move(workload)),
      batch_aggregator_(batch_aggregator),
      max_workers_(max_workers),
      memory_cap_(memory_cap),
      memory_floor_mb_(memory_floor_mb),
      sample_epochs_(workload_.samples * workload_.epochs) {}

Expected<Model> Model::create(Profile profile, Workload workload) {
  const long long B = aggregator_batch(workload.compute.b, workload.batch.efficiency);
  const std::string batch_law = "B = round(compute.b / (1 / batch.efficiency - 1))";
  if (B < 1) {
    return Error{fmt::format("{} = {}, expected at least 1; raise compute.b or batch.efficiency",
                             batch_law, B)};
  }
  if (B > workload.batch.max_global) {
    return Error{fmt::format(
        "{} = {}, expected at most batch.max_global ({}); lower compute.b or batch.efficiency, or "
        "raise batch.max_global",
        batch_law, B == std::numeric_limits<long long>::max() ? "above 1e15" : fmt::format("{}", B),
        workload.batch.max_global)};
  }
  // Keeps W, K and every product of them well inside integer range.
  constexpr long long kWorkerLimit = 10'000'000;
  long long max_workers = std::min(workload.batch.max_global / B, kWorkerLimit);
  if (profile.platform.concurrency > 0)
    max_workers = std::min(max_workers, profile.platform.concurrency);
  double cap = std::numeric_limits<double>::infinity();
  if (workload.compute.law == ComputeLaw::kVcpu) {
    if (!profile.platform.cpu) {
      return Error{
          fmt::format("workload {}: compute.law \"vcpu\" needs the profile's platform.cpu "
                      "(MB per vCPU and most vCPUs); profile {} has none",
                      workload.name, profile.name)};
    }
    const CpuLimits& cpu = *profile.platform.cpu;
    cap = cpu.mb_per_vcpu * std::min(cpu.max_vcpus, static_cast<double>(workload.compute.threads));
  }
  // The floor in whole MB, as memory sizes are; beyond any memory a profile may hold
  // (1,000,000 MB) it is clamped there, which leaves no configuration feasible.
  const MemoryFloor& f = workload.memory_floor;
  const double floor = f.stated_mb ? *f.stated_mb
                       : f.rule    ? f.rule->floor_mb(workload.model_mb, B)
                                   : 0.0;
  const int floor_mb = static_cast<int>(std::ceil(std::min(floor, 1e6 + 1)));
  return Model(std::move(profile), std::move(workload), B, static_cast<int>(max_workers), cap,
               floor_mb);
}

double Model::train_seconds(int memory_mb) const {
  return train_seconds(static_cast<double>(batch_aggregator_), memory_mb);
}

double Model::train_seconds(double batch, double memory_mb) const {
  const auto& c = workload_.compute;
  return c.a * (batch + c.b) / (effective_memory(memory_mb) + c.m);
}

double Model::batch_trained_in(double seconds, int memory_mb) const {
  const auto& c = workload_.compute;
  return seconds / c.a * (effective_memory(memory_mb) + c.m) - c.b;
}

std::array<double, 3> Model::train_gradient(int memory_mb) const {
  const auto& c = workload_.compute;
  const double batch = static_cast<double>(batch_aggregator_) + c.b;
  const double denominator = effective_memory(memory_mb) + c.m;
  return {batch / denominator, c.a / denominator, -c.a * batch / (denominator * denominator)};
}

std::array<double, 2> Model::flatten_gradient(int memory_mb) const {
  const double M = memory_mb;
  const double power = std::pow(M, workload_.flatten.k2);
  return {power, workload_.flatten.k1 * power * std::log(M)};
}

double Model::function_dollars(double seconds, int memory_mb, int workers) const {
  const double M = memory_mb;
  const double W = workers;
  if (const auto& tiers = profile_.platform.gb_second_prices)
    return tiers->cost(seconds * M * W / 1024);
  return profile_.prices.function_mb_second * seconds * M * W;
}

double Model::checkpoint_seconds(int memory_mb) const {
  if (!profile_.platform.lifetime) return 0;
  const auto& t = profile_.transfers;
  return t.seconds(Direction::kUpload, memory_mb, workload_.model_mb) +
         t.seconds(Direction::kDownload, memory_mb, workload_.model_mb);
}

double Model::flatten_seconds(int memory_mb) const {
  return workload_.flatten.k1 * std::pow(static_cast<double>(memory_mb), workload_.flatten.k2);
}

Lookups Model::lookups(const Config& c) const {
  const double f = workload_.model_mb / c.aggregators;
  const auto& t = profile_.transfers;
  return {t.seconds(Direction::kUpload, c.memory_mb, f),
          t.seconds(Direction::kDownload, c.memory_mb, f), train_seconds(c.memory_mb),
          flatten_seconds(c.memory_mb), checkpoint_seconds(c.memory_mb)};
}

Prediction Model::evaluate(const Config& c, const Lookups& l) const {
  Prediction p;
  p.config = c;
  p.batch_aggregator = batch_aggregator_;
  const long long W = c.workers;
  const long long K = c.aggregators;
  const double M = c.memory_mb;
  const double m = workload_.compute.m;
  if (W < 1 || W > max_workers_) {
    p.infeasibility = Infeasibility::kWorkersOutOfRange;
    return p;
  }
  if (K < 1 || K > W) {
    p.infeasibility = Infeasibility::kAggregatorsOutOfRange;
    return p;
  }
  if (c.memory_mb < profile_.memory.min_mb || c.memory_mb > profile_.memory.max_mb) {
    p.infeasibility = Infeasibility::kMemoryOutOfRange;
    return p;
  }
  if (c.memory_mb < memory_floor_mb_) {
    p.infeasibility = Infeasibility::kBelowMemoryFloor;
    return p;
  }
  const double memory = effective_memory(M);  // M' of the compute law
  if (!(memory + m > 0)) {
    p.infeasibility = Infeasibility::kComputeUndefined;
    return p;
  }
  if (!std::isfinite(l.up) || !std::isfinite(l.down) || !std::isfinite(l.train) ||
      !std::isfinite(l.flatten) || !std::isfinite(l.checkpoint)) {
    p.infeasibility = Infeasibility::kNotRepresentable;
    return p;
  }
  p.negative_transfer = l.up < 0 || l.down < 0;
  const double f = workload_.model_mb / K;
  const auto Kd = static_cast<double>(K);
  const auto Wd = static_cast<double>(W);
  const double t_sync = sync_seconds(profile_.sync, Wd, f, Kd);
  // The measured overheads of a runtime (platform.overheads), none in the reference form.
  const Overheads* over = profile_.platform.overheads ? &*profile_.platform.overheads : nullptr;
  const double t_merge = merge_seconds(over, Wd, f, memory);
  const double t_over = bookkeeping_seconds(over, memory);
  const IterationParts<double> parts = iteration_parts(Kd, merged_downloads(Kd), Wd, l.up, l.down,
                                                       l.train, l.flatten, t_sync, t_merge, t_over);
  const double t_agg = parts.aggregate;
  double t_iter = parts.iteration;
  const Breakdown breakdown{l.train,        l.flatten + t_over,
                            K * l.up,       l.up + (W - 1) * l.down + t_merge,
                            parts.download, t_sync,
                            t_iter};
  for (const double part :
       {parts.upload, breakdown.aggregate, t_sync, t_agg, parts.communication, t_iter}) {
    if (!std::isfinite(part)) {
      p.infeasibility = Infeasibility::kNotRepresentable;
      return p;
    }
  }
  p.breakdown = breakdown;

  const long long B = batch_aggregator_;
  const long long G = workload_.batch.max_global;
  long long A = B;
  if (K < W) {
    const double wanted = std::nearbyint(batch_trained_in(t_agg + l.train, c.memory_mb));
    const long long cap = floor_div(G - B * K, W - K);
    // Compared as doubles first: `wanted` may be far outside integer range.
    A = wanted >= static_cast<double>(cap) ? cap : static_cast<long long>(std::max(wanted, -1e15));
  }
  p.batch_other = A;
  if (A < 1) {
    p.infeasibility = Infeasibility::kBatchBelowOne;
    return p;
  }
  if (const auto& rule = workload_.memory_floor.rule;
      rule && K < W && M < rule->floor_mb(workload_.model_mb, std::max(A, B))) {
    // The non-aggregators train A samples in one pass (the released worker does).
    p.infeasibility = Infeasibility::kBatchBeyondMemory;
    return p;
  }
  if (over && over->wait_fraction > 0 && K < W) {
    // The aggregators wait for the others' chunks (platform.h, T_wait).
    const double others = train_seconds(static_cast<double>(A), c.memory_mb);
    const double t_wait = over->wait_fraction * std::max(0.0, others - l.train + l.up);
    p.breakdown.sync += t_wait;
    p.breakdown.iteration += t_wait;
    t_iter += t_wait;
  }
  const long long global = B * K + (W - K) * A;
  p.iterations = sample_epochs_ / global;
  if (!(t_iter > 0)) {
    p.infeasibility = Infeasibility::kNonPositiveTime;
    return p;
  }
  if (p.iterations < 1) {
    p.infeasibility = Infeasibility::kNoIteration;
    return p;
  }
  const auto I = static_cast<double>(p.iterations);
  const auto& price = profile_.prices;
  p.seconds = I * t_iter;
  if (over) p.seconds += over->start_seconds + over->start_mb_seconds / memory;
  p.cost.function = function_dollars(p.seconds, c.memory_mb, c.workers);
  p.cost.storage = I * (price.put_request * K * W + price.get_request * 2 * K * (W - 1));
  p.dollars = p.cost.function + p.cost.storage;
  add_platform_terms(p, l);
  // After today's terms too: any figure beyond a double makes the configuration infeasible,
  // and an infeasible one (a relaunch count out of range, a lifetime too short) keeps none.
  const CostSplit& cost = p.cost;
  if (!std::isfinite(p.seconds) || !std::isfinite(p.dollars) || !std::isfinite(cost.function) ||
      !std::isfinite(cost.storage) || !std::isfinite(cost.invocations) ||
      !std::isfinite(cost.store)) {
    p.seconds = p.dollars = 0;
    p.cost = {};
    if (p.feasible()) p.infeasibility = Infeasibility::kNotRepresentable;
  }
  return p;
}

void Model::add_platform_terms(Prediction& p, const Lookups& l) const {
  const Platform& platform = profile_.platform;
  const Config& c = p.config;
  const double W = c.workers;
  const double K = c.aggregators;
  const double I = static_cast<double>(p.iterations);
  bool changed = false;
  if (const auto& life = platform.lifetime; life && p.seconds > life->seconds) {
    // A checkpoint transfer extrapolated below zero counts as none (and is flagged).
    const double relaunch = std::max(0.0, l.checkpoint) + life->cold_start_seconds;
    if (l.checkpoint < 0) p.negative_transfer = true;
    if (!(relaunch < life->seconds)) {
      p.infeasibility = Infeasibility::kLifetimeTooShort;
      return;
    }
    const double relaunches = std::ceil(p.seconds / (life->seconds - relaunch)) - 1;
    // Beyond 10^15 relaunches (30 million years of 900 s lives) the count has no meaning.
    if (!(relaunches < 1e15)) {
      p.infeasibility = Infeasibility::kNotRepresentable;
      return;
    }
    p.relaunches = static_cast<long long>(relaunches);
    p.seconds += static_cast<double>(p.relaunches) * relaunch;
    p.cost.storage += static_cast<double>(p.relaunches) * W *
                      (profile_.prices.put_request + profile_.prices.get_request);
    changed = true;
  }
  if (changed) p.cost.function = function_dollars(p.seconds, c.memory_mb, c.workers);
  if (const auto& poll = platform.polling) {
    const Breakdown& b = p.breakdown;
    const double waiting = K * (b.aggregate - l.up + b.sync) + W * b.download;
    p.cost.storage += I * std::max(0.0, waiting) / poll->seconds_per_list * poll->list_price;
    changed = true;
  }
  if (platform.invocations) {
    p.cost.invocations = W * static_cast<double>(p.relaunches + 1) * platform.invocations->price;
    changed = true;
  }
  if (platform.store_hourly_price > 0) {
    p.cost.store = platform.store_hourly_price * p.seconds / 3600;
    changed = true;
  }
  if (changed) p.dollars = p.cost.function + p.cost.storage + p.cost.invocations + p.cost.store;
  if (const auto& limits = platform.request_limits; limits && l.up > 0 && l.down > 0) {
    const double reads =
        W / l.down + (platform.polling ? W / platform.polling->seconds_per_list : 0);
    if (W / l.up > limits->writes_per_second || reads > limits->reads_per_second) {
      p.infeasibility = Infeasibility::kThrottled;
    }
  }
}

}  // namespace fasdl
