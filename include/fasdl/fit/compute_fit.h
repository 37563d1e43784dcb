// Compute fits: the training and flattening laws of a workload from timed
// steps (fasdl/fit/fit.h says how they are fitted).
//
// Units: memory in MB, time in seconds, batches in samples.
//
//   training step:  T_train(B, M) = a (B + b) / (M + m)
//   flattening:     T_trans(M)    = k1 M^k2
#pragma once

#include <array>
#include <string>
#include <vector>

#include "fasdl/fit/fit.h"
#include "fasdl/model/workload.h"

namespace fasdl {

// One timed training step: `batch` samples on a function of `memory_mb` MB
// took `train_seconds`; flattening the parameters took `flatten_seconds`.
// `source` locates it for messages ("compute.csv:7").
struct ComputeSample {
  long long batch = 0;
  int memory_mb = 0;
  double train_seconds = 0;
  double flatten_seconds = 0;
  std::string source;
};

struct ComputeFit {
  FitStatus status = FitStatus::kOk;
  std::string reason;                       // when not kOk
  ComputeCoefficients coefficients;         // a, b, m and their covariance
  std::array<double, 3> standard_errors{};  // of a, b, m
  double r_squared = 0;
  double max_relative_error = 0;
  int samples = 0;
  int memory_sizes = 0;
  int batch_sizes = 0;
  std::vector<std::string> warnings;  // for example R^2 below FitOptions::warn_r_squared
};

struct FlattenFit {
  FitStatus status = FitStatus::kOk;
  std::string reason;
  FlattenCoefficients coefficients;  // k1, k2 and their covariance
  std::array<double, 2> standard_errors{};
  double r_squared = 0;
  double max_relative_error = 0;
  int samples = 0;
  int memory_sizes = 0;
  std::vector<std::string> warnings;
};

// a, b, m from every sample (repeats count individually). Refuses fewer than
// 3 memory sizes (1 with FitOptions::fixed_m) or 2 batch sizes, non-positive or non-finite values,
// and fitted values that leave the law undefined (b <= 0, a <= 0 or M + m <= 0).
ComputeFit fit_compute(const std::vector<ComputeSample>& samples, const FitOptions& options = {});

// k1, k2 from every sample's flattening time. Refuses fewer than 2 memory
// sizes and non-positive or non-finite times.
FlattenFit fit_flatten(const std::vector<ComputeSample>& samples, const FitOptions& options = {});

}  // namespace fasdl
