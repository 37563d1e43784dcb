// Fuzz target: parse_compute_csv on any bytes, then fit_compute (with the
// memory law's infinite cap and with a finite vCPU cap that cuts through the
// measured memories) and fit_flatten on what parses. Rows are in range and
// read back the same when written out; a fit that is ok has finite, positive
// coefficients where the law needs them, finite standard errors that are the
// square roots of a finite, symmetric covariance, and gives a workload that
// loads; a fit that is not ok says why in one line; the reports print no NaN
// or infinity; errors are one printable line naming the file.
#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/output_format.h"
#include "fasdl/fit/compute_fit.h"
#include "fasdl/fit/fit.h"
#include "fasdl/formats/compute_csv.h"
#include "fasdl/formats/fit_report.h"
#include "fasdl/formats/workload_json.h"
#include "fasdl/model/model.h"
#include "fuzz_check.h"

namespace {

using fasdl::ComputeFit;
using fasdl::ComputeSample;
using fasdl::FitStatus;
using fasdl::FlattenFit;
using fasdl::fuzz::check_line;

template <class Fit>
void check_status(const Fit& fit, std::size_t samples) {
  FUZZ_CHECK(fit.samples == static_cast<int>(samples), "{} samples reported for {}", fit.samples,
             samples);
  for (const std::string& w : fit.warnings)
    check_line(w);
  if (fit.status != FitStatus::kOk) {
    FUZZ_CHECK(fit.status == FitStatus::kRefused || fit.status == FitStatus::kNotConverged,
               "status {}", static_cast<int>(fit.status));
    check_line(fit.reason);
    fasdl::fuzz::check_no_inf_nan(fit.reason, "a fit's reason");
    return;
  }
  FUZZ_CHECK(fit.reason.empty(), "an ok fit with a reason: {}", fit.reason);
  FUZZ_CHECK(std::isfinite(fit.r_squared) && fit.r_squared <= 1 + 1e-12, "R^2 {}", fit.r_squared);
  FUZZ_CHECK(std::isfinite(fit.max_relative_error) && fit.max_relative_error >= 0,
             "max relative error {}", fit.max_relative_error);
}

// Standard errors are the roots of the covariance's diagonal, all finite.
template <std::size_t N>
void check_errors(const std::array<double, N>& errors, const std::array<double, N * N>& c) {
  for (std::size_t i = 0; i < N; ++i) {
    FUZZ_CHECK(std::isfinite(errors[i]) && errors[i] >= 0, "standard error {} of {}", errors[i], i);
    FUZZ_CHECK(errors[i] == std::sqrt(c[i * N + i]), "standard error {} against variance {}",
               errors[i], c[i * N + i]);
    for (std::size_t j = 0; j < N; ++j) {
      FUZZ_CHECK(std::isfinite(c[i * N + j]) && c[i * N + j] == c[j * N + i],
                 "covariance ({}, {}) = {} against {}", i, j, c[i * N + j], c[j * N + i]);
    }
  }
}

void check_compute(const ComputeFit& fit, const std::vector<ComputeSample>& samples, double cap) {
  check_status(fit, samples.size());
  std::set<double> memories;
  std::set<long long> batches;
  for (const ComputeSample& s : samples) {
    memories.insert(std::min<double>(s.memory_mb, cap));
    batches.insert(s.batch);
  }
  const bool too_few = memories.size() < 3 || batches.size() < 2 || samples.size() < 4;
  if (fit.status == FitStatus::kRefused && too_few) return;
  FUZZ_CHECK(memories.size() >= 3 && batches.size() >= 2 && samples.size() >= 4,
             "{} fit of {} memories and {} batches", to_string(fit.status), memories.size(),
             batches.size());
  if (fit.status != FitStatus::kOk) return;
  FUZZ_CHECK(fit.memory_sizes == static_cast<int>(memories.size()) &&
                 fit.batch_sizes == static_cast<int>(batches.size()),
             "{} memory sizes, {} batch sizes", fit.memory_sizes, fit.batch_sizes);
  const auto& c = fit.coefficients;
  FUZZ_CHECK(std::isfinite(c.a) && c.a > 0 && std::isfinite(c.b) && c.b > 0 && std::isfinite(c.m) &&
                 *memories.begin() + c.m > 0,
             "a {} b {} m {} at {} MB", c.a, c.b, c.m, *memories.begin());
  FUZZ_CHECK(c.covariance.has_value(), "an ok compute fit without a covariance");
  check_errors<3>(fit.standard_errors, *c.covariance);
}

void check_flatten(const FlattenFit& fit, const std::vector<ComputeSample>& samples) {
  check_status(fit, samples.size());
  std::set<int> memories;
  for (const ComputeSample& s : samples)
    memories.insert(s.memory_mb);
  if (fit.status == FitStatus::kRefused && (memories.size() < 2 || samples.size() < 3)) return;
  FUZZ_CHECK(memories.size() >= 2 && samples.size() >= 3, "{} fit of {} memories",
             to_string(fit.status), memories.size());
  if (fit.status != FitStatus::kOk) return;
  const auto& c = fit.coefficients;
  FUZZ_CHECK(std::isfinite(c.k1) && c.k1 > 0 && std::isfinite(c.k2), "k1 {} k2 {}", c.k1, c.k2);
  FUZZ_CHECK(c.covariance.has_value(), "an ok flatten fit without a covariance");
  check_errors<2>(fit.standard_errors, *c.covariance);
}

void check_reports(const ComputeFit& compute, const FlattenFit& flatten) {
  using fasdl::OutputFormat;
  fasdl::fuzz::check_json_numbers(format_compute_fits(compute, flatten, OutputFormat::kJson),
                                  "fit report JSON");
  fasdl::fuzz::check_no_inf_nan(format_compute_fits(compute, flatten, OutputFormat::kCsv),
                                "fit report CSV");
  fasdl::fuzz::check_no_inf_nan(format_compute_fits(compute, flatten, OutputFormat::kTable),
                                "fit report table");
}

// What `fasdl-profile compute` writes from two ok fits must load back.
void check_workload(const ComputeFit& compute, const FlattenFit& flatten, int threads) {
  fasdl::Workload w = fasdl::fuzz::small_workload();
  w.name = "measured";
  w.compute = compute.coefficients;
  if (threads > 0) {
    w.compute.law = fasdl::ComputeLaw::kVcpu;
    w.compute.threads = threads;
  }
  w.flatten = flatten.coefficients;
  const auto loaded = fasdl::parse_workload(workload_to_json(w), "fitted.json");
  FUZZ_CHECK(loaded.ok(), "the fitted workload does not load: {}", loaded.error().message);
  fasdl::fuzz::check_workload(*loaded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto samples = fasdl::parse_compute_csv(text, "c.csv");
  if (!samples) {
    fasdl::fuzz::check_error(samples.error(), {"c.csv"});
    return 0;
  }
  FUZZ_CHECK(!samples->empty(), "no samples and no error");
  std::string written = "batch,memory_mb,train_seconds,flatten_seconds\n";
  std::set<int> memories;
  for (const ComputeSample& s : *samples) {
    FUZZ_CHECK(s.batch >= 1 && s.batch <= 1'000'000'000, "batch {}", s.batch);
    FUZZ_CHECK(s.memory_mb >= 1 && s.memory_mb <= 1'000'000, "memory {}", s.memory_mb);
    FUZZ_CHECK(std::isfinite(s.train_seconds) && s.train_seconds > 0, "train {}", s.train_seconds);
    FUZZ_CHECK(std::isfinite(s.flatten_seconds) && s.flatten_seconds > 0, "flatten {}",
               s.flatten_seconds);
    FUZZ_CHECK(s.source.rfind("c.csv:", 0) == 0, "source {}", s.source);
    written +=
        fmt::format("{},{},{},{}\n", s.batch, s.memory_mb, s.train_seconds, s.flatten_seconds);
    memories.insert(s.memory_mb);
  }
  const auto again = fasdl::parse_compute_csv(written, "again.csv");
  FUZZ_CHECK(again.ok() && again->size() == samples->size(), "rows do not read back");
  for (std::size_t i = 0; i < samples->size(); ++i) {
    const ComputeSample& a = (*samples)[i];
    const ComputeSample& b = (*again)[i];
    FUZZ_CHECK(a.batch == b.batch && a.memory_mb == b.memory_mb &&
                   a.train_seconds == b.train_seconds && a.flatten_seconds == b.flatten_seconds,
               "row {} reads back differently", i + 1);
  }

  const FlattenFit flatten = fasdl::fit_flatten(*samples);
  check_flatten(flatten, *samples);
  // The memory law, then the vCPU law with a cap at the middle measured memory.
  const int middle = *std::next(memories.begin(), static_cast<long>(memories.size() / 2));
  for (const double cap : {std::numeric_limits<double>::infinity(), static_cast<double>(middle)}) {
    fasdl::FitOptions options;
    options.memory_cap = cap;
    const ComputeFit compute = fasdl::fit_compute(*samples, options);
    check_compute(compute, *samples, cap);
    check_reports(compute, flatten);
    if (compute.status == FitStatus::kOk && flatten.status == FitStatus::kOk) {
      check_workload(compute, flatten, std::isfinite(cap) ? 2 : 0);
    }
  }
  return 0;
}
