#include "fasdl/transfer_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "median.h"
#include "text.h"

namespace fasdl {

std::string_view to_string(Direction d) {
  return d == Direction::kUpload ? "upload" : "download";
}

Expected<Direction> direction_from_string(std::string_view s) {
  if (s == "upload") return Direction::kUpload;
  if (s == "download") return Direction::kDownload;
  return Error{fmt::format("expected \"upload\" or \"download\", got {}", text::quoted(s))};
}

namespace {

// Line through (x0, y0) and (x1, y1) evaluated at x.
double line(double x0, double y0, double x1, double y1, double x) {
  return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
}

}  // namespace

namespace {
// The neighbouring points whose line gives the value at `size_mb`, and the
// weight of the upper one (outside [0, 1] when extrapolating).
std::pair<std::size_t, double> segment(const std::vector<double>& sizes, double size_mb) {
  std::size_t i = std::upper_bound(sizes.begin(), sizes.end(), size_mb) - sizes.begin();
  i = std::clamp<std::size_t>(i, 1, sizes.size() - 1);
  return {i, (size_mb - sizes[i - 1]) / (sizes[i] - sizes[i - 1])};
}
}  // namespace

double TransferColumn::point_variance(std::size_t i) const {
  if (repeats[i] < 2) return 0;
  const double sd = 1.2533 * 1.4826 * mad[i];
  return sd * sd / repeats[i];
}

double TransferColumn::variance_at(double size_mb) const {
  const auto [i, s] = segment(sizes_mb, size_mb);
  return (1 - s) * (1 - s) * point_variance(i - 1) + s * s * point_variance(i);
}

double TransferColumn::at(double size_mb) const {
  const std::size_t n = sizes_mb.size();
  // The segment whose line applies: the first or last one outside the range.
  std::size_t i = std::upper_bound(sizes_mb.begin(), sizes_mb.end(), size_mb) - sizes_mb.begin();
  i = std::clamp<std::size_t>(i, 1, n - 1);
  if (size_mb == sizes_mb[i]) return seconds[i];
  if (size_mb == sizes_mb[i - 1]) return seconds[i - 1];
  return line(sizes_mb[i - 1], seconds[i - 1], sizes_mb[i], seconds[i], size_mb);
}

Expected<TransferTable> TransferTable::from_measurements(std::vector<Measurement> rows,
                                                         std::string_view origin) {
  // (direction, memory) -> size -> every row of that size, in file order.
  std::map<std::pair<Direction, int>, std::map<double, std::vector<const Measurement*>>> groups;
  std::map<std::pair<Direction, int>, std::string> first_source;
  for (const Measurement& r : rows) {
    groups[{r.direction, r.memory_mb}][r.size_mb].push_back(&r);
    first_source.emplace(std::pair{r.direction, r.memory_mb}, r.source);
  }
  TransferTable table;
  for (auto& [key, by_size] : groups) {
    const auto [direction, memory] = key;
    if (by_size.size() < 2) {
      return Error{fmt::format("{}: {} column at {} MB has {} object size; expected at least two",
                               first_source[key], to_string(direction), memory, by_size.size())};
    }
    TransferColumn column;
    column.memory_mb = memory;
    for (auto& [size, repeats] : by_size) {
      column.sizes_mb.push_back(size);
      if (repeats.size() == 1) {  // one timing, or a point that already combines several
        column.seconds.push_back(repeats.front()->seconds);
        column.repeats.push_back(repeats.front()->repeats);
        column.mad.push_back(repeats.front()->mad);
        continue;
      }
      std::vector<double> seconds;
      for (const Measurement* r : repeats) {
        if (r->repeats != 1) {
          return Error{
              fmt::format("{}: {} column at {} MB: the point at {} MB combines {} "
                          "repeats and appears again; expected it once",
                          r->source, to_string(direction), memory, size, r->repeats)};
        }
        seconds.push_back(r->seconds);
      }
      const double mid = median(seconds);
      std::vector<double> deviations;
      for (const double s : seconds)
        deviations.push_back(std::fabs(s - mid));
      column.seconds.push_back(mid);
      column.repeats.push_back(static_cast<int>(seconds.size()));
      column.mad.push_back(median(deviations));
    }
    (direction == Direction::kUpload ? table.up_ : table.down_).push_back(std::move(column));
  }
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    if (table.columns(d).empty()) {
      return Error{
          fmt::format("{}: no {} measurements; expected at least one memory column "
                      "with two object sizes",
                      origin, to_string(d))};
    }
  }
  return table;
}

const std::vector<TransferColumn>& TransferTable::columns(Direction d) const {
  return d == Direction::kUpload ? up_ : down_;
}

MemoryPosition TransferTable::locate(Direction d, double memory_mb) const {
  const auto& cols = columns(d);
  const int n = static_cast<int>(cols.size());
  if (memory_mb <= cols.front().memory_mb) return {0, 0, 0};
  if (memory_mb >= cols.back().memory_mb) return {n - 1, n - 1, 0};
  const auto it =
      std::upper_bound(cols.begin(), cols.end(), memory_mb,
                       [](double m, const TransferColumn& c) { return m < c.memory_mb; });
  const int hi = static_cast<int>(it - cols.begin());
  const int lo = hi - 1;
  if (memory_mb == cols[lo].memory_mb) return {lo, lo, 0};
  const double t = (memory_mb - cols[lo].memory_mb) / (cols[hi].memory_mb - cols[lo].memory_mb);
  return {lo, hi, t};
}

double TransferTable::seconds(Direction d, double memory_mb, double size_mb) const {
  const auto& cols = columns(d);
  const MemoryPosition p = locate(d, memory_mb);
  const double lo = cols[p.lo].at(size_mb);
  return p.t == 0 ? lo : blend(lo, cols[p.hi].at(size_mb), p.t);
}

double TransferTable::variance(Direction d, double memory_mb, double size_mb) const {
  const auto& cols = columns(d);
  const MemoryPosition p = locate(d, memory_mb);
  const double lo = cols[p.lo].variance_at(size_mb);
  if (p.t == 0) return lo;
  return (1 - p.t) * (1 - p.t) * lo + p.t * p.t * cols[p.hi].variance_at(size_mb);
}

bool TransferTable::has_spread() const {
  for (const auto* cols : {&up_, &down_}) {
    for (const TransferColumn& c : *cols) {
      for (std::size_t i = 0; i < c.sizes_mb.size(); ++i) {
        if (c.point_variance(i) > 0) return true;
      }
    }
  }
  return false;
}

Expected<std::vector<Measurement>> parse_transfer_csv(std::string_view text_in,
                                                      std::string_view origin) {
  const auto rows = text::lines(text::strip_bom(text_in));
  std::size_t i = 0;
  while (i < rows.size() && text::trim(rows[i]).empty())
    ++i;
  if (i == rows.size()) {
    return Error{
        fmt::format("{}: empty file; expected the header "
                    "\"direction,memory_mb,size_mb,seconds\"",
                    origin)};
  }
  {
    const auto cells = text::split(rows[i], ',');
    const char* kHeader[] = {"direction", "memory_mb", "size_mb", "seconds"};
    bool good = cells.size() == 4;
    for (std::size_t c = 0; good && c < 4; ++c)
      good = text::trim(cells[c]) == kHeader[c];
    if (!good) {
      return Error{
          fmt::format("{}:{}: expected the header \"direction,memory_mb,size_mb,seconds\", "
                      "got {}",
                      origin, i + 1, text::quoted(rows[i]))};
    }
  }
  std::vector<Measurement> out;
  for (++i; i < rows.size(); ++i) {
    if (text::trim(rows[i]).empty()) continue;
    const std::string where = fmt::format("{}:{}", origin, i + 1);
    const auto cells = text::split(rows[i], ',');
    if (cells.size() != 4) {
      return Error{
          fmt::format("{}: expected 4 comma-separated cells "
                      "(direction,memory_mb,size_mb,seconds), got {}",
                      where, cells.size())};
    }
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

}  // namespace fasdl
