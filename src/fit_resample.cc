// Monotone smoothing of transfer columns and resampling at chosen sizes.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "fasdl/fit.h"
#include "text.h"

namespace fasdl {

std::vector<double> isotonic(const std::vector<double>& y, const std::vector<double>& weights) {
  // Blocks of pooled points: weighted mean, total weight, length.
  struct Block {
    double mean;
    double weight;
    std::size_t length;
  };
  std::vector<Block> blocks;
  for (std::size_t i = 0; i < y.size(); ++i) {
    blocks.push_back({y[i], weights[i], 1});
    // Pool backwards while the order is violated.
    while (blocks.size() > 1 && blocks[blocks.size() - 2].mean > blocks.back().mean) {
      const Block last = blocks.back();
      blocks.pop_back();
      Block& prev = blocks.back();
      const double w = prev.weight + last.weight;
      prev.mean = (prev.mean * prev.weight + last.mean * last.weight) / w;
      prev.weight = w;
      prev.length += last.length;
    }
  }
  std::vector<double> out;
  for (const Block& b : blocks)
    out.insert(out.end(), b.length, b.mean);
  return out;
}

Expected<TransferTable> resample(const TransferTable& table, const std::vector<double>& sizes_mb) {
  std::vector<Measurement> rows;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    for (const TransferColumn& c : table.columns(d)) {
      const std::vector<double> weights(c.repeats.begin(), c.repeats.end());
      TransferColumn smooth = c;
      smooth.seconds = isotonic(c.seconds, weights);
      // The first two and last two measured sizes stay: beyond its range the
      // lookup extends a column's end segments, so they keep their meaning.
      const std::size_t n = c.sizes_mb.size();
      const double lo = c.sizes_mb.front(), hi = c.sizes_mb.back();
      std::vector<double> at{lo, c.sizes_mb[1], c.sizes_mb[n - 2], hi};
      for (const double s : sizes_mb) {
        if (s > lo && s < hi) at.push_back(s);
      }
      std::sort(at.begin(), at.end());
      at.erase(std::unique(at.begin(), at.end()), at.end());
      for (const double s : at) {
        // Inside the measured range, so at() interpolates and never extrapolates.
        rows.push_back({d, c.memory_mb, s, smooth.at(s),
                        fmt::format("resampled {} column at {} MB", to_string(d), c.memory_mb)});
      }
    }
  }
  return TransferTable::from_measurements(std::move(rows), "resampled table");
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
