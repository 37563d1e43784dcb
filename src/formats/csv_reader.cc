#include "formats/csv_reader.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/text.h"

namespace fasdl::csv {

Expected<std::vector<Row>> read(std::string_view text_in, std::string_view header,
                                std::string_view origin) {
  const auto lines = text::lines(text::strip_bom(text_in));
  std::size_t i = 0;
  while (i < lines.size() && text::trim(lines[i]).empty())
    ++i;
  if (i == lines.size()) {
    return Error{fmt::format("{}: empty file; expected the header \"{}\"", origin, header)};
  }
  const auto names = text::split(header, ',');
  {
    // The first cell that differs, shortened: the path may name any readable file, and a
    // message must not show its first line.
    const auto cells = text::split(lines[i], ',');
    for (std::size_t c = 0; c < std::min(cells.size(), names.size()); ++c) {
      if (text::trim(cells[c]) != names[c]) {
        return Error{fmt::format("{}:{}: expected the header \"{}\", got {} in column {}", origin,
                                 i + 1, header, text::quoted(text::trim(cells[c]), 16), c + 1)};
      }
    }
    if (cells.size() != names.size()) {
      return Error{fmt::format("{}:{}: expected the header \"{}\", got {} cells", origin, i + 1,
                               header, cells.size())};
    }
  }
  std::vector<Row> rows;
  for (++i; i < lines.size(); ++i) {
    if (text::trim(lines[i]).empty()) continue;
    Row row{fmt::format("{}:{}", origin, i + 1), text::split(lines[i], ',')};
    if (row.cells.size() != names.size()) {
      return Error{fmt::format("{}: expected {} comma-separated cells ({}), got {}", row.where,
                               names.size(), header, row.cells.size())};
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace fasdl::csv
