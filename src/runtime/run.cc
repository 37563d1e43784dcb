#include "fasdl/runtime/run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "formats/json_fields.h"
#include "runtime/network_json.h"

namespace fasdl {

namespace {

using json_fields::FieldError;
using json_fields::Fields;
using json_fields::Range;

constexpr long long kMaxWorkers = 1000;
constexpr long long kMaxBatch = 1'000'000;
constexpr int kMinMemoryMb = 128;    // Lambda's smallest function
constexpr int kMaxMemoryMb = 10240;  // and its largest

RunPlan read_plan(Fields& f) {
  if (const auto* feasible = f.optional("feasible"); feasible != nullptr && *feasible == false) {
    const auto* reason = f.optional("reason");
    f.fail("feasible",
           fmt::format(
               "a feasible configuration; this one is not{}",
               reason != nullptr && reason->is_string() ? ": " + reason->get<std::string>() : ""));
  }
  RunPlan p;
  p.config.workers = static_cast<int>(f.integer("workers", 1, kMaxWorkers));
  p.config.memory_mb = static_cast<int>(f.integer("memory_mb", kMinMemoryMb, kMaxMemoryMb));
  p.config.aggregators = static_cast<int>(f.integer("aggregators", 1, p.config.workers));
  p.batch_aggregator = f.integer("batch_aggregator", 1, kMaxBatch);
  p.batch_other = p.config.aggregators == p.config.workers ? f.integer("batch_other", 0, kMaxBatch)
                                                           : f.integer("batch_other", 1, kMaxBatch);
  return p;
}

}  // namespace

Partition RunPlan::partition() const {
  return {config.workers, config.aggregators, batch_aggregator,
          config.aggregators == config.workers ? batch_aggregator : batch_other};
}

std::optional<Error> check_plan(const RunPlan& p) {
  const Config& c = p.config;
  if (c.workers < 1 || c.workers > kMaxWorkers) {
    return Error{fmt::format("--workers: expected 1..{}, got {}", kMaxWorkers, c.workers)};
  }
  if (c.aggregators < 1 || c.aggregators > c.workers) {
    return Error{
        fmt::format("--aggregators: expected 1..W = 1..{}, got {}", c.workers, c.aggregators)};
  }
  if (c.memory_mb < kMinMemoryMb || c.memory_mb > kMaxMemoryMb) {
    return Error{fmt::format("--memory: expected {}..{} MB (Lambda's range), got {}", kMinMemoryMb,
                             kMaxMemoryMb, c.memory_mb)};
  }
  if (p.batch_aggregator < 1 || p.batch_aggregator > kMaxBatch) {
    return Error{
        fmt::format("--batch-aggregator: expected 1..{}, got {}", kMaxBatch, p.batch_aggregator)};
  }
  if (c.aggregators < c.workers && (p.batch_other < 1 || p.batch_other > kMaxBatch)) {
    return Error{
        fmt::format("--batch-other: expected 1..{} when K < W, got {}", kMaxBatch, p.batch_other)};
  }
  return std::nullopt;
}

Expected<RunPlan> parse_run_plan(std::string_view json, std::string_view origin) {
  try {
    const nlohmann::json doc = json_fields::parse_document(json, origin);
    Fields root(doc, std::string(origin), "");
    if (root.has("plan")) {
      const nlohmann::json* plan = root.optional("plan");
      if (!plan->is_object()) {
        const auto* reason = root.optional("reason");
        root.fail("plan", fmt::format("a plan object (fasdl-plan found none{})",
                                      reason != nullptr && reason->is_string()
                                          ? ": " + reason->get<std::string>()
                                          : ""));
      }
      Fields fields = root.object("plan");
      return read_plan(fields);
    }
    return read_plan(root);
  } catch (const FieldError& e) {
    return Error{e.what()};
  }
}

double worker_cores(int memory_mb, double cpu_scale) {
  return cpu_scale * memory_mb / kLambdaMbPerVcpu;
}

double fitting_cpu_scale(const Config& c, double cores) {
  const double demand = c.workers * worker_cores(c.memory_mb, 1.0);
  return std::min(1.0, cores / demand);
}

std::optional<Error> check_cpu_fit(const Config& c, double cpu_scale, double cores) {
  if (!(cpu_scale > 0) || !std::isfinite(cpu_scale)) {
    return Error{fmt::format("--cpu-scale: expected a positive number or auto, got {}", cpu_scale)};
  }
  // Below a CPU quota's smallest share a worker would be given more than the model assumes,
  // and 900 s / scale of lifetime would never end.
  if (const double each = worker_cores(c.memory_mb, cpu_scale); !(each >= kMinWorkerCores)) {
    return Error{fmt::format(
        "--cpu-scale {:.4g}: a worker of {} MB would get {:.3g} cores, fewer than the {} a CPU "
        "quota can hold; expected a scale of at least {:.4g}",
        cpu_scale, c.memory_mb, each, kMinWorkerCores,
        kMinWorkerCores / worker_cores(c.memory_mb, 1.0))};
  }
  const double need = c.workers * worker_cores(c.memory_mb, cpu_scale);
  // A rounding margin, so that the fitting scale itself is accepted.
  if (need > cores * (1 + 1e-9)) {
    return Error{fmt::format(
        "W = {} workers of {} MB at --cpu-scale {} need {} x {:.3f} = {:.2f} cores, more than the "
        "{:.2f} this machine gives workers; use --cpu-scale {:.4f} or less (or auto)",
        c.workers, c.memory_mb, cpu_scale, c.workers, worker_cores(c.memory_mb, cpu_scale), need,
        cores, std::floor(fitting_cpu_scale(c, cores) * 1e4) / 1e4)};
  }
  return std::nullopt;
}

Expected<double> parse_cpu_scale(std::string_view text, const Config& c, double cores) {
  if (text == "auto") {
    const double scale = fitting_cpu_scale(c, cores);
    if (worker_cores(c.memory_mb, scale) < kMinWorkerCores) {
      return Error{fmt::format(
          "--cpu-scale auto: W = {} workers of {} MB on the {:.2f} cores this machine gives "
          "workers would get {:.3g} cores each, fewer than the {} a CPU quota can hold; lower W",
          c.workers, c.memory_mb, cores, worker_cores(c.memory_mb, scale), kMinWorkerCores)};
    }
    return scale;
  }
  const auto scale = text::to_double(text);
  if (!scale || !(*scale > 0)) {
    return Error{
        fmt::format("--cpu-scale: expected a positive number or auto, got {}", text::quoted(text))};
  }
  if (auto e = check_cpu_fit(c, *scale, cores)) return *e;
  return *scale;
}

double worker_memory_mb(const NetworkShape& n, long long batch, const DatasetSpec& data,
                        int aggregators) {
  const double p = static_cast<double>(n.parameters());
  const double chunk = p / aggregators;
  const double bytes = 4 * 4 * p     // weights, flat vector, base, next base
                       + 28 * chunk  // merge sum (8), received chunk, client copies, slack
                       + 4.0 * static_cast<double>(batch) *
                             (n.inputs + n.width * (n.hidden_layers + 2.0) + 2.0 * n.classes) +
                       static_cast<double>(data.samples) * (4.0 * data.inputs + 4);
  constexpr double kBaselineMb = 24;  // the process, its libraries and the client
  return bytes / kBytesPerMb + kBaselineMb;
}

std::string run_spec_to_json(const RunSpec& s) {
  nlohmann::ordered_json j;
  j["run_id"] = s.run_id;
  j["plan"] = {{"workers", s.plan.config.workers},
               {"memory_mb", s.plan.config.memory_mb},
               {"aggregators", s.plan.config.aggregators},
               {"batch_aggregator", s.plan.batch_aggregator},
               {"batch_other", s.plan.batch_other}};
  const TrainingSpec& t = s.training;
  j["network"] = network_json::shape_json(t.network);
  j["data"] = network_json::data_json(t.data);
  j["seed"] = t.seed;
  j["learning_rate"] = t.learning_rate;
  j["epochs"] = t.epochs;
  j["iterations"] = s.iterations;
  j["checkpoint_every"] = s.checkpoint_every;
  j["max_duration_seconds"] = s.max_duration_seconds;
  j["wait_timeout_seconds"] = s.wait_timeout_seconds;
  j["store_retry_seconds"] = s.store_retry_seconds;
  j["clock_origin"] = s.clock_origin;
  j["poll_seconds"] = {s.poll_min_seconds, s.poll_max_seconds};
  return j.dump();
}

Expected<RunSpec> parse_run_spec(std::string_view json, std::string_view origin) {
  try {
    const nlohmann::json doc = json_fields::parse_document(json, origin);
    Fields root(doc, std::string(origin), "");
    RunSpec s;
    s.run_id = root.string("run_id");
    Fields plan = root.object("plan");
    s.plan = read_plan(plan);
    plan.finish();
    TrainingSpec& t = s.training;
    t.network = network_json::read_shape(root.object("network"));
    Fields data = root.object("data");
    const nlohmann::json* seed = data.optional("seed");
    if (seed == nullptr || !seed->is_number_unsigned()) data.fail("seed", "an unsigned integer");
    t.data = network_json::read_data(data, t.network);
    t.data.seed = seed->get<std::uint64_t>();
    data.finish();
    const nlohmann::json* weights_seed = root.optional("seed");
    if (weights_seed == nullptr || !weights_seed->is_number_unsigned()) {
      root.fail("seed", "an unsigned integer");
    }
    t.seed = weights_seed->get<std::uint64_t>();
    t.learning_rate = root.number("learning_rate", Range::kPositive);
    t.epochs = root.integer("epochs", 1, 1'000'000);
    s.iterations = root.integer("iterations", 1, 1'000'000'000'000);
    s.checkpoint_every = static_cast<int>(root.integer("checkpoint_every", 1, 1'000'000));
    s.max_duration_seconds = root.number("max_duration_seconds", Range::kPositive);
    s.wait_timeout_seconds = root.number("wait_timeout_seconds", Range::kPositive);
    s.store_retry_seconds = root.number("store_retry_seconds", Range::kNonNegative);
    s.clock_origin = root.number("clock_origin", Range::kNonNegative);
    const nlohmann::json& poll = root.array("poll_seconds");
    if (poll.size() != 2) root.fail("poll_seconds", "[min, max] seconds");
    s.poll_min_seconds =
        json_fields::checked_number(poll[0], Range::kPositive, origin, "poll_seconds[0]");
    s.poll_max_seconds =
        json_fields::checked_number(poll[1], Range::kPositive, origin, "poll_seconds[1]");
    root.finish();
    return s;
  } catch (const FieldError& e) {
    return Error{e.what()};
  }
}

}  // namespace fasdl
