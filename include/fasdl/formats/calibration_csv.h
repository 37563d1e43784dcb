// The calibration CSV (docs/formats.md, "Calibration runs"): the short
// K-REDUCE runs of `fasdl-profile measure`, as measure writes them and
// `measure --from` reads them back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/fit/calibrate.h"

namespace fasdl {

inline constexpr std::string_view kCalibrationCsvHeader =
    "workers,memory_mb,aggregators,batch_aggregator,batch_other,iterations,seconds,period,"
    "train,flatten,upload,aggregate,download,sync,iteration";

// The runs as CSV: workers,memory_mb,aggregators,batch_aggregator,batch_other,
// iterations,seconds,period and the aggregators' parts train,flatten,upload,
// aggregate,download,sync,iteration.
std::string calibration_csv(const std::vector<CalibrationRun>& runs);
Expected<std::vector<CalibrationRun>> parse_calibration_csv(std::string_view text,
                                                            std::string_view origin);

}  // namespace fasdl
