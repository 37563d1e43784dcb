#include "fasdl/accuracy/gate.h"

#include <fmt/format.h>

#include <cmath>
#include <tuple>

#include "base/text.h"
#include "fasdl/accuracy/validate.h"
#include "fasdl/base/enum_names.h"

namespace fasdl {

std::string_view to_string(Gate g) {
  switch (g) {
    case Gate::kMedian:
      return "median";
    case Gate::kCorrected:
      return "corrected";
    case Gate::kRobust:
      return "robust";
  }
  return "median";
}

Expected<Gate> gate_from_string(std::string_view s) {
  return enum_from_string(s, {Gate::kMedian, Gate::kCorrected, Gate::kRobust}, "--gate");
}

namespace {

std::string percent(double v) {
  return fmt::format("{:.1f}%", 100 * v);
}

std::string config(const Config& c) {
  return fmt::format("{}:{}:{}", c.workers, c.memory_mb, c.aggregators);
}

std::string disagreement(const OrderSummary& o) {
  if (!o.any) return "as measured";
  return fmt::format("{} and {} ordered oppositely, {} apart", config(o.first), config(o.second),
                     percent(o.separation));
}

}  // namespace

GateResult judge(const AccuracySummary& s, const AccuracySummary* baseline, const GateOptions& o) {
  GateResult r;
  const auto check = [&r](bool good, std::string line) {
    r.checks.push_back(fmt::format("{} {}", good ? "pass" : "FAIL", line));
    if (!good) r.failures.push_back(std::move(line));
  };
  check(s.finite, "every run and prediction a finite, positive number");
  if (o.gate == Gate::kMedian) {
    check(s.median >= o.threshold,
          fmt::format("median accuracy {} against {}", percent(s.median), percent(o.threshold)));
  } else if (o.gate == Gate::kCorrected) {
    if (!s.corrected) {
      check(false, "corrected median accuracy: the profile or a run has no reference probe");
    } else {
      check(s.corrected_median >= o.threshold,
            fmt::format("median accuracy corrected for the machine's drift {} against {}",
                        percent(s.corrected_median), percent(o.threshold)));
    }
  } else {
    check(s.cheapest_excess <= o.cheapest_tolerance,
          fmt::format("the cheapest predicted ({}) measured {} above the cheapest measured ({}); "
                      "at most {}",
                      config(s.predicted_cheapest), percent(s.cheapest_excess),
                      config(s.measured_cheapest), percent(o.cheapest_tolerance)));
    for (const auto& [what, order, rank] :
         {std::tuple{"dollars", &s.dollars_order, s.rank_correlation},
          std::tuple{"seconds", &s.seconds_order, s.seconds_rank_correlation}}) {
      check(!order->any || order->separation <= o.order_tolerance,
            fmt::format("order of {}: {}; at most {} apart", what, disagreement(*order),
                        percent(o.order_tolerance)));
      const std::string spearman = fmt::format("rank correlation of {} {:.2f}", what, rank);
      if (o.min_rank_correlation) {
        check(rank >= *o.min_rank_correlation,
              fmt::format("{}, at least {:.2f}", spearman, *o.min_rank_correlation));
      } else {
        r.checks.push_back("info " + spearman);
      }
    }
    const std::string shape =
        fmt::format("shape accuracy {} (speed factor {:.3f})", percent(s.shape_median), s.scale);
    const std::string split = fmt::format(
        "training split {:.3f} (the training's speed factor over the whole's)", s.training_split);
    if (o.min_shape) {
      check(s.shape_median >= *o.min_shape,
            fmt::format("{}, at least {}", shape, percent(*o.min_shape)));
    } else {
      r.checks.push_back("info " + shape);
    }
    if (o.max_split_error) {
      check(std::fabs(s.training_split - 1) <= *o.max_split_error,
            fmt::format("{}, within {:.2f} of 1", split, *o.max_split_error));
    } else {
      r.checks.push_back("info " + split);
    }
    if (baseline != nullptr) {
      check(s.shape_median > baseline->shape_median,
            fmt::format("shape accuracy {} above the reference form's {}", percent(s.shape_median),
                        percent(baseline->shape_median)));
    }
  }
  r.passed = r.failures.empty();
  return r;
}

}  // namespace fasdl
