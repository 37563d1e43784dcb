// The transfer CSV (docs/formats.md, "Transfer measurements"): measured
// seconds to move one object between a function and the store, in the long
// form `fasdl-profile storage` and a profile's `{"csv": ...}` read.
//
// Units: memory and object sizes in MB, time in seconds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/model/transfer_table.h"

namespace fasdl {

inline constexpr std::string_view kTransferCsvHeader = "direction,memory_mb,size_mb,seconds";

// Parses the long CSV form: a header `direction,memory_mb,size_mb,seconds`,
// then one measurement per line. Accepts a UTF-8 byte-order mark, CRLF line
// ends, blank lines and spaces around cells. `origin` names the file.
Expected<std::vector<Measurement>> parse_transfer_csv(std::string_view text,
                                                      std::string_view origin);

// The rows in that form, with the header: what parse_transfer_csv reads back.
std::string transfers_csv(const std::vector<Measurement>& rows);

// Sizes from "1:20:1,22:50:2,100": a comma-separated list of positive numbers
// and START:STOP:STEP ranges (STOP included when reached), sorted, unique.
Expected<std::vector<double>> parse_size_list(std::string_view text);

}  // namespace fasdl
