// Calibrate: the coefficients that only whole K-REDUCE iterations show,
// fitted to a few short runs of fasdl-run (docs/accuracy.md). The transfer
// table and the compute laws come from probes (fasdl/measure.h); what a run
// takes beyond them is its synchronisation and overheads.
//
// Units: memory and sizes in MB, time in seconds.
//
// For run j with W, M, K, f = S / K and M' the memory the compute law sees,
// let T_ref be the model's iteration without sync and overheads, P the
// measured period (the training's wall span / I), Z = seconds - I P what the
// run takes outside its iterations (start and end), and the aggregators'
// measured mean parts of an iteration (aggregate, flatten, sync, iteration).
// All fits have non-negative coefficients and minimise relative squared
// errors (weights 1 / P^2, for Z 1 / seconds^2).
//   reference form: P - T_ref = c W (f + f_0) (2 - K / W), the sync term
//                   alone (f_0 on a grid from 0 to 1000 MB, c by least squares);
//   overheads, each fitted to the part of the iteration it models, so that
//   no coefficient stands in for another's error:
//     aggregate - (up + (W - 1) down)             = mu W f / M'
//     (P - iteration) + (flatten - T_trans)       = g / M'
//     sync                                        = c W (f + f_0) (2 - K / W) + omega T_wait
//                   with T_wait = max(0, T_train(A) - T_train(B) + up) at K < W;
//     Z                                           = t_0 + s / M'.
// The training level: the median over the runs of the aggregators' measured
// train / T_train(B, M'). A probe times back-to-back steps; a run's
// aggregator comes out of each wait with its CPU period's quota unspent, so
// it trains faster (docs/accuracy.md), and the workload's a is scaled by it.
#pragma once

#include <string>
#include <vector>

#include "fasdl/model/model.h"
#include "fasdl/model/platform.h"
#include "fasdl/model/profile.h"

namespace fasdl {

// What one calibration run measured.
struct CalibrationRun {
  Config config;
  long long batch_aggregator = 0;  // B
  long long batch_other = 0;       // A
  long long iterations = 0;        // I
  double seconds = 0;              // wall: first invocation to the last exit
  double period = 0;               // training's wall span / I
  Breakdown aggregator;            // the aggregators' mean seconds per iteration, by part
};

// The fit of one run, for the report.
struct CalibrationPoint {
  CalibrationRun run;
  double reference_iteration = 0;  // T_ref
  double fitted_period = 0;        // T_ref + fitted sync and overheads
  double fitted_outside = 0;       // t_0 + s / M'
};

// How well the runs determine one coefficient: the standard error of its
// part's unconstrained weighted least-squares fit, and its effect, the
// 95% half-width 1.96 SE times its column's median over the runs, relative
// to the median period (t_0 and s: to the median run's seconds). A
// coefficient is determined when its effect is at most kMaxCalibrationEffect.
struct CoefficientUncertainty {
  std::string name;  // mu, g, c_sync, omega, t_0, s
  double value = 0;
  double standard_error = 0;  // infinite when the runs cannot tell it
  double effect = 0;          // relative, dimensionless
  bool determined() const;
};
inline constexpr double kMaxCalibrationEffect = 0.10;

struct Calibration {
  SyncCoefficients reference_sync;  // alone, for the reference form
  SyncCoefficients sync;            // with the overheads
  Overheads overheads;
  std::vector<CalibrationPoint> points;  // with the overheads
  double rms_relative_error = 0;         // of the periods, with the overheads
  double reference_rms_relative_error = 0;
  double training_level = 1;  // median of measured train / T_train(B, M'), dimensionless
  std::vector<CoefficientUncertainty> uncertainties;  // of the overheads and sync
};

// `base` is the model of the measured profile and workload with no sync and
// no overheads. Needs at least 2 runs, all feasible in `base`; with
// `require_determined`, a fit whose coefficients the runs do not determine is
// refused, naming the first (without, an interim fit that only picks a pass's
// batches or reads the training level).
Expected<Calibration> calibrate(const Model& base, const std::vector<CalibrationRun>& runs,
                                bool require_determined = true);

}  // namespace fasdl
