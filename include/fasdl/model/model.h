// Model: the K-REDUCE cost model (docs/model.md) as pure functions of a
// profile, a workload and one configuration.
//
// Units: memory and object sizes in MB, time in seconds, money in US dollars.
//
// With f = S / K, B = round(b / (1 / gamma - 1)) and up, down from the
// profile's transfer table, one iteration takes
//   T_train = a (B + b) / (M + m)
//   T_trans = k1 M^k2
//   T_up    = K up(M, f) + T_trans
//   T_down  = (K - 1) down(M, f), or down(M, f) when K = 1
//   T_sync  = c_sync W (f + f_0) (2 - K / W)
//   T_agg   = up(M, f) + (W - 1) down(M, f) + T_sync
//   T_iter  = T_train + T_up + T_down + T_agg
// non-aggregators train A samples a step (A = B when K = W), else
//   A = min(round((T_agg + T_train) / a (M + m) - b), floor((G - B K) / (W - K)))
// and the run takes I = floor(D E / (B K + (W - K) A)) iterations:
//   T = I T_iter                                  seconds
//   C = p_mem T M W + I (p_put K W + 2 p_get K (W - 1))   dollars
// round() is round-half-to-even.
//
// A profile's "platform" object adds today's terms (fasdl/platform.h), each
// off in the reference form:
//   M' = min(M, mb_per_vcpu x min(max_vcpus, threads)) replaces M in T_train
//        and in A for a workload with compute law "vcpu";
//   R  = 0 if T_base <= L, else ceil(T_base / (L - t_r)) - 1 relaunches of
//        every worker, with T_base = I T_iter (+ T_start below), L the function lifetime and
//        t_r = max(0, up(M, S) + down(M, S)) + cold start (a checkpoint saved
//        and loaded); T = T_base + R t_r;
//   C_fn uses tiered $ per GB-second (GB = 1024 MB) from the account's
//        monthly usage instead of p_mem;
//   C_storage adds R W (p_put + p_get) for checkpoints and I P p_list for
//        LIST polling, P = (K ((W - 1) down + T_sync + T_merge + T_wait) + W T_down) / poll;
//   C_invocations = W (R + 1) p_invoke;  C_store = hourly T / 3600;
//   with platform.overheads (a runtime's measured costs, fasdl/platform.h),
//        T_agg += T_merge = mu W f / M' (in `aggregate`), T_iter += g / M' (in
//        `flatten`), T_iter += T_wait = omega max(0, T_train(A) - T_train(B) + up)
//        at K < W, after A is chosen (in `sync`), and T += T_start = t_0 + s / M'
//        once per run;
//   W <= the account's concurrency; a configuration whose peak request
//        rates, W / up writes and W / down (+ W / poll) reads a second,
//        exceed the store's per-prefix limits is infeasible (throttled).
//
// A workload's memory floor (fasdl/model/workload.h) makes every M below it
// infeasible; the reference form's workloads have none. With the floor's
// rule, non-aggregators train A samples in one pass, so a configuration with
//   M < runtime_mb + vector_copies S + activation_mb_per_sample A   (K < W)
// is infeasible too (kBatchBeyondMemory).
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "fasdl/base/expected.h"
#include "fasdl/model/profile.h"
#include "fasdl/model/workload.h"

namespace fasdl {

struct Config {
  int workers = 1;      // W
  int memory_mb = 128;  // M
  int aggregators = 1;  // K

  friend bool operator==(const Config&, const Config&) = default;
};

// Seconds per iteration. The parts add up to `iteration`:
//   train = T_train, flatten = T_trans, upload = K up, download = T_down,
//   aggregate = up + (W - 1) down, sync = T_sync.
struct Breakdown {
  double train = 0;
  double flatten = 0;
  double upload = 0;
  double aggregate = 0;
  double download = 0;
  double sync = 0;
  double iteration = 0;

  double communication() const { return iteration - train; }  // T_comm
};

// The parts by name, in the order every output lists them.
inline constexpr std::array<std::pair<std::string_view, double Breakdown::*>, 7> kBreakdownParts{{
    {"train", &Breakdown::train},
    {"flatten", &Breakdown::flatten},
    {"upload", &Breakdown::upload},
    {"aggregate", &Breakdown::aggregate},
    {"download", &Breakdown::download},
    {"sync", &Breakdown::sync},
    {"iteration", &Breakdown::iteration},
}};

struct CostSplit {
  double function = 0;     // p_mem T M W (or tiered), $
  double storage = 0;      // I (p_put K W + 2 p_get K (W - 1)) + checkpoints + polling, $
  double invocations = 0;  // W (R + 1) p_invoke, $
  double store = 0;        // hourly T / 3600, $
};

// Why a configuration cannot run; kNone when it can.
enum class Infeasibility {
  kNone,
  kWorkersOutOfRange,      // W < 1 or W > floor(G / B)
  kAggregatorsOutOfRange,  // K outside 1..W
  kMemoryOutOfRange,       // M outside the profile's memory range
  kBelowMemoryFloor,       // M below the workload's memory floor (fasdl/model/workload.h)
  kComputeUndefined,       // M + m <= 0: the compute law has no value
  kNonPositiveTime,        // T_iter <= 0: negative extrapolated transfer times outweigh the rest
  kBatchBelowOne,          // A < 1
  kBatchBeyondMemory,      // the memory rule at the non-aggregators' batch A exceeds M
  kNoIteration,            // D E smaller than one global batch: I = 0
  kLifetimeTooShort,       // a relaunch's checkpoint and cold start do not fit in the lifetime
  kThrottled,              // peak request rates exceed the store's per-prefix limits
  kNotRepresentable,       // a time or a cost beyond a double's range (absurd coefficients)
};

// An infeasible prediction carries no infinite or NaN figure: the parts that
// could not be computed are left at zero.
struct Prediction {
  Config config;
  long long batch_aggregator = 0;  // B, samples
  long long batch_other = 0;       // A, samples
  long long iterations = 0;        // I
  long long relaunches = 0;        // R: invocations of each worker after its first
  double seconds = 0;              // T
  double dollars = 0;              // C
  Breakdown breakdown;
  CostSplit cost;
  Infeasibility infeasibility = Infeasibility::kNone;
  // up(M, f) or down(M, f) was extrapolated below zero seconds. The spec's
  // arithmetic is kept (the reference fixtures rely on it), but the figures
  // are suspect and every output says so.
  bool negative_transfer = false;

  bool feasible() const { return infeasibility == Infeasibility::kNone; }
};

// Where a configuration leaves the profile's measured transfer times
// (docs/profiles.md, "Beyond the measurements"): M outside the measured
// memory columns (their end column is reused), the chunk f = S / K or, with
// relaunches, the checkpoint S beyond the sizes measured at M (the end
// segments are extended).
struct Extrapolation {
  bool memory = false;
  bool chunk = false;
  bool checkpoint = false;
  int measured_min_mb = 0;  // the smallest and largest measured memory column, MB
  int measured_max_mb = 0;

  bool any() const { return memory || chunk || checkpoint; }
};

// The profile- and compute-dependent inputs of one iteration. A search caches
// them; Model::evaluate does the arithmetic, so cached and direct predictions
// agree to the last bit.
struct Lookups {
  double up = 0;          // up(M, f), s
  double down = 0;        // down(M, f), s
  double train = 0;       // T_train(B, M), s
  double flatten = 0;     // T_trans(M), s
  double checkpoint = 0;  // up(M, S) + down(M, S), s; only with a lifetime
};

class Model {
 public:
  // Fails when the pair cannot form a model (for example B < 1).
  static Expected<Model> create(Profile profile, Workload workload);

  Prediction predict(const Config& c) const { return evaluate(c, lookups(c)); }
  Lookups lookups(const Config& c) const;
  Prediction evaluate(const Config& c, const Lookups& l) const;

  double train_seconds(int memory_mb) const;    // T_train(B, M)
  double flatten_seconds(int memory_mb) const;  // T_trans(M)
  // T_train(x, M) = a (x + b) / (M' + m), seconds for a mini-batch of x samples.
  double train_seconds(double batch, double memory_mb) const;
  // The batch that T_train takes `seconds` to train: seconds (M' + m) / a - b (not rounded).
  double batch_trained_in(double seconds, int memory_mb) const;
  // dT_train(B, M) / d(a, b, m) = ((B + b), a, -a (B + b) / (M' + m)) / (M' + m).
  std::array<double, 3> train_gradient(int memory_mb) const;
  // dT_trans(M) / d(k1, k2) = (M^k2, k1 M^k2 ln M).
  std::array<double, 2> flatten_gradient(int memory_mb) const;
  // Dollars of `seconds` of W functions of M MB each: the tiered price per
  // GB-second (GB = 1024 MB) when the profile has tiers, else p_mem T M W.
  double function_dollars(double seconds, int memory_mb, int workers) const;
  double checkpoint_seconds(int memory_mb) const;  // up(M, S) + down(M, S); 0 without a lifetime
  // M': the memory the compute law sees (M, or capped by the vCPUs used).
  double effective_memory(double memory_mb) const { return std::min(memory_mb, memory_cap_); }
  double memory_cap() const { return memory_cap_; }

  const Profile& profile() const { return profile_; }
  const Workload& workload() const { return workload_; }
  long long batch_aggregator() const { return batch_aggregator_; }  // B
  // floor(G / B), and at most the account's concurrency
  int max_workers() const { return max_workers_; }
  // The workload's memory floor rounded up to a whole MB; 0 without one.
  int memory_floor_mb() const { return memory_floor_mb_; }
  // How the floor is made, for people: "350 MB runtime + 6 x 89.72 MB vectors
  // + 64 x 26.19 MB activations" or "the workload's memory_min_mb".
  std::string memory_floor_derivation() const;
  // What of a feasible prediction rests on extrapolated transfer times.
  Extrapolation extrapolation(const Prediction& p) const;

  // One line: why `p` cannot run, with the numbers ("A = 0 < 1: ...").
  std::string explain(const Prediction& p) const;

 private:
  Model(Profile profile, Workload workload, long long batch_aggregator, int max_workers,
        double memory_cap, int memory_floor_mb);
  // The steps of evaluate(), in its order. M' is `memory` (effective_memory).
  // Why `c` cannot be evaluated at all: W, K or M out of range, M below the
  // memory floor, no value of the compute law, a lookup beyond a double; kNone else.
  Infeasibility check_config(const Config& c, const Lookups& l) const;
  // One iteration's breakdown and T_agg (sync included); none when a part is beyond a double.
  struct IterationTimes {
    Breakdown breakdown;
    double aggregate = 0;  // T_agg
  };
  std::optional<IterationTimes> iteration_times(const Config& c, const Lookups& l,
                                                double memory) const;
  // A: the samples a non-aggregator trains while the aggregators work (B when K = W),
  // at most (G - B K) / (W - K).
  long long others_batch(const Config& c, double aggregate_seconds, double train_seconds) const;
  // Why the non-aggregators cannot train A: fewer than one sample, or (with the memory
  // floor's rule) more than fits in M in one pass; kNone else.
  Infeasibility check_others_batch(const Config& c, long long others) const;
  // T_wait of a runtime's overheads (platform.h): the aggregators wait for the others.
  void add_wait(Prediction& p, const Lookups& l) const;
  // I, the seconds and dollars, the platform terms, and no figure beyond a double.
  void add_totals(Prediction& p, double memory, const Lookups& l) const;
  // The platform terms on top of the reference figures of `p`.
  void add_platform_terms(Prediction& p, const Lookups& l) const;

  Profile profile_;
  Workload workload_;
  long long batch_aggregator_;
  int max_workers_;
  double memory_cap_;        // infinite unless the compute law is "vcpu"
  int memory_floor_mb_;      // 0: none
  long long sample_epochs_;  // D E
};

// B = round(b / (1 / gamma - 1)), half to even.
long long aggregator_batch(double b, double efficiency);

std::string_view to_string(Infeasibility i);

}  // namespace fasdl
