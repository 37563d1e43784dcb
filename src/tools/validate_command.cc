#include "validate_command.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "common.h"
#include "fasdl/accuracy/local_run.h"
#include "fasdl/accuracy/validate_run.h"
#include "fasdl/fit/measure_fit.h"
#include "fasdl/formats/files.h"
#include "fasdl/formats/plot.h"
#include "parse_args.h"
#include "plot_output.h"
#include "redis_option.h"
#include "vocabulary.h"

namespace fasdl::cli {

namespace {

void add_model_group(CLI::App& app, ValidateOptions& o) {
  const std::string in = "Models";
  // Required, but not by the hidden worker subcommand: run_validate checks.
  app.add_option("--profile", o.profile,
                 "Profile measured by fasdl-profile measure (profile.json); required")
      ->group(in);
  app.add_option("--model", o.workload, "Workload measured with it (workload.json); required")
      ->group(in);
  app.add_option("--baseline", o.baseline,
                 "A second profile scored on the same runs, e.g. reference.json (the reference "
                 "form)")
      ->group(in);
  app.add_option("--set", o.set, "Override a workload or profile key of both models, key=value")
      ->group(in);
}

void add_gate_group(CLI::App& app, ValidateOptions& o) {
  const std::string what = "Validation";
  app.add_option("--configs", o.configs, "quick, full, or configurations W:M:K,...")
      ->capture_default_str()
      ->group(what);
  app.add_option("--repeats", o.repeats, "Runs of each configuration; the median counts")
      ->check(whole_number(1, 20))
      ->capture_default_str()
      ->group(what);
  app.add_option("--gate", o.gate,
                 "What decides the exit code: median (the median accuracy reaches --threshold), "
                 "corrected (the same corrected for the machine's drift by the reference "
                 "probes) or robust (the cheapest plan, the order of the configurations and the "
                 "model against the reference form, which the machine's drift cannot move; "
                 "docs/accuracy.md)")
      ->check(CLI::IsMember({"median", "corrected", "robust"}))
      ->capture_default_str()
      ->group(what);
  app.add_option("--threshold", o.threshold,
                 "median and corrected gates: the median accuracy to reach (default 0.94; exit 1 "
                 "below)")
      ->check(number_between(0.0, 1.0))
      ->group(what);
  app.add_option("--order-tolerance", o.order_tolerance,
                 "robust gate: two configurations the model orders oppositely to the runs fail "
                 "it when both put them further apart than this (default 0.25)")
      ->check(number_between(0.0, 10.0))
      ->group(what);
  app.add_option("--min-rank-correlation", o.min_rank_correlation,
                 "robust gate: also require this Spearman of dollars and of seconds (default: "
                 "printed, not checked)")
      ->check(number_between(-1.0, 1.0))
      ->group(what);
  app.add_option("--cheapest-tolerance", o.cheapest_tolerance,
                 "robust gate: how much dearer than the measured cheapest the predicted cheapest "
                 "may measure (default 0.05)")
      ->check(number_between(0.0, 10.0))
      ->group(what);
  app.add_option("--min-shape", o.min_shape,
                 "robust gate: also require this shape accuracy (default: printed, not checked)")
      ->check(number_between(0.0, 1.0))
      ->group(what);
  app.add_option("--max-split-error", o.max_split_error,
                 "robust gate: also require the training split within this of 1 (default: printed, "
                 "not checked)")
      ->check(number_between(0.0, 10.0))
      ->group(what);
  app.add_option("--runs", o.runs, "Score runs saved by --save instead of running")->group(what);
  app.add_option("--save", o.save, "Save the runs (JSON) to score them again")->group(what);
}

void add_output_and_runtime_groups(CLI::App& app, ValidateOptions& o) {
  const std::string out = "Output";
  app.add_option("--format", o.format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str()
      ->group(out);
  app.add_option("--markdown", o.markdown, "Write the tables of docs/accuracy.md here")->group(out);
  app.add_option("--plot", o.plot, "Predicted against measured seconds (.svg or .png, gnuplot)")
      ->group(out);
  add_quiet_flag(app, &o.quiet)->group(out);
  const std::string rt = "Runtime";
  add_redis_option(app, o.redis,
                   "redis://HOST:PORT of a running Redis server (password: FASDL_REDIS_PASSWORD); "
                   "default: a private redis-server per run")
      ->group(rt);
  app.add_option("--redis-server", o.redis_server, "The redis-server program")
      ->capture_default_str()
      ->group(rt);
  app.add_option("--cpu-scale", o.cpu_scale,
                 "Cores per worker = scale x M / 1769 (default: the scale the profile was "
                 "measured at)")
      ->check(positive_number())
      ->group(rt);
  app.add_option("--limits", o.limits, "auto or none")
      ->check(CLI::IsMember({"auto", "none"}))
      ->capture_default_str()
      ->group(rt);
  app.add_option("--seed", o.seed, "Seed of the runs' data sets and initial weights")
      ->check(seed_number())
      ->capture_default_str()
      ->group(rt);
}

}  // namespace

void add_validate_options(CLI::App& app, ValidateOptions& o) {
  add_model_group(app, o);
  add_gate_group(app, o);
  add_output_and_runtime_groups(app, o);
}

namespace {

Expected<std::vector<Config>> configs_of(const std::string& text) {
  if (text == "quick" || text == "full") {
    return validation_configs(*validation_set_from_string(text));
  }
  auto c = parse_configs(text);
  if (!c) return Error{fmt::format("--configs: {}", c.error().message)};
  return c;
}

// The gate and its limits; a limit of the other gate is refused, not ignored.
Expected<GateOptions> gate_options(const ValidateOptions& o) {
  auto kind = gate_from_string(o.gate);
  if (!kind) return kind.error();
  GateOptions g;
  g.gate = *kind;
  const std::pair<const char*, const std::optional<double>*> robust_only[] = {
      {"--order-tolerance", &o.order_tolerance},
      {"--min-rank-correlation", &o.min_rank_correlation},
      {"--cheapest-tolerance", &o.cheapest_tolerance},
      {"--min-shape", &o.min_shape},
      {"--max-split-error", &o.max_split_error}};
  if (g.gate != Gate::kRobust) {
    for (const auto& [name, value] : robust_only) {
      if (value->has_value()) return Error{fmt::format("{} needs --gate robust", name)};
    }
    g.threshold = o.threshold.value_or(g.threshold);
    return g;
  }
  if (o.threshold) {
    return Error{"--threshold needs --gate median or corrected (the robust gate has no median)"};
  }
  g.order_tolerance = o.order_tolerance.value_or(g.order_tolerance);
  g.min_rank_correlation = o.min_rank_correlation;  // checked only when asked (gate.h)
  g.cheapest_tolerance = o.cheapest_tolerance.value_or(g.cheapest_tolerance);
  g.min_shape = o.min_shape;  // both checks only when asked (gate.h)
  g.max_split_error = o.max_split_error;
  return g;
}

// The report on stdout, then --markdown and --plot; 0, or the exit code of a write that failed.
int write_outputs(const ValidateOptions& o, const ValidationReport& r, OutputFormat format) {
  out(format_validation(r, format));
  if (!o.markdown.empty()) {
    if (auto w = write_file(o.markdown, validation_markdown(r)); !w) {
      return report_write_failure({fmt::format("--markdown {}", w.error().message)});
    }
  }
  if (o.plot.empty()) return kExitOk;
  const std::string terminal = *plot_terminal_for(o.plot) == PlotTerminal::kPng ? "png" : "svg";
  return draw_plot(accuracy_plot_script(r, terminal), o.plot);
}

// The measured model (and the baseline's) with --set applied to both.
struct Models {
  Model model;
  std::optional<Model> baseline;
};

Expected<Models> load_models(const ValidateOptions& o) {
  Settings settings;
  for (const std::string& s : o.set) {
    auto override = parse_override(s);
    if (!override) return override.error();
    if (override->values.size() != 1) return Error{fmt::format("--set {}: expected one value", s)};
    settings.emplace_back(override->key, override->values.front());
  }
  auto model = load_model(o.profile, o.workload, settings);
  if (!model) return model.error();
  Models m{std::move(model).value(), std::nullopt};
  if (!o.baseline.empty()) {
    auto b = load_model(o.baseline, o.workload, settings);
    if (!b) return b.error();
    m.baseline = std::move(b).value();
  }
  return m;
}

// How each configuration is run: the CPU scale, the network of the workload, the store.
Expected<LocalRunSettings> run_settings(const ValidateOptions& o, const Model& model) {
  LocalRunSettings s;
  if (o.cpu_scale) {
    s.cpu_scale = *o.cpu_scale;
  } else if (const auto measured = measured_cpu_scale(model.profile())) {
    s.cpu_scale = *measured;
  } else {
    return Error{fmt::format(
        "{}: expected platform.cpu (the CPU scale fasdl-profile measure records), or give "
        "--cpu-scale",
        o.profile)};
  }
  auto network = network_for(model.workload().model_mb);
  if (!network) return network.error();
  s.network = *network;
  s.data.samples = model.workload().samples;
  s.data.seed = o.seed;
  s.seed = o.seed;
  s.learning_rate = kDefaultLearningRate;
  s.epochs = model.workload().epochs;
  auto limits = limits_from_string(o.limits);
  if (!limits) return limits.error();
  s.limits = *limits;
  s.redis_server = o.redis_server;
  if (!o.redis.empty()) {
    auto server = redis_server_of(o.redis);
    if (!server) return server.error();
    s.store = server->address;
    s.store_password = server->password;
  }
  s.prices = model.profile().prices;
  s.profile_name = model.profile().name;
  std::error_code ec;
  s.worker_program = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (ec) return Error{fmt::format("cannot find this program for the workers: {}", ec.message())};
  return s;
}

// Trains every configuration (exit 3 when one fails) and saves the runs with --save.
Expected<std::vector<MeasuredRun>> measure_runs(const ValidateOptions& o, const Model& model,
                                                int& code) {
  code = kExitBadInput;
  auto configs = configs_of(o.configs);
  if (!configs) return configs.error();
  auto s = run_settings(o, model);
  if (!s) return s.error();
  const double cores = machine_cores() - kReservedCores;
  for (const Config& c : *configs) {
    if (auto e = check_cpu_fit(c, s->cpu_scale, cores)) {
      return Error{fmt::format("{}:{}:{}: {}", c.workers, c.memory_mb, c.aggregators, e->message)};
    }
  }
  const auto notice = [&](std::string_view line) {
    if (!o.quiet) print_diagnostic(fmt::format("fasdl-validate: {}", line));
  };
  auto runs = run_validation(model, *configs, o.repeats, *s, notice);
  if (!runs) {
    code = kExitRunFailed;
    return runs.error();
  }
  if (!o.save.empty()) {
    if (auto w = write_file(o.save, runs_to_json(*runs)); !w) {
      code = kExitWriteFailed;
      return Error{fmt::format("--save {}", w.error().message)};
    }
  }
  return runs;
}

}  // namespace

int run_validate(const ValidateOptions& o) {
  if (o.profile.empty() || o.workload.empty()) {
    return report(
        {"--profile and --model are required (the files of fasdl-profile measure; see "
         "--help)"});
  }
  const auto format = output_format_from_string(o.format);
  if (!format) return report(format.error());
  const auto gate = gate_options(o);
  if (!gate) return report(gate.error());
  auto models = load_models(o);
  if (!models) return report(models.error());
  if (!o.plot.empty()) {
    if (auto t = plot_terminal_for(o.plot); !t) return report(t.error());
  }
  std::vector<MeasuredRun> runs;
  if (!o.runs.empty()) {
    const auto text = read_file(o.runs);
    if (!text) return report(text.error());
    auto parsed = parse_runs(*text, o.runs);
    if (!parsed) return report(parsed.error());
    runs = std::move(parsed).value();
  } else {
    int code = kExitOk;
    auto measured = measure_runs(o, models->model, code);
    if (!measured) {
      report(measured.error());
      return code;
    }
    runs = std::move(measured).value();
  }
  const Model* baseline = models->baseline ? &*models->baseline : nullptr;
  const auto scored = validate_runs(runs, models->model, baseline, *gate);
  if (!scored) {
    return report(o.runs.empty() ? scored.error()
                                 : Error{fmt::format("{}: {}", o.runs, scored.error().message)});
  }
  if (const int code = write_outputs(o, *scored, *format)) return code;
  return scored->passed() ? kExitOk : kExitInfeasible;
}

}  // namespace fasdl::cli
