#include "support/linear_profile.h"

#include <utility>

namespace fasdl::testing {

Profile linear_profile(MemoryRange memory, double largest_mb, int up_repeats, double up_mad) {
  std::vector<Measurement> rows;
  for (const int m : {memory.min_mb, memory.max_mb}) {
    for (const double f : {1.0, largest_mb}) {
      Measurement up{Direction::kUpload, m, f, 0.1 + f / 100, "t"};
      up.repeats = up_repeats;
      up.mad = up_mad;
      rows.push_back(up);
      rows.push_back({Direction::kDownload, m, f, 0.05 + f / 200, "t"});
    }
  }
  Profile p;
  p.name = "linear";
  p.memory = memory;
  p.transfers = *TransferTable::from_measurements(rows, "t");
  return p;
}

Profile small_run_profile() {
  std::vector<Measurement> rows;
  for (const int m : {256, 2048}) {
    for (const double f : {0.5, 16.0}) {
      rows.push_back({Direction::kUpload, m, f, 0.01 + f / 50, "t"});
      rows.push_back({Direction::kDownload, m, f, 0.005 + f / 100, "t"});
    }
  }
  Profile p;
  p.name = "small-run";
  p.memory = {256, 2048, 1};
  p.transfers = *TransferTable::from_measurements(rows, "t");
  p.prices = {1.64e-8, 5e-6, 4e-7};
  p.sync = {0, 0};
  return p;
}

Model flat_model(std::string workload_name, int epochs) {
  Profile p = linear_profile({128, 3008, 64});
  p.name = "flat";
  p.prices = {1e-8, 5e-6, 4e-7};
  p.sync = {0.001, 10};
  Workload w;
  w.name = std::move(workload_name);
  w.model_mb = 40;
  w.samples = 100'000;
  w.epochs = epochs;
  w.compute = {100, 16, 0};
  w.flatten = {0.5, 0};
  w.batch = {0.8, 1024};
  return *Model::create(p, w);
}

}  // namespace fasdl::testing
