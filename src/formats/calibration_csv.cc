#include "fasdl/formats/calibration_csv.h"

#include <fmt/format.h>

#include <array>

#include "base/text.h"
#include "formats/csv_reader.h"

namespace fasdl {

std::string calibration_csv(const std::vector<CalibrationRun>& runs) {
  std::string out = std::string(kCalibrationCsvHeader) + "\n";
  for (const CalibrationRun& r : runs) {
    out += fmt::format("{},{},{},{},{},{}", r.config.workers, r.config.memory_mb,
                       r.config.aggregators, r.batch_aggregator, r.batch_other, r.iterations);
    out += "," + text::number(r.seconds) + "," + text::number(r.period);
    for (const auto& [name, part] : kBreakdownParts)
      out += "," + text::number(r.aggregator.*part);
    out += "\n";
  }
  return out;
}

Expected<std::vector<CalibrationRun>> parse_calibration_csv(std::string_view text,
                                                            std::string_view origin) {
  const auto rows = csv::read(text, kCalibrationCsvHeader, origin);
  if (!rows) return rows.error();
  std::vector<CalibrationRun> out;
  for (const csv::Row& row : *rows) {
    const auto& cells = row.cells;
    std::array<long long, 6> whole{};
    for (std::size_t c = 0; c < whole.size(); ++c) {
      const auto v = text::to_integer(cells[c]);
      if (!v || *v < 0 || *v > 1'000'000'000) {
        return Error{fmt::format("{}: cell {}: expected a whole number, got {}", row.where, c + 1,
                                 text::quoted(text::trim(cells[c])))};
      }
      whole[c] = *v;
    }
    std::array<double, 9> real{};
    for (std::size_t c = 0; c < real.size(); ++c) {
      const auto v = text::to_double(cells[whole.size() + c]);
      if (!v || *v < 0) {
        return Error{fmt::format("{}: cell {}: expected a non-negative number of seconds, got {}",
                                 row.where, whole.size() + c + 1,
                                 text::quoted(text::trim(cells[whole.size() + c])))};
      }
      real[c] = *v;
    }
    CalibrationRun r;
    r.config = {static_cast<int>(whole[0]), static_cast<int>(whole[1]), static_cast<int>(whole[2])};
    r.batch_aggregator = whole[3];
    r.batch_other = whole[4];
    r.iterations = whole[5];
    r.seconds = real[0];
    r.period = real[1];
    std::size_t i = 2;
    for (const auto& [name, part] : kBreakdownParts)
      r.aggregator.*part = real[i++];
    out.push_back(r);
  }
  return out;
}

}  // namespace fasdl
