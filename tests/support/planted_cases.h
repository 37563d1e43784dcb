// Validation cases with planted figures, and the robust gate's defaults,
// for the tests of fasdl/accuracy (gate_test.cc, validate_test.cc).
#pragma once

#include "fasdl/accuracy/gate.h"
#include "fasdl/accuracy/validate.h"

namespace fasdl::testing {

// A case with planted accuracy and dollars (seconds in proportion to them).
inline ValidationCase planted(Config c, double accuracy, double predicted_dollars,
                              double measured_dollars) {
  ValidationCase v;
  v.measured.config = c;
  v.measured.dollars = measured_dollars;
  v.measured.seconds = 100 * measured_dollars;
  v.predicted.accuracy = accuracy;
  v.predicted.dollars = predicted_dollars;
  v.predicted.seconds = 100 * predicted_dollars;
  return v;
}

inline GateOptions robust_gate() {
  GateOptions g;
  g.gate = Gate::kRobust;
  return g;
}

}  // namespace fasdl::testing
