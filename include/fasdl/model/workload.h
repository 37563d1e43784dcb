// Workload: one model trained on one data set, as the K-REDUCE model sees it.
//
// Units: sizes in MB, time in seconds, batches and samples in samples.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "fasdl/base/expected.h"

namespace fasdl {

// How training speed follows memory.
enum class ComputeLaw {
  kMemory,  // speed grows with M without bound (the reference form)
  kVcpu,    // speed follows the vCPUs the platform grants and the threads used
};
std::string_view to_string(ComputeLaw law);

// T_train(B, M) = a (B + b) / (M' + m): seconds to train a batch of B samples
// on a function of M MB, where M' = M (law kMemory) or, for law kVcpu,
// M' = min(M, mb_per_vcpu x min(max_vcpus, threads)): memory beyond the vCPUs
// the framework's threads can use buys no speed (profile platform.cpu).
// a is in MB-seconds per sample, b in samples, m in MB.
// `covariance`, when known (a fit of measurements), is the 3 x 3 covariance
// of the estimates in the order a, b, m, row-major: entry (i, j) at 3 i + j,
// units the products of the coefficients' units.
struct ComputeCoefficients {
  double a = 0;
  double b = 0;
  double m = 0;
  std::optional<std::array<double, 9>> covariance = std::nullopt;
  ComputeLaw law = ComputeLaw::kMemory;
  int threads = 0;  // training threads, law kVcpu only
};

// T_trans(M) = k1 * M^k2: seconds to flatten the parameters into one vector
// on a function of M MB. k1 is in seconds per MB^k2, k2 has no unit.
// `covariance`, when known, is the 2 x 2 covariance of (k1, k2), row-major.
struct FlattenCoefficients {
  double k1 = 0;
  double k2 = 0;
  std::optional<std::array<double, 4>> covariance = std::nullopt;
};

struct BatchPolicy {
  double efficiency = 0.8;      // gamma in (0, 1): B = round(b / (1 / gamma - 1))
  long long max_global = 1024;  // G, samples: cap on the global batch
};

// The least memory one worker's function needs (docs/profiles.md, "Memory
// floor"): stated (`memory_min_mb`), or computed by the rule (`memory_floor`)
//   floor = runtime_mb + vector_copies S + activation_mb_per_sample B   MB
// with S = model_mb and B the aggregators' batch, the smallest batch a worker
// trains in one pass. Plans never use less memory and a prediction below it
// is infeasible. A workload with neither (the reference form) has no floor.
struct MemoryRule {
  double runtime_mb = 0;                // the framework and its libraries once imported, MB
  double vector_copies = 0;             // S-sized buffers alive at once: parameters, gradients,
                                        // optimizer state, the flattened vector, chunks
  double activation_mb_per_sample = 0;  // activations kept for the backward pass, MB per sample

  double floor_mb(double model_mb, long long batch) const {
    return runtime_mb + vector_copies * model_mb +
           activation_mb_per_sample * static_cast<double>(batch);
  }
};

struct MemoryFloor {
  std::optional<double> stated_mb;  // memory_min_mb
  std::optional<MemoryRule> rule;   // memory_floor; at most one of the two

  bool any() const { return stated_mb.has_value() || rule.has_value(); }
};

struct Workload {
  std::string name;
  std::string description;
  double model_mb = 0;    // S, MB of the exchanged parameter vector
  long long samples = 0;  // D
  long long epochs = 0;   // E
  ComputeCoefficients compute;
  FlattenCoefficients flatten;
  BatchPolicy batch;
  MemoryFloor memory_floor;  // none in the reference form
};

}  // namespace fasdl
