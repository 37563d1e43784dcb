#include "fasdl/accuracy/reference_probe.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "base/median.h"
#include "fasdl/runtime/worker.h"

namespace fasdl {

std::string describe(const ReferenceWork& w) {
  const NetworkShape& s = w.network;
  return fmt::format("{} SGD steps at batch {} of a {:.2f} MB network ({}-{}x{}-{})", w.steps,
                     w.batch, s.megabytes(), s.inputs, s.width, s.hidden_layers, s.classes);
}

double time_reference(const ReferenceWork& w) {
  DatasetSpec spec;
  spec.inputs = w.network.inputs;
  spec.classes = w.network.classes;
  spec.samples = std::max<long long>(w.batch, 1) * 4;
  const Dataset data(spec);
  Network network(w.network, 1);
  network.train_step(data.batch(0, w.batch), 0.01);  // warm-up: the batch's buffers
  std::vector<double> seconds;
  for (int r = 0; r < std::max(1, w.repeats); ++r) {
    const double start = monotonic_seconds();
    for (int s = 0; s < w.steps; ++s)
      network.train_step(data.batch(s * w.batch, w.batch), 0.01);
    seconds.push_back(monotonic_seconds() - start);
  }
  return median(seconds);
}

double slowness(double run_seconds, double profile_seconds) {
  return run_seconds > 0 && profile_seconds > 0 ? run_seconds / profile_seconds : 1;
}

}  // namespace fasdl
