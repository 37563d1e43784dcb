// Platform: the terms of serverless platforms as they are today that the
// 2023 reference form of the model leaves out (docs/model.md, "The platform
// as it is today"). Each term is off unless a profile's "platform" object
// sets it, so a reference profile reproduces the reference model exactly.
//
// Units: memory in MB, time in seconds, money in US dollars.
#pragma once

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fasdl {

// AWS Lambda grants one vCPU per 1,769 MB of function memory.
inline constexpr double kLambdaMbPerVcpu = 1769;

// Lambda grants one vCPU per mb_per_vcpu MB of memory, at most max_vcpus.
struct CpuLimits {
  double mb_per_vcpu = kLambdaMbPerVcpu;
  double max_vcpus = 6;
};

// A price with where it comes from.
struct Provenance {
  std::string date;    // when the price was read, YYYY-MM-DD
  std::string source;  // where
};

// $ per GB-second up to a cumulative monthly usage; the last tier has no end.
struct PriceTier {
  double up_to_gb_seconds = std::numeric_limits<double>::infinity();
  double price = 0;
};

// Function time priced by architecture and monthly usage tier, instead of
// prices.function_mb_second.
struct TieredPrices {
  std::string architecture = "x86_64";                  // the table that applies
  std::map<std::string, std::vector<PriceTier>> tiers;  // by architecture
  double monthly_usage_gb_seconds = 0;                  // the account's use before this run
  Provenance provenance;

  // Dollars of `gb_seconds` more function time this month (GB = 1024 MB).
  double cost(double gb_seconds) const;
};

// Every invocation of a function is a billed request.
struct InvocationPrice {
  double price = 0;  // $ per invocation
  Provenance provenance;
};

// A function lives at most `seconds`; a longer run relaunches every worker,
// which saves and loads a checkpoint of S MB and starts cold again.
struct Lifetime {
  double seconds = 900;
  double cold_start_seconds = 0;
};

// The runtime waits for objects by listing the store: one LIST request each
// `seconds_per_list` of waiting, at `list_price` each.
struct Polling {
  double seconds_per_list = 0.05;
  double list_price = 0;
  Provenance provenance;
};

// The store's request rates per key prefix (S3: 3,500 writes and 5,500 reads
// a second); the runtime keeps every chunk of an iteration under one prefix.
struct RequestLimits {
  double writes_per_second = 3500;
  double reads_per_second = 5500;
};

// What a runtime spends beyond the reference form's transfers, training and
// flattening, measured by `fasdl-profile measure` on fasdl-run
// (docs/accuracy.md). With M' the memory the compute law sees (M, or capped
// by the vCPUs used) and f = S / K, all CPU work at the function's share:
//   T_merge = aggregation_mb_seconds_per_mb W f / M'  an aggregator averaging
//             W chunks of f MB (and what its W - 1 downloads cost beyond the
//             transfer table), part of T_agg;
//   T_over  = iteration_mb_seconds / M'               every worker's bookkeeping
//             between iterations (logs, checkpoints), part of T_iter;
//   T_start = start_seconds + start_mb_seconds / M'   once per run: invocation,
//             loading the data and the model, and the last exit;
//   T_wait  = wait_fraction max(0, T_train(A) - T_train(B) + up(M, f))  if K < W
//             an aggregator waiting for the others' chunks: they train A
//             samples, and one more upload, while it trains B; part of T_sync
//             (after A is chosen, so A is the reference form's).
struct Overheads {
  double aggregation_mb_seconds_per_mb = 0;  // MB-seconds per MB averaged
  double iteration_mb_seconds = 0;           // MB-seconds per iteration
  double start_seconds = 0;                  // seconds per run
  double start_mb_seconds = 0;               // MB-seconds per run
  double wait_fraction = 0;                  // omega, dimensionless
};

struct Platform {
  std::optional<CpuLimits> cpu;
  std::optional<TieredPrices> gb_second_prices;
  std::optional<InvocationPrice> invocations;
  std::optional<Lifetime> lifetime;
  long long concurrency = 0;  // account limit on concurrent functions, bounds W; 0: none
  std::optional<Polling> polling;
  std::optional<RequestLimits> request_limits;
  std::string store = "s3";       // the store the profile's transfers and prices describe
  double store_hourly_price = 0;  // $ per hour the store exists (a cache node), 0 for S3
  std::optional<Provenance> store_provenance;
  std::optional<Overheads> overheads;  // a runtime's measured overheads (fasdl-run)
};

}  // namespace fasdl
