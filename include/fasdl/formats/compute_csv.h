// The compute CSV (docs/formats.md, "Compute measurements"): timed
// training steps that `fasdl-profile compute` fits.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/fit/compute_fit.h"

namespace fasdl {

inline constexpr std::string_view kComputeCsvHeader =
    "batch,memory_mb,train_seconds,flatten_seconds";

// Parses the compute CSV: a header `batch,memory_mb,train_seconds,
// flatten_seconds`, then one timed step per line (repeats allowed). Accepts
// a UTF-8 byte-order mark, CRLF line ends, blank lines and spaces around
// cells. `origin` names the file.
Expected<std::vector<ComputeSample>> parse_compute_csv(std::string_view text,
                                                       std::string_view origin);

// The rows in that form, with the header: what parse_compute_csv reads back.
std::string compute_csv(const std::vector<ComputeSample>& rows);

}  // namespace fasdl
