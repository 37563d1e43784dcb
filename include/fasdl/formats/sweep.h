// Sweep: the model's prediction for every configuration of a grid, as a
// stream of CSV or JSON-lines text, in a fixed order, computed on several
// threads with memory that does not grow with the grid.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/formats/overrides.h"
#include "fasdl/model/model.h"

namespace fasdl {

// Integers written as a range "1:64" (step 1), "128:3008:64", or a list
// "1,2,4"; for aggregators the upper end may be "W", the row's workers
// ("1:W", "2:W:2").
class IntList {
 public:
  static Expected<IntList> parse(std::string_view text, std::string_view what, bool allow_workers);
  // The values for a row with `workers` workers, ascending as written.
  std::vector<int> values(int workers) const;
  long long count(int workers) const;

 private:
  std::vector<int> list_;  // a list, or empty for a range
  int first_ = 1, step_ = 1;
  long long last_ = 1;  // -1: W
};

enum class SweepFormat { kCsv, kJsonLines };
std::string_view to_string(SweepFormat f);
Expected<SweepFormat> sweep_format_from_string(std::string_view s);

struct SweepGrid {
  IntList workers;
  IntList memory;
  IntList aggregators;
};

struct SweepOptions {
  SweepFormat format = SweepFormat::kCsv;
  int jobs = 0;             // threads; 0: every core
  double confidence = 0.9;  // of the intervals of uncertain models
};

// One model of the sweep and the --set values it was built with.
struct SweepCase {
  Settings settings;
  Model model;
};

// The cases of a sweep, built one at a time in order when the threads reach
// them: a sweep of a million --set combinations holds a few at once.
struct SweepCases {
  long long count = 1;
  std::vector<std::string> keys;  // the setting keys of every case (the CSV header)
  std::function<Expected<SweepCase>(long long index)> build;
};

struct SweepSummary {
  long long rows = 0;
  long long feasible = 0;
  bool stopped = false;        // `write` refused a piece: nothing more was computed
  std::optional<Error> error;  // a case that could not be built stopped the sweep
};

// Rows in order: case, then W, then K, then M (all as listed). `write`
// receives the text in order (the CSV header first) and returns false to stop
// the sweep at once (a closed stdout); `progress` is called with rows written
// and rows in all after each piece. At most a few pieces per thread are held
// at once.
SweepSummary run_sweep(const SweepCases& cases, const SweepGrid& grid, const SweepOptions& options,
                       const std::function<bool(std::string_view)>& write,
                       const std::function<void(long long done, double total)>& progress = {});

// Rows a sweep of `cases` cases writes (without the header), as a double:
// grids may hold more rows than a long long counts (exact below 2^53).
double sweep_rows(long long cases, const SweepGrid& grid);

}  // namespace fasdl
