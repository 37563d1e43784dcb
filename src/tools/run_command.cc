#include "run_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>

#include "common.h"
#include "fasdl/base/output_format.h"
#include "fasdl/base/units.h"
#include "fasdl/formats/plan_format.h"
#include "fasdl/runtime/run_report.h"
#include "fasdl/runtime/runner.h"
#include "parse_args.h"
#include "redis_option.h"
#include "vocabulary.h"

namespace fasdl::cli {

namespace {

void add_plan_group(CLI::App& app, RunOptions& o) {
  const std::string plan =
      "Plan (a --plan file or all of -w, -m, -k, --batch-aggregator, --batch-other)";
  app.add_option("--plan", o.plan,
                 "JSON of `fasdl-plan --format json` or `fasdl-plan predict --format json`")
      ->group(plan);
  app.add_option("-w,--workers", o.workers, "Workers W")->group(plan);
  app.add_option("-m,--memory", o.memory_mb, "Function memory M, MB: sets CPU and memory limits")
      ->group(plan);
  app.add_option("-k,--aggregators", o.aggregators, "Aggregators K (1..W)")->group(plan);
  app.add_option("--batch-aggregator", o.batch_aggregator, "Samples per step of an aggregator, B")
      ->group(plan);
  app.add_option("--batch-other", o.batch_other, "Samples per step of any other worker, A (K < W)")
      ->group(plan);
  app.add_option("--epochs", o.epochs, "Epochs E (required)")
      ->check(whole_number(1, 1'000'000))
      ->group(plan);
}

void add_network_group(CLI::App& app, RunOptions& o) {
  const std::string net = "Network and data";
  app.add_option("--samples", o.samples, "Samples D of the synthetic data set")
      ->capture_default_str()
      ->group(net);
  app.add_option("--params-mb", o.params_mb, "Size of the exchanged vector, MB (sets --width)")
      ->group(net);
  app.add_option("--width", o.width, "Width of each hidden layer")
      ->capture_default_str()
      ->group(net);
  app.add_option("--hidden-layers", o.hidden_layers, "Hidden layers")
      ->capture_default_str()
      ->group(net);
  app.add_option("--inputs", o.inputs, "Features per sample")->capture_default_str()->group(net);
  app.add_option("--classes", o.classes, "Classes")->capture_default_str()->group(net);
  app.add_option("--separation", o.separation, "Distance of the class centres from the origin")
      ->capture_default_str()
      ->group(net);
  app.add_option("--learning-rate", o.learning_rate, "SGD learning rate")
      ->capture_default_str()
      ->group(net);
  app.add_option("--seed", o.seed, "Seed of the data set and the initial weights")
      ->check(seed_number())
      ->capture_default_str()
      ->group(net);
  app.add_option("--eval-samples", o.evaluation_samples,
                 "Samples the initial and final loss are measured on")
      ->capture_default_str()
      ->group(net);
}

void add_runtime_group(CLI::App& app, RunOptions& o) {
  const std::string rt = "Runtime";
  add_redis_option(app, o.redis,
                   "redis://HOST:PORT of a running Redis server (password: "
                   "FASDL_REDIS_PASSWORD); default: a private redis-server")
      ->group(rt);
  app.add_option("--cpu-scale", o.cpu_scale,
                 "Cores per worker = scale x M / 1769, or auto "
                 "(the largest scale up to 1 that fits the machine)")
      ->capture_default_str()
      ->group(rt);
  app.add_option("--limits", o.limits,
                 "auto: CPU and memory limits through cgroups where the kernel allows; none: "
                 "unthrottled workers")
      ->check(CLI::IsMember({"auto", "none"}))
      ->capture_default_str()
      ->group(rt);
  app.add_option("--max-duration", o.max_duration,
                 "One invocation's time limit (default: 900 s / cpu scale)")
      ->group(rt);
  app.add_option("--checkpoint-every", o.checkpoint_every, "Iterations between checkpoints")
      ->capture_default_str()
      ->check(whole_number(1, 1'000'000))
      ->group(rt);
  app.add_option("--wait-timeout", o.wait_timeout, "Longest wait for one chunk")
      ->capture_default_str()
      ->group(rt);
  app.add_option("--store-retry", o.store_retry, "Back-off before a lost Redis server is fatal")
      ->capture_default_str()
      ->group(rt);
  app.add_option("--max-relaunches", o.max_relaunches, "Re-invocations per worker after kills")
      ->capture_default_str()
      ->group(rt);
  app.add_option("--kill-worker", o.kill_worker,
                 "Fault injection: SIGKILL worker W once after iteration I (W@I)")
      ->group(rt);
  app.add_option("--redis-server", o.redis_server, "The redis-server program")
      ->capture_default_str()
      ->group(rt);
}

}  // namespace

void add_run_options(CLI::App& app, RunOptions& o) {
  add_plan_group(app, o);
  add_network_group(app, o);
  add_runtime_group(app, o);
  const std::string out = "Output";
  app.add_option("--log", o.log, "JSON lines: one per worker and iteration, and the summary")
      ->group(out);
  app.add_option("--profile", o.profile, "Prices: a profile's catalog name or JSON file")
      ->capture_default_str()
      ->group(out);
  app.add_option("--format", o.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str()
      ->group(out);
  add_quiet_flag(app, &o.quiet)->group(out);
}

namespace {

Expected<RunPlan> read_plan(const RunOptions& o) {
  const bool any_number =
      o.workers || o.memory_mb || o.aggregators || o.batch_aggregator || o.batch_other;
  RunPlan plan;
  if (!o.plan.empty()) {
    if (any_number)
      return Error{"--plan: give either --plan or -w, -m, -k, --batch-aggregator, --batch-other"};
    const auto text = read_file(o.plan);
    if (!text) return text.error();
    auto parsed = parse_run_plan(*text, o.plan);
    if (!parsed) return parsed.error();
    plan = *parsed;
  } else {
    if (!o.workers || !o.memory_mb || !o.aggregators || !o.batch_aggregator) {
      return Error{
          "expected --plan FILE or -w, -m, -k and --batch-aggregator (and --batch-other when K < "
          "W)"};
    }
    plan.config = {*o.workers, *o.memory_mb, *o.aggregators};
    plan.batch_aggregator = *o.batch_aggregator;
    plan.batch_other =
        o.batch_other.value_or(*o.aggregators == *o.workers ? *o.batch_aggregator : 0);
  }
  if (auto e = check_plan(plan)) return *e;
  return plan;
}

Expected<double> duration_option(std::string_view name, const std::string& value) {
  auto d = parse_duration(value);
  if (!d) return Error{fmt::format("{}: {}", name, d.error().message)};
  return *d;
}

// The profile's prices, then the store: a --redis server, or a redis-server program that must be
// there before anything starts.
std::optional<Error> set_prices_and_store(const RunOptions& o, RunnerOptions& t) {
  auto profile_path = resolve(o.profile, CatalogKind::kProfile);
  if (!profile_path) return profile_path.error();
  auto profile = load_profile(*profile_path);
  if (!profile) return profile.error();
  t.prices = profile->prices;
  t.profile_name = profile->name;
  if (!o.redis.empty()) {
    auto server = redis_server_of(o.redis);
    if (!server) return server.error();
    t.store = server->address;
    t.store_password = server->password;
  } else if (auto program = find_redis_server(o.redis_server); !program) {
    return program.error();
  }
  t.redis_server = o.redis_server;
  return std::nullopt;
}

// The network, its data and the training: --params-mb, --samples, --separation, --seed,
// --learning-rate, --epochs.
std::optional<Error> set_training(const RunOptions& o, TrainingSpec& training) {
  training.network = {o.inputs, o.width, o.hidden_layers, o.classes};
  if (o.params_mb) {
    auto shape = shape_for_megabytes(training.network, *o.params_mb);
    if (!shape) return shape.error();
    training.network = *shape;
  }
  if (auto e = check_shape(training.network)) return *e;
  if (o.samples < 1 || o.samples > 1'000'000'000) {
    return Error{fmt::format("--samples: expected 1 to 1000000000, got {}", o.samples)};
  }
  if (!(o.separation >= 0) || !std::isfinite(o.separation)) {
    return Error{fmt::format("--separation: expected a non-negative number, got {}", o.separation)};
  }
  training.data = {o.seed, o.samples, o.inputs, o.classes, o.separation};
  training.seed = o.seed;
  if (!(o.learning_rate > 0) || !std::isfinite(o.learning_rate)) {
    return Error{
        fmt::format("--learning-rate: expected a positive number, got {}", o.learning_rate)};
  }
  training.learning_rate = o.learning_rate;
  training.epochs = o.epochs;
  return std::nullopt;
}

// The iterations, and a worker's memory within M.
std::optional<Error> set_iterations(const RunOptions& o, RunSpec& s) {
  const TrainingSpec& training = s.training;
  const long long G = s.plan.partition().global_batch();
  s.iterations = iteration_count(o.samples, o.epochs, G);
  if (s.iterations < 1) {
    return Error{
        fmt::format("D E = {} x {} samples is less than one global batch G = {}: no iteration",
                    o.samples, o.epochs, G)};
  }
  const Config& c = s.plan.config;
  const double need =
      worker_memory_mb(training.network, std::max(s.plan.batch_aggregator, s.plan.batch_other),
                       training.data, c.aggregators);
  if (need > c.memory_mb) {
    return Error{fmt::format(
        "a worker of this {:.1f} MB network needs about {:.0f} MB, more than M = {} MB; "
        "raise --memory or lower --params-mb",
        training.network.megabytes(), need, c.memory_mb)};
  }
  return std::nullopt;
}

// The runtime's limits and waits: --cpu-scale, --limits, --max-duration, --wait-timeout,
// --store-retry, --eval-samples, --max-relaunches, --kill-worker.
std::optional<Error> set_runtime(const RunOptions& o, RunnerOptions& t) {
  RunSpec& s = t.spec;
  const Config& c = s.plan.config;
  t.cores = std::max(0.1, machine_cores() - kReservedCores);
  auto scale = parse_cpu_scale(o.cpu_scale, c, t.cores);
  if (!scale) return scale.error();
  t.cpu_scale = *scale;
  auto limits = limits_from_string(o.limits);
  if (!limits) return limits.error();
  t.limits = *limits;
  s.checkpoint_every = o.checkpoint_every;
  s.max_duration_seconds = 900 / t.cpu_scale;
  if (!o.max_duration.empty()) {
    auto d = duration_option("--max-duration", o.max_duration);
    if (!d) return d.error();
    s.max_duration_seconds = *d;
  }
  auto wait = duration_option("--wait-timeout", o.wait_timeout);
  if (!wait) return wait.error();
  s.wait_timeout_seconds = *wait;
  auto retry = duration_option("--store-retry", o.store_retry);
  if (!retry) return retry.error();
  s.store_retry_seconds = *retry;
  if (o.evaluation_samples < 1) return Error{"--eval-samples: expected at least 1"};
  t.evaluation_samples = o.evaluation_samples;
  if (o.max_relaunches < 0) return Error{"--max-relaunches: expected 0 or more"};
  t.max_relaunches = o.max_relaunches;
  if (!o.kill_worker.empty()) {
    auto kill = parse_kill(o.kill_worker, c.workers, s.iterations);
    if (!kill) return kill.error();
    t.kill = *kill;
  }
  return std::nullopt;
}

Expected<RunnerOptions> build(const RunOptions& o) {
  RunnerOptions t;
  if (o.epochs < 1) return Error{"--epochs is required: a positive number of epochs"};
  auto plan = read_plan(o);
  if (!plan) return plan.error();
  t.spec.plan = *plan;
  if (auto e = set_training(o, t.spec.training)) return *e;
  if (auto e = set_iterations(o, t.spec)) return *e;
  if (auto e = set_runtime(o, t)) return *e;
  if (auto e = set_prices_and_store(o, t)) return *e;
  t.log_path = o.log;
  // Anything the workers would refuse in the run's event is refused here, before the start.
  if (auto event = parse_run_spec(run_spec_to_json(t.spec), "the run's event"); !event) {
    return event.error();
  }
  std::error_code ec;
  t.worker_program = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (ec) return Error{fmt::format("cannot find this program for the workers: {}", ec.message())};
  t.worker_arguments = {"worker"};
  // Notices never throw: a closed stderr must not stop the run's clean-up.
  if (!o.quiet) {
    t.notice = [](std::string_view line) { print_diagnostic(fmt::format("fasdl-run: {}", line)); };
  }
  return t;
}

}  // namespace

int run_run(const RunOptions& o) {
  auto options = build(o);
  if (!options) return report(options.error());
  if (!o.log.empty()) {  // before anything starts; the launcher writes it from the beginning
    if (auto log = OutputFile::open(o.log, true); !log) {
      return report_write_failure({fmt::format("--log {}", log.error().message)});
    }
  }
  const RunOutcome outcome = run_training(*options);
  switch (outcome.status) {
    case RunStatus::kCompleted:
      // The run is over and cleaned up; a stdout that fails loses the summary: finish() says so.
      out(format_run_summary(outcome.summary,
                             o.format == "json" ? OutputFormat::kJson : OutputFormat::kTable));
      return kExitOk;
    case RunStatus::kInterrupted:
      report({outcome.message});
      return kExitInterrupted;
    case RunStatus::kWriteFailed:
      return report_write_failure({outcome.message});
    case RunStatus::kFailed:
      break;
  }
  report({outcome.message});
  return kExitRunFailed;
}

}  // namespace fasdl::cli
