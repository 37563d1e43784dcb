#include "plan_command.h"

#include <fmt/format.h>

#include <chrono>

#include "common.h"
#include "fasdl/base/units.h"
#include "fasdl/formats/plan_format.h"
#include "fasdl/formats/plan_request.h"
#include "fasdl/formats/plot.h"
#include "parse_args.h"
#include "plot_output.h"
#include "vocabulary.h"

namespace fasdl::cli {

void add_plan_options(CLI::App& app, PlanOptions& o) {
  app.add_option("--profile", o.profile, "Platform profile: a catalog name or a JSON file")
      ->capture_default_str();
  app.add_option("--model", o.model,
                 "Workload: a catalog name (see `fasdl-plan models`) or a JSON file");
  app.add_option("--deadline", o.deadline,
                 "Plans must take less than this: 5400, 5400s, 90m, 1.5h, 1h30m");
  app.add_option("--budget", o.budget, "Plans must cost at most this many dollars: 5, $5.50");
  app.add_option("--objective", o.objective,
                 "cost or time; default: time with only a budget, else cost")
      ->check(CLI::IsMember({"cost", "time"}));
  app.add_option("--search", o.strategy, "exact (default), fasdl-heuristic or exhaustive")
      ->check(CLI::IsMember({"exact", "fasdl-heuristic", "exhaustive"}));
  app.add_option("--memory-min", o.memory_min, "Smallest function memory searched, MB");
  app.add_option("--memory-max", o.memory_max, "Largest function memory searched, MB");
  app.add_option("--memory-step", o.memory_step, "Step between memory sizes searched, MB");
  app.add_option("--workers-max", o.workers_max,
                 "Most workers searched (default floor(G / B); above it, a warning says so)")
      ->check(whole_number(1, 2'147'483'647));
  app.add_option("--set", o.set, "Override a workload or profile number: epochs=5 (repeatable)");
  app.add_option("--jobs", o.jobs,
                 "Threads for --search exhaustive (default: every core); refused with another "
                 "search")
      ->check(whole_number(1, 2'147'483'647));
  app.add_option("--format", o.format, "table (default), json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  add_confidence_option(app, o.confidence);
  CLI::Option* stores = app.add_option(
      "--stores", o.stores,
      "Priced stores to choose among (the profile's own and its \"stores\"): s3,redis");
  add_deprecated_alias(app, "--store", stores, o.stores);
  app.add_flag("--pareto", o.pareto,
               "Print the time-versus-dollars Pareto front of the space, cut by --deadline and "
               "--budget");
  CLI::Option* requests =
      app.add_option("--requests", o.requests,
                     "Plan every request of a JSON-lines file, - for standard input (one result "
                     "line each); the options above are the defaults of each request");
  add_deprecated_alias(app, "--batch", requests, o.requests);
  app.add_flag("--explain", o.explain,
               "Also show the runner-up plans and what holds each (deadline, budget, batch cap)");
  app.add_option("--emit-trigger", o.emit_trigger,
                 "Write the plan as the event of the FasDL K-REDUCE trigger on AWS Lambda "
                 "(resnet18 and resnet101: what the released worker builds)");
  app.add_option("--train-net", o.train_net,
                 "Trigger: the network, resnet18 or resnet101 (default: the model's name)");
  app.add_option("--learning-rate", o.learning_rate,
                 fmt::format("Trigger: SGD learning rate (default {})", kDefaultLearningRate));
  app.add_option("--seed", o.seed,
                 fmt::format("Trigger: seed of the data order and initial weights (default {})",
                             kDefaultSeed))
      ->check(whole_number(0, 9'223'372'036'854'775'807));
  app.add_option("--func-time", o.func_time,
                 "Trigger: the workers' timeout in seconds (default 900); they relaunch 60 s "
                 "before it, and the plan assumes that lifetime")
      ->check(whole_number(120, 900));
  app.add_option("--bucket-prefix", o.bucket_prefix,
                 "Trigger: S3 buckets are PREFIX-tmp, -merged, -partition, -data, -output "
                 "(default: fasdl-MODEL-HASH, a hash of the plan and this machine)");
  app.add_option("--plot", o.plot,
                 "Draw the time-versus-dollars space, its Pareto front, the plan and the baselines "
                 "(with --pareto: the front) to FILE.svg or FILE.png (needs gnuplot)");
  add_quiet_flag(app, &o.quiet);
  app.add_flag("--no-timing", o.no_timing,
               "Leave out elapsed times, so that the same inputs give byte-identical output");
}

Expected<PlanRequest> to_request(const PlanOptions& o) {
  PlanRequest r;
  r.profile = o.profile;
  r.model = o.model;
  if (!o.deadline.empty()) {
    auto d = parse_duration(o.deadline);
    if (!d) return Error{"--deadline: " + d.error().message};
    r.deadline_seconds = *d;
  }
  if (!o.budget.empty()) {
    auto b = parse_money(o.budget);
    if (!b) return Error{"--budget: " + b.error().message};
    r.budget_dollars = *b;
  }
  if (!o.objective.empty()) r.objective = *objective_from_string(o.objective);
  r.strategy = *strategy_from_string(o.strategy.value_or("exact"));
  r.memory_min = o.memory_min;
  r.memory_max = o.memory_max;
  r.memory_step = o.memory_step;
  r.workers_max = o.workers_max;
  r.jobs = o.jobs.value_or(0);
  r.runners_up = o.explain ? 4 : 0;
  r.confidence = o.confidence;
  r.stores = split_stores(o.stores);
  if (!o.stores.empty() && r.stores.empty()) {
    return Error{"--stores: expected store names separated by commas such as s3,redis"};
  }
  for (const std::string& text : o.set) {
    auto parsed = parse_override(text);
    if (!parsed) return parsed.error();
    if (parsed->values.size() != 1) {
      return Error{
          fmt::format("--set {}: a plan takes one value per key, got {}; use `fasdl-plan "
                      "sweep` or --requests for several",
                      parsed->key, parsed->values.size())};
    }
    r.settings.emplace_back(parsed->key, parsed->values.front());
  }
  if (!o.emit_trigger.empty()) {
    // The released worker relaunches func_time - 60 s into each life: the plan assumes that.
    r.settings.emplace_back("platform.lifetime.seconds",
                            fmt::format("{:g}", worker_lifetime_seconds(o.trigger())));
  }
  return r;
}

TriggerOptions PlanOptions::trigger() const {
  TriggerOptions t;
  t.train_net = train_net.value_or("");
  if (learning_rate) t.learning_rate = *learning_rate;
  if (seed) t.seed = *seed;
  if (func_time) t.function_seconds = *func_time;
  t.bucket_prefix = bucket_prefix.value_or("");
  return t;
}

Expected<PlannedRequest> plan_request(const PlanRequest& request, bool no_timing) {
  if (request.model.empty()) {
    return Error{"--model is required: a catalog name or a workload JSON file (see --help)"};
  }
  auto base = load_model(request.profile, request.model, request.settings);
  if (!base) return base.error();
  auto models = store_models(*base, request.stores);
  if (!models) return models.error();
  // The best plan of each store; the stores compete by the request's objective.
  std::optional<std::size_t> best;
  std::vector<SearchSummary> summaries;
  std::vector<SearchOptions> options;
  std::vector<StoreChoice> choices;
  double elapsed = 0;
  for (std::size_t i = 0; i < models->size(); ++i) {
    auto o = search_options((*models)[i], request);
    if (!o) return o.error();
    const auto start = std::chrono::steady_clock::now();
    summaries.push_back(search((*models)[i], *o));
    elapsed +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    options.push_back(*o);
    const SearchSummary& s = summaries.back();
    choices.push_back({(*models)[i].profile().platform.store,
                       s.status == SearchStatus::kOk ? s.plan : std::nullopt});
    if (s.status == SearchStatus::kOk &&
        (!best || ranks_before(*s.plan, *summaries[*best].plan, o->objective))) {
      best = i;
    }
  }
  const std::size_t chosen = best.value_or(0);
  const Model& model = (*models)[chosen];
  PlanReport report = make_plan(model, options[chosen], std::move(summaries[chosen]));
  if (!no_timing) report.elapsed_ms = elapsed;
  if (models->size() > 1) report.stores = std::move(choices);
  return PlannedRequest{model, std::move(report)};
}

namespace {

int run_pareto(const PlanOptions& o, const PlanRequest& request) {
  if (request.model.empty()) return report({"--model is required (see --help)"});
  const auto model = load_model(request.profile, request.model, request.settings);
  if (!model) return report(model.error());
  const auto options = search_options(*model, request);
  if (!options) return report(options.error());
  if (const auto note = workers_max_note(o, *model); note && !o.quiet) warn(*note);
  const auto start = std::chrono::steady_clock::now();
  const ParetoFront front = pareto_front(*model, *options);
  std::optional<double> elapsed;
  if (!o.no_timing) {
    elapsed =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  if (!o.plot.empty()) {
    const auto terminal = plot_terminal_for(o.plot);
    if (!terminal) return report(terminal.error());
    if (const int code = draw_plot(pareto_plot_script(*model, *options, front, *terminal), o.plot))
      return code;
  }
  const auto format = output_format_from_string(o.format_or_table());
  out(format_pareto(*model, front, *options, elapsed, *format));
  return front.plans.empty() ? kExitInfeasible : kExitOk;
}

// The trigger event of the plan, or why none is written (exit 2 before any output).
Expected<std::string> trigger_event(const PlanOptions& o, const PlannedRequest& planned) {
  TriggerOptions t = o.trigger();
  auto network = trigger_network(planned.model.workload(), t);
  if (!network) return network.error();
  if (!t.bucket_prefix.empty()) {
    if (auto error = check_bucket_prefix(t.bucket_prefix)) return *error;
  }
  const SearchSummary& summary = planned.report.summary;
  if (summary.status != SearchStatus::kOk) return std::string();
  if (t.bucket_prefix.empty()) {
    // This machine's id keeps two users of one plan from naming the same buckets.
    const auto id = read_file("/etc/machine-id");
    t.bucket_prefix = default_bucket_prefix(*network, *summary.plan, t, id ? *id : "");
  }
  return trigger_event_json(planned.model, *summary.plan, *network, t);
}

}  // namespace

int run_plan(const PlanOptions& o) {
  if (const auto refused = refused_combination(o)) return report(*refused);
  auto request = to_request(o);
  if (!request) return report(request.error());
  if (o.pareto) return run_pareto(o, *request);
  const auto format = output_format_from_string(o.format_or_table());
  auto planned = plan_request(*request, o.no_timing);
  if (!planned) return report(planned.error());
  if (const auto note = workers_max_note(o, planned->model); note && !o.quiet) warn(*note);
  const SearchSummary& summary = planned->report.summary;
  std::string event;
  if (!o.emit_trigger.empty()) {
    auto made = trigger_event(o, *planned);
    if (!made) return report(made.error());
    event = std::move(made).value();
  }
  if (!o.plot.empty()) {
    const auto terminal = plot_terminal_for(o.plot);
    if (!terminal) return report(terminal.error());
    const ParetoFront front = pareto_front(planned->model, planned->report.options);
    if (const int code =
            draw_plot(plan_plot_script(planned->model, planned->report, front, *terminal), o.plot))
      return code;
  }
  if (!event.empty()) {
    if (auto written = write_file(o.emit_trigger, event); !written) {
      return report_write_failure({fmt::format("--emit-trigger {}", written.error().message)});
    }
  }
  out(format_plan(planned->model, planned->report, *format, stdout_style()));
  if (summary.status != SearchStatus::kOk) {
    if (!o.emit_trigger.empty() && !o.quiet) {
      warn(fmt::format("--emit-trigger {}: not written, no plan meets the constraints",
                       o.emit_trigger));
    }
    return kExitInfeasible;
  }
  return kExitOk;
}

}  // namespace fasdl::cli
