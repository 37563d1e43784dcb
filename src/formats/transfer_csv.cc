#include "fasdl/formats/transfer_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "base/text.h"
#include "formats/csv_reader.h"

namespace fasdl {

Expected<std::vector<Measurement>> parse_transfer_csv(std::string_view text,
                                                      std::string_view origin) {
  const auto rows = csv::read(text, kTransferCsvHeader, origin);
  if (!rows) return rows.error();
  std::vector<Measurement> out;
  for (const csv::Row& row : *rows) {
    const std::string& where = row.where;
    const auto& cells = row.cells;
    Measurement m;
    m.source = where;
    const auto direction = direction_from_string(text::trim(cells[0]));
    if (!direction)
      return Error{fmt::format("{}: direction: {}", where, direction.error().message)};
    m.direction = *direction;
    const auto memory = text::memory_mb_cell(cells[1], where);
    if (!memory) return memory.error();
    m.memory_mb = *memory;
    const auto size = text::to_double(cells[2]);
    if (!size || *size <= 0) {
      return Error{fmt::format("{}: size_mb: expected a positive number, got {}", where,
                               text::quoted(text::trim(cells[2])))};
    }
    m.size_mb = *size;
    const auto seconds = text::to_double(cells[3]);
    if (!seconds || *seconds <= 0) {
      return Error{fmt::format("{}: seconds: expected a positive number, got {}", where,
                               text::quoted(text::trim(cells[3])))};
    }
    m.seconds = *seconds;
    out.push_back(std::move(m));
  }
  if (out.empty()) return Error{fmt::format("{}: no measurements after the header", origin)};
  return out;
}

std::string transfers_csv(const std::vector<Measurement>& rows) {
  std::string out = std::string(kTransferCsvHeader) + "\n";
  for (const Measurement& m : rows) {
    out += fmt::format("{},{},{},{}\n", to_string(m.direction), m.memory_mb,
                       text::number(m.size_mb), text::number(m.seconds));
  }
  return out;
}

namespace {

constexpr std::size_t kMaxSizes = 100'000;

Error size_error(std::string_view token) {
  return Error{
      fmt::format("expected positive sizes in MB and START:STOP:STEP ranges separated "
                  "by commas, such as 1:20:1,50,100; got {}",
                  text::quoted(token))};
}

}  // namespace

Expected<std::vector<double>> parse_size_list(std::string_view list) {
  std::vector<double> out;
  for (const std::string_view raw : text::split(list, ',')) {
    const std::string_view token = text::trim(raw);
    const auto parts = text::split(token, ':');
    if (parts.size() == 1) {
      const auto v = text::to_double(token);
      if (!v || *v <= 0) return size_error(token);
      out.push_back(*v);
    } else if (parts.size() == 3) {
      const auto start = text::to_double(parts[0]);
      const auto stop = text::to_double(parts[1]);
      const auto step = text::to_double(parts[2]);
      if (!start || !stop || !step || *start <= 0 || *step <= 0 || *stop < *start) {
        return size_error(token);
      }
      const double count = std::floor((*stop - *start) / *step * (1 + 1e-12)) + 1;
      if (count > kMaxSizes) {
        return Error{fmt::format("{} gives {:.0f} sizes; expected at most {}", text::quoted(token),
                                 count, kMaxSizes)};
      }
      // Rounded to 1e-9 MB so that 0.1 steps give 0.3, not 0.30000000000000004.
      for (long i = 0; i < static_cast<long>(count); ++i) {
        const double v = *start + static_cast<double>(i) * *step;
        const double rounded = std::round(v * 1e9) / 1e9;
        out.push_back(rounded > 0 ? rounded : v);
      }
    } else {
      return size_error(token);
    }
    if (out.size() > kMaxSizes) {
      return Error{fmt::format("more than {} sizes; expected at most {}", kMaxSizes, kMaxSizes)};
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace fasdl
