// Monotone smoothing of transfer columns and resampling at chosen sizes.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "base/text.h"
#include "fasdl/fit/fit.h"
#include "fasdl/fit/transfer_fit.h"

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

}  // namespace fasdl
