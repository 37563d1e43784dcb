// The compute CSV: timed training steps and flattenings.
#include <fmt/format.h>

#include "fasdl/fit.h"
#include "text.h"

namespace fasdl {

namespace {

constexpr std::string_view kHeader = "batch,memory_mb,train_seconds,flatten_seconds";

Expected<double> positive_seconds(std::string_view cell, std::string_view where,
                                  std::string_view name) {
  const auto v = text::to_double(cell);
  if (!v || *v <= 0) {
    return Error{fmt::format("{}: {}: expected a positive, finite number of seconds, got {}", where,
                             name, text::quoted(text::trim(cell)))};
  }
  return *v;
}

}  // namespace

Expected<std::vector<ComputeSample>> parse_compute_csv(std::string_view text_in,
                                                       std::string_view origin) {
  const auto rows = text::lines(text::strip_bom(text_in));
  std::size_t i = 0;
  while (i < rows.size() && text::trim(rows[i]).empty())
    ++i;
  if (i == rows.size()) {
    return Error{fmt::format("{}: empty file; expected the header \"{}\"", origin, kHeader)};
  }
  {
    const auto cells = text::split(rows[i], ',');
    const auto names = text::split(kHeader, ',');
    bool good = cells.size() == names.size();
    for (std::size_t c = 0; good && c < names.size(); ++c)
      good = text::trim(cells[c]) == names[c];
    if (!good) {
      return Error{fmt::format("{}:{}: expected the header \"{}\", got {}", origin, i + 1, kHeader,
                               text::quoted(rows[i]))};
    }
  }
  std::vector<ComputeSample> out;
  for (++i; i < rows.size(); ++i) {
    if (text::trim(rows[i]).empty()) continue;
    const std::string where = fmt::format("{}:{}", origin, i + 1);
    const auto cells = text::split(rows[i], ',');
    if (cells.size() != 4) {
      return Error{fmt::format("{}: expected 4 comma-separated cells ({}), got {}", where, kHeader,
                               cells.size())};
    }
    ComputeSample s;
    s.source = where;
    const auto batch = text::to_integer(cells[0]);
    if (!batch || *batch < 1 || *batch > 1'000'000'000) {
      return Error{
          fmt::format("{}: batch: expected a whole number of samples from 1 to "
                      "1000000000, got {}",
                      where, text::quoted(text::trim(cells[0])))};
    }
    s.batch = *batch;
    const auto memory = text::memory_mb_cell(cells[1], where);
    if (!memory) return memory.error();
    s.memory_mb = *memory;
    const auto train = positive_seconds(cells[2], where, "train_seconds");
    if (!train) return train.error();
    s.train_seconds = *train;
    const auto flatten = positive_seconds(cells[3], where, "flatten_seconds");
    if (!flatten) return flatten.error();
    s.flatten_seconds = *flatten;
    out.push_back(std::move(s));
  }
  if (out.empty()) return Error{fmt::format("{}: no measurements after the header", origin)};
  return out;
}

}  // namespace fasdl
