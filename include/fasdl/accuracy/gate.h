// Gate: what decides whether a validation passes (docs/accuracy.md, "The CI
// check").
//
// kMedian: the median accuracy reaches `threshold` (the goal, 94%). On a
// machine whose speed drifts between measuring and running, that figure
// moves with the machine as well as with the model.
//
// kCorrected: the median accuracy corrected for the machine's drift (the
// reference probes, fasdl/accuracy/reference_probe.h) reaches `threshold`;
// runs or a profile without probes fail it.
//
// kRobust: only statistics that a common change of the machine's speed
// cannot move, and a broken model or runtime does:
//   - every run and every prediction is a finite, positive number;
//   - the configuration the model prices cheapest measured at most
//     (1 + cheapest_tolerance) times the cheapest measured dollars;
//   - the model orders the configurations' dollars, and their seconds, as the
//     runs do, but for pairs that the model or the runs put at most
//     order_tolerance apart (fasdl/accuracy/order.h: a near tie swaps on the
//     machine's noise, and Spearman's correlation of four configurations
//     fell to 0.60 on two near ties with the code unchanged);
//   - with a baseline (the reference form), the model's shape accuracy is
//     above the baseline's; the shape accuracy is the median over the runs of
//       1 - |predicted / s - measured| / measured,  s = median(predicted / measured)
//     (the accuracy once one common speed factor s is taken out).
// Spearman's rank correlation of dollars and of seconds is printed, and
// checked against min_rank_correlation only when that is set.
// Two more checks only when asked (min_shape, max_split_error): the shape
// accuracy itself, and the training split, the training part's speed factor
// over the whole's (median of predicted / measured train seconds, over s),
// within max_split_error of 1. A uniform drift moves neither, but other
// processes do: they slow the CPU-bound training and the store's waits
// unevenly between measuring and running (a live quick set next to two
// builds measured a shape of 88.9% and a split of 1.399 with the code
// unchanged; docs/accuracy.md, "The CI check"). Unset, both are printed as
// information, like the median.
// Each check that fails is one line of `failures`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"

namespace fasdl {

enum class Gate { kMedian, kCorrected, kRobust };
std::string_view to_string(Gate g);
Expected<Gate> gate_from_string(std::string_view s);

struct GateOptions {
  Gate gate = Gate::kMedian;
  double threshold = 0.94;        // kMedian, kCorrected: the median accuracy to reach
  double order_tolerance = 0.25;  // kRobust: opposite order forgiven this close (relative)
  std::optional<double> min_rank_correlation;  // kRobust: Spearman's of dollars and seconds, if set
  double cheapest_tolerance = 0.05;            // kRobust: relative, on measured dollars
  std::optional<double> min_shape;             // kRobust: the shape accuracy to reach, if set
  std::optional<double> max_split_error;       // kRobust: |training split - 1| at most, if set
};

struct GateResult {
  bool passed = false;
  std::vector<std::string> checks;    // every check, with its figure and limit
  std::vector<std::string> failures;  // the ones that failed
};

struct AccuracySummary;
// `baseline` may be null (no reference form given).
GateResult judge(const AccuracySummary& model, const AccuracySummary* baseline,
                 const GateOptions& options);

}  // namespace fasdl
