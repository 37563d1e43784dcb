// What `fasdl-profile measure` makes of its measurements, whether it has
// just taken them or reads them back with --from: the fits of the probes,
// the calibration's report and the three documents it writes.
#pragma once

#include <string>
#include <string_view>

#include "fasdl/accuracy/measure.h"
#include "fasdl/fit/measure_fit.h"
#include "measure_command.h"

namespace fasdl::cli {

struct ProbeFits {
  Profile profile;    // the transfer table, no sync yet
  Workload workload;  // the compute and flattening laws, not yet levelled
};

// The profile and the workload of the probes' rows, described with `how`
// (how the probes ran); prints the compute fits. Errors name `origin`.
Expected<ProbeFits> fit_probes(const MeasureCommandOptions& o, const MachineMeasurements& rows,
                               const NetworkShape& network, std::string_view how,
                               std::string_view origin);

// Prints the training level and the calibration report and writes
// profile.json, reference.json and workload.json to o.output.
int write_calibrated(const MeasureCommandOptions& o, const Profile& profile,
                     const TwoPassCalibration& calibration);

// measure --from DIR: the fits of DIR's transfers.csv, compute.csv and
// calibration.csv, written as measure writes them. No probe, no run.
int run_measure_from(const MeasureCommandOptions& o);

}  // namespace fasdl::cli
