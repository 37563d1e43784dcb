#include "fasdl/model/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "fasdl/model/iteration.h"
#include "fasdl/model/platform.h"
#include "fasdl/model/requests.h"

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
  p.infeasibility = check_config(c, l);
  if (!p.feasible()) return p;
  p.negative_transfer = l.up < 0 || l.down < 0;
  const double memory = effective_memory(c.memory_mb);  // M' of the compute law
  const std::optional<IterationTimes> times = iteration_times(c, l, memory);
  if (!times) {
    p.infeasibility = Infeasibility::kNotRepresentable;
    return p;
  }
  p.breakdown = times->breakdown;
  p.batch_other = others_batch(c, times->aggregate, l.train);
  p.infeasibility = check_others_batch(c, p.batch_other);
  if (!p.feasible()) return p;
  add_wait(p, l);
  add_totals(p, memory, l);
  return p;
}

Infeasibility Model::check_config(const Config& c, const Lookups& l) const {
  const long long W = c.workers;
  const long long K = c.aggregators;
  if (W < 1 || W > max_workers_) return Infeasibility::kWorkersOutOfRange;
  if (K < 1 || K > W) return Infeasibility::kAggregatorsOutOfRange;
  if (c.memory_mb < profile_.memory.min_mb || c.memory_mb > profile_.memory.max_mb) {
    return Infeasibility::kMemoryOutOfRange;
  }
  if (c.memory_mb < memory_floor_mb_) return Infeasibility::kBelowMemoryFloor;
  if (!(effective_memory(c.memory_mb) + workload_.compute.m > 0)) {
    return Infeasibility::kComputeUndefined;
  }
  if (!std::isfinite(l.up) || !std::isfinite(l.down) || !std::isfinite(l.train) ||
      !std::isfinite(l.flatten) || !std::isfinite(l.checkpoint)) {
    return Infeasibility::kNotRepresentable;
  }
  return Infeasibility::kNone;
}

std::optional<Model::IterationTimes> Model::iteration_times(const Config& c, const Lookups& l,
                                                            double memory) const {
  const long long W = c.workers;
  const long long K = c.aggregators;
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
  const Breakdown breakdown{
      l.train, l.flatten + t_over, K * l.up, l.up + (W - 1) * l.down + t_merge, parts.download,
      t_sync,  parts.iteration};
  for (const double part : {parts.upload, breakdown.aggregate, t_sync, parts.aggregate,
                            parts.communication, parts.iteration}) {
    if (!std::isfinite(part)) return std::nullopt;
  }
  return IterationTimes{breakdown, parts.aggregate};
}

long long Model::others_batch(const Config& c, double aggregate_seconds,
                              double train_seconds) const {
  const long long W = c.workers;
  const long long K = c.aggregators;
  const long long B = batch_aggregator_;
  if (K >= W) return B;
  const double wanted =
      std::nearbyint(batch_trained_in(aggregate_seconds + train_seconds, c.memory_mb));
  const long long cap = floor_div(workload_.batch.max_global - B * K, W - K);
  // Compared as doubles first: `wanted` may be far outside integer range.
  return wanted >= static_cast<double>(cap) ? cap : static_cast<long long>(std::max(wanted, -1e15));
}

Infeasibility Model::check_others_batch(const Config& c, long long others) const {
  if (others < 1) return Infeasibility::kBatchBelowOne;
  const double M = c.memory_mb;
  if (const auto& rule = workload_.memory_floor.rule;
      rule && c.aggregators < c.workers &&
      M < rule->floor_mb(workload_.model_mb, std::max(others, batch_aggregator_))) {
    // The non-aggregators train A samples in one pass (the released worker does).
    return Infeasibility::kBatchBeyondMemory;
  }
  return Infeasibility::kNone;
}

void Model::add_wait(Prediction& p, const Lookups& l) const {
  const auto& over = profile_.platform.overheads;
  if (!over || !(over->wait_fraction > 0) || p.config.aggregators >= p.config.workers) return;
  // The aggregators wait for the others' chunks (platform.h, T_wait).
  const double others = train_seconds(static_cast<double>(p.batch_other), p.config.memory_mb);
  const double t_wait = over->wait_fraction * std::max(0.0, others - l.train + l.up);
  p.breakdown.sync += t_wait;
  p.breakdown.iteration += t_wait;
}

void Model::add_totals(Prediction& p, double memory, const Lookups& l) const {
  const Config& c = p.config;
  const long long W = c.workers;
  const long long K = c.aggregators;
  const long long global = batch_aggregator_ * K + (W - K) * p.batch_other;
  p.iterations = sample_epochs_ / global;
  if (!(p.breakdown.iteration > 0)) {
    p.infeasibility = Infeasibility::kNonPositiveTime;
    return;
  }
  if (p.iterations < 1) {
    p.infeasibility = Infeasibility::kNoIteration;
    return;
  }
  const auto I = static_cast<double>(p.iterations);
  const auto& price = profile_.prices;
  p.seconds = I * p.breakdown.iteration;
  if (const auto& over = profile_.platform.overheads) {
    p.seconds += over->start_seconds + over->start_mb_seconds / memory;
  }
  p.cost.function = function_dollars(p.seconds, c.memory_mb, c.workers);
  const StoreRequests requests = iteration_requests(W, K);
  p.cost.storage = I * (price.put_request * static_cast<double>(requests.puts) +
                        price.get_request * static_cast<double>(requests.gets));
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
