// Reading the project's CSV files (internal): a header line that must be
// exactly `header`, then rows of as many comma-separated cells. A UTF-8
// byte-order mark, CRLF line ends, blank lines and spaces around cells are
// accepted. Messages name `origin` and the line ("transfers.csv:7").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"

namespace fasdl::csv {

struct Row {
  std::string where;                    // "origin:line"
  std::vector<std::string_view> cells;  // untrimmed, views into the text
};

// The rows after the header, or the first error; none when only the header
// is there (the caller says what was expected).
Expected<std::vector<Row>> read(std::string_view text, std::string_view header,
                                std::string_view origin);

}  // namespace fasdl::csv
