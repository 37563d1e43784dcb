#include "fasdl/formats/compute_csv.h"

#include <fmt/format.h>

#include "base/text.h"
#include "fasdl/fit/compute_fit.h"
#include "formats/csv_reader.h"

namespace fasdl {

namespace {

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

Expected<std::vector<ComputeSample>> parse_compute_csv(std::string_view text,
                                                       std::string_view origin) {
  const auto rows = csv::read(text, kComputeCsvHeader, origin);
  if (!rows) return rows.error();
  std::vector<ComputeSample> out;
  for (const csv::Row& row : *rows) {
    const std::string& where = row.where;
    const auto& cells = row.cells;
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

std::string compute_csv(const std::vector<ComputeSample>& rows) {
  std::string out = std::string(kComputeCsvHeader) + "\n";
  for (const ComputeSample& s : rows) {
    out += fmt::format("{},{},{},{}\n", s.batch, s.memory_mb, text::number(s.train_seconds),
                       text::number(s.flatten_seconds));
  }
  return out;
}

}  // namespace fasdl
