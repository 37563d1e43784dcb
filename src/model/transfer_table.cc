#include "fasdl/model/transfer_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "base/median.h"
#include "base/text.h"
#include "fasdl/base/enum_names.h"

namespace fasdl {

std::string_view to_string(Direction d) {
  return d == Direction::kUpload ? "upload" : "download";
}

Expected<Direction> direction_from_string(std::string_view s) {
  return enum_from_string(s, {Direction::kUpload, Direction::kDownload}, "");
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

TransferTable::MeasuredRange TransferTable::measured_memory() const {
  if (up_.empty() || down_.empty()) return {};
  return {std::min(up_.front().memory_mb, down_.front().memory_mb),
          std::max(up_.back().memory_mb, down_.back().memory_mb)};
}

bool TransferTable::size_measured(Direction d, double memory_mb, double size_mb) const {
  const auto& cols = columns(d);
  const MemoryPosition p = locate(d, memory_mb);
  const auto inside = [size_mb](const TransferColumn& c) {
    return size_mb >= c.sizes_mb.front() && size_mb <= c.sizes_mb.back();
  };
  return inside(cols[p.lo]) && (p.t == 0 || inside(cols[p.hi]));
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

}  // namespace fasdl
