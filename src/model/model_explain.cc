// Model: why a configuration cannot run, how the memory floor is made and
// where a prediction rests on extrapolated transfer times (fasdl/model/model.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "fasdl/model/model.h"

namespace fasdl {

namespace {

// A figure in a reason: fixed-point with `decimals` while it is short, else
// in exponent form; a rate or time past a double's range says so.
std::string figure(double v, int decimals) {
  if (!std::isfinite(v)) return "more than 1.8e308";
  if (std::fabs(v) >= 1e15) return fmt::format("{:.3g}", v);
  return fmt::format("{:.{}f}", v, decimals);
}

// Why the non-aggregators' batch does not fit in M (kBatchBeyondMemory).
std::string batch_beyond_memory(const Model& model, const Prediction& p) {
  const Workload& w = model.workload();
  const MemoryRule& r = *w.memory_floor.rule;
  return fmt::format(
      "the non-aggregators train A = {} samples in one pass, which needs {:.0f} MB ({:g} MB "
      "runtime + {:g} x {:g} MB vectors + {} x {:g} MB activations), more than M = {} MB",
      p.batch_other, std::ceil(r.floor_mb(w.model_mb, p.batch_other)), r.runtime_mb,
      r.vector_copies, w.model_mb, p.batch_other, r.activation_mb_per_sample, p.config.memory_mb);
}

// The request rates against the store's limits (kThrottled).
std::string throttled(const Model& model, const Config& c) {
  const Lookups l = model.lookups(c);
  const Platform& platform = model.profile().platform;
  const auto& limits = *platform.request_limits;
  const double reads =
      c.workers / l.down + (platform.polling ? c.workers / platform.polling->seconds_per_list : 0);
  return fmt::format(
      "throttled: {} writes and {} reads a second under one key prefix "
      "exceed the store's {} and {}",
      figure(c.workers / l.up, 0), figure(reads, 0), figure(limits.writes_per_second, 0),
      figure(limits.reads_per_second, 0));
}

// Which figure went beyond a double (kNotRepresentable).
std::string not_representable(const Model& model, const Prediction& p) {
  const Config& c = p.config;
  const Lookups l = model.lookups(c);
  std::string_view what = "the total seconds or dollars";
  if (!std::isfinite(l.train)) {
    what = "T_train = a (B + b) / (M + m)";
  } else if (!std::isfinite(l.flatten)) {
    what = "T_trans = k1 M^k2";
  } else if (!std::isfinite(l.up) || !std::isfinite(l.down)) {
    what = "the transfer time up(M, f) or down(M, f)";
  } else if (!std::isfinite(l.checkpoint)) {
    what = "the checkpoint's transfer time up(M, S) + down(M, S)";
  } else if (p.breakdown.iteration == 0) {
    what = "the time of one iteration";
  }
  return fmt::format(
      "{} is beyond the range of a double (about 1.8e308) at M = {} MB, "
      "f = {} MB: the workload or profile holds values out of any realistic "
      "range",
      what, c.memory_mb, model.workload().model_mb / c.aggregators);
}

}  // namespace

std::string_view to_string(Infeasibility i) {
  switch (i) {
    case Infeasibility::kNone:
      return "feasible";
    case Infeasibility::kWorkersOutOfRange:
      return "workers out of range";
    case Infeasibility::kAggregatorsOutOfRange:
      return "aggregators out of range";
    case Infeasibility::kMemoryOutOfRange:
      return "memory out of range";
    case Infeasibility::kBelowMemoryFloor:
      return "below the memory floor";
    case Infeasibility::kComputeUndefined:
      return "compute law undefined";
    case Infeasibility::kNonPositiveTime:
      return "non-positive iteration time";
    case Infeasibility::kBatchBelowOne:
      return "non-aggregator batch below one";
    case Infeasibility::kBatchBeyondMemory:
      return "non-aggregator batch beyond the memory";
    case Infeasibility::kNoIteration:
      return "no complete iteration";
    case Infeasibility::kLifetimeTooShort:
      return "relaunch longer than the lifetime";
    case Infeasibility::kThrottled:
      return "throttled by the store";
    case Infeasibility::kNotRepresentable:
      return "figures beyond a double's range";
  }
  return "unknown";
}

std::string Model::memory_floor_derivation() const {
  const MemoryFloor& f = workload_.memory_floor;
  if (f.stated_mb) return "the workload's memory_min_mb";
  if (!f.rule) return "none";
  const MemoryRule& r = *f.rule;
  return fmt::format("{:g} MB runtime + {:g} x {:g} MB vectors + {} x {:g} MB activations",
                     r.runtime_mb, r.vector_copies, workload_.model_mb, batch_aggregator_,
                     r.activation_mb_per_sample);
}

Extrapolation Model::extrapolation(const Prediction& p) const {
  Extrapolation e;
  const TransferTable& t = profile_.transfers;
  const TransferTable::MeasuredRange range = t.measured_memory();
  e.measured_min_mb = range.min_mb;
  e.measured_max_mb = range.max_mb;
  if (!p.feasible()) return e;
  const Config& c = p.config;
  e.memory = c.memory_mb < range.min_mb || c.memory_mb > range.max_mb;
  const auto measured = [&](double size) {
    return t.size_measured(Direction::kUpload, c.memory_mb, size) &&
           t.size_measured(Direction::kDownload, c.memory_mb, size);
  };
  e.chunk = !measured(workload_.model_mb / c.aggregators);
  e.checkpoint = p.relaunches > 0 && !measured(workload_.model_mb);
  return e;
}

std::string Model::explain(const Prediction& p) const {
  const Config& c = p.config;
  switch (p.infeasibility) {
    case Infeasibility::kNone:
      return "feasible";
    case Infeasibility::kWorkersOutOfRange:
      return fmt::format("W = {} is outside 1..{} (floor(max_global {} / B {}))", c.workers,
                         max_workers_, workload_.batch.max_global, batch_aggregator_);
    case Infeasibility::kAggregatorsOutOfRange:
      return fmt::format("K = {} is outside 1..W = 1..{}", c.aggregators, c.workers);
    case Infeasibility::kMemoryOutOfRange:
      return fmt::format("M = {} MB is outside the profile's memory range {}..{} MB", c.memory_mb,
                         profile_.memory.min_mb, profile_.memory.max_mb);
    case Infeasibility::kBelowMemoryFloor:
      return fmt::format("M = {} MB is below {}'s memory floor of {} MB ({})", c.memory_mb,
                         workload_.name, memory_floor_mb_, memory_floor_derivation());
    case Infeasibility::kComputeUndefined:
      return fmt::format("M + m = {} + {} is not positive, so T_train has no value", c.memory_mb,
                         workload_.compute.m);
    case Infeasibility::kNonPositiveTime:
      return fmt::format(
          "an iteration would take {} s: the transfer table extrapolates negative "
          "times for objects of {} MB at M = {} MB; measure objects of that size",
          p.breakdown.iteration, workload_.model_mb / c.aggregators, c.memory_mb);
    case Infeasibility::kBatchBelowOne:
      return fmt::format(
          "A = {} < 1: non-aggregators cannot train a sample while the "
          "aggregators work (or the global batch cap leaves none)",
          p.batch_other);
    case Infeasibility::kBatchBeyondMemory:
      return batch_beyond_memory(*this, p);
    case Infeasibility::kNoIteration:
      return fmt::format("D E = {} samples is less than one global batch", sample_epochs_);
    case Infeasibility::kLifetimeTooShort:
      return fmt::format(
          "a relaunch (checkpoint of {} MB saved and loaded, cold start) takes "
          "{} s, not less than the {} s lifetime",
          workload_.model_mb,
          figure(std::max(0.0, checkpoint_seconds(c.memory_mb)) +
                     profile_.platform.lifetime->cold_start_seconds,
                 1),
          profile_.platform.lifetime->seconds);
    case Infeasibility::kThrottled:
      return throttled(*this, c);
    case Infeasibility::kNotRepresentable:
      return not_representable(*this, p);
  }
  return "unknown";
}

}  // namespace fasdl
