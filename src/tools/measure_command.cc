#include "measure_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "common.h"
#include "fasdl/accuracy/measure.h"
#include "fasdl/accuracy/reference_probe.h"
#include "fasdl/accuracy/validate.h"
#include "fasdl/fit/calibrate.h"
#include "fasdl/fit/fit.h"
#include "fasdl/fit/measure_fit.h"
#include "fasdl/formats/calibration_csv.h"
#include "fasdl/formats/compute_csv.h"
#include "fasdl/formats/files.h"
#include "fasdl/formats/transfer_csv.h"
#include "measure_output.h"
#include "parse_args.h"
#include "redis_option.h"
#include "vocabulary.h"

namespace fasdl::cli {

namespace {

void add_what_group(CLI::App* cmd, MeasureCommandOptions& o) {
  const std::string what = "What to measure";
  cmd->add_option("--memory", o.memory, "Function memory sizes, MB (each a CPU quota)")
      ->capture_default_str()
      ->group(what);
  cmd->add_option("--sizes", o.sizes, "Object sizes to upload and download, MB")
      ->capture_default_str()
      ->group(what);
  cmd->add_option("--batches", o.batches, "Mini-batch sizes to train")
      ->capture_default_str()
      ->group(what);
  cmd->add_option("--params-mb", o.params_mb, "The network's parameter vector S, MB")
      ->check(positive_number())
      ->capture_default_str()
      ->group(what);
  cmd->add_option("--repeats", o.repeats, "Timed bursts per point")
      ->check(whole_number(1, 100))
      ->capture_default_str()
      ->group(what);
  cmd->add_option("--burst", o.burst, "Seconds each burst of back-to-back operations lasts")
      ->check(number_between(0.0, 10.0))
      ->capture_default_str()
      ->group(what);
  cmd->add_option("--concurrency", o.concurrency, "Probes at once, each under its own quota")
      ->check(whole_number(1, 64))
      ->capture_default_str()
      ->group(what);
  cmd->add_option("--calibrate", o.calibrate,
                  "Calibration runs W:M:K,... (default: six spanning W up to --max-workers, "
                  "K = 1 to W and the memories)")
      ->group(what);
  cmd->add_option("--max-workers", o.max_workers, "W of the default calibration runs")
      ->check(whole_number(2, 64))
      ->capture_default_str()
      ->group(what);
  cmd->add_option("--calibration-iterations", o.calibration_iterations,
                  "Iterations of each calibration run (one epoch of that many global batches)")
      ->check(whole_number(2, 100'000))
      ->capture_default_str()
      ->group(what);
}

void add_workload_group(CLI::App* cmd, MeasureCommandOptions& o) {
  const std::string workload = "The workload written";
  cmd->add_option("--samples", o.samples, "D: samples of the synthetic data set")
      ->check(whole_number(1, 1'000'000'000))
      ->capture_default_str()
      ->group(workload);
  cmd->add_option("--epochs", o.epochs, "E: epochs")
      ->check(whole_number(1, 1'000'000))
      ->capture_default_str()
      ->group(workload);
  cmd->add_option("--batch", o.batch, "B: the aggregators' batch (sets the efficiency)")
      ->check(whole_number(1, 1'000'000))
      ->capture_default_str()
      ->group(workload);
  cmd->add_option("--max-global-batch", o.max_global, "G: cap on the global batch")
      ->check(whole_number(1, 1'000'000'000))
      ->capture_default_str()
      ->group(workload);
  cmd->add_option("--name", o.name, "Profile name")->capture_default_str()->group(workload);
}

void add_runtime_group(CLI::App* cmd, MeasureCommandOptions& o) {
  const std::string rt = "Runtime";
  cmd->add_option("--cpu-scale", o.cpu_scale, "Cores per function = scale x M / 1769")
      ->check(positive_number())
      ->capture_default_str()
      ->group(rt);
  cmd->add_option("--limits", o.limits, "auto: cgroup CPU quotas; none: unthrottled")
      ->check(CLI::IsMember({"auto", "none"}))
      ->capture_default_str()
      ->group(rt);
  add_redis_option(*cmd, o.redis,
                   "redis://HOST:PORT of a running Redis server (password: FASDL_REDIS_PASSWORD); "
                   "default: a private redis-server")
      ->group(rt);
  cmd->add_option("--seed", o.seed, "Seed of the probes' and calibration runs' data and weights")
      ->check(seed_number())
      ->capture_default_str()
      ->group(rt);
  cmd->add_option("--redis-server", o.redis_server, "The redis-server program")
      ->capture_default_str()
      ->group(rt);
}

}  // namespace

CLI::App* add_measure_command(CLI::App& app, MeasureCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "measure", "Profile this machine for fasdl-run: transfers, training steps and calibration");
  cmd->add_option("-o,--output", o.output,
                  "Folder for the measurements (CSV), profile.json, reference.json and "
                  "workload.json")
      ->required();
  add_what_group(cmd, o);
  add_workload_group(cmd, o);
  add_runtime_group(cmd, o);
  CLI::Option* from =
      cmd->add_option("--from", o.from,
                      "Fit again from the measurements in this folder (transfers.csv, "
                      "compute.csv, calibration.csv), with no probe and no run")
          ->check([](const std::string& dir) {
            return std::string(dir.empty() ? "expected a folder" : "");
          });
  // Nothing is measured or run from --from: the options of either would be ignored.
  for (const char* name :
       {"--memory", "--sizes", "--batches", "--repeats", "--burst", "--concurrency", "--calibrate",
        "--max-workers", "--calibration-iterations", "--limits", "--redis", "--store",
        "--redis-server"})
    from->excludes(cmd->get_option(name));
  add_quiet_flag(*cmd, &o.quiet);
  cmd->footer(
      "Times uploads and downloads of each size and training steps of each batch under the CPU\n"
      "quota of each memory (probes), fits the profile and the workload as `storage` and\n"
      "`compute` do, then trains a few short calibration runs (the K < W ones twice: again at\n"
      "the calibrated model's A) and fits the training level, the sync coefficients and the\n"
      "runtime's overheads. Writes to the folder: transfers.csv, compute.csv,\n"
      "calibration.csv, profile.json (with platform.overheads), reference.json (the reference\n"
      "form: sync alone) and workload.json. Takes minutes; see docs/accuracy.md. With\n"
      "--from, fits a folder's measurements again in a second (what CI does with\n"
      "docs/accuracy), with the workload options they were measured with.\n"
      "Exit codes: 0 written, 2 bad input, 3 a probe or a run failed or was interrupted.\n"
      "Examples:\n  fasdl-profile measure --memory 512,1024,1769 --sizes 0.5:4:0.5 -o local\n"
      "  fasdl-profile measure --from local -o refit");
  return cmd;
}

namespace {

// A list of numbers from `lo` to `hi`, whole ones when T is an integer type.
template <typename T>
Expected<std::vector<T>> list_of(std::string_view name, std::string_view text, double lo,
                                 double hi) {
  const auto values = parse_size_list(text);
  if (!values) return Error{fmt::format("{}: {}", name, values.error().message)};
  std::vector<T> out;
  for (const double v : *values) {
    if (!(v >= lo && v <= hi)) {  // before any cast: out of range it is undefined
      return Error{fmt::format("{}: expected numbers from {} to {}, got {}", name, lo, hi, v)};
    }
    if (static_cast<double>(static_cast<T>(v)) != v) {
      return Error{fmt::format("{}: expected whole numbers, got {}", name, v)};
    }
    out.push_back(static_cast<T>(v));
  }
  return out;
}

// What a calibration run needs before minutes of probes are spent: a memory
// that was measured, at least one iteration, and W B within the global batch.
std::optional<Error> check_calibration(const Config& c, const MeasureCommandOptions& o,
                                       const std::vector<int>& memories) {
  const auto [lowest, highest] = std::minmax_element(memories.begin(), memories.end());
  const auto where = fmt::format("--calibrate: {}:{}:{}", c.workers, c.memory_mb, c.aggregators);
  if (c.memory_mb < *lowest || c.memory_mb > *highest) {
    return Error{fmt::format("{}: expected a memory within the measured {} to {} MB", where,
                             *lowest, *highest)};
  }
  if (o.batch * c.workers > o.max_global) {
    return Error{fmt::format("{}: W x --batch = {} exceeds --max-global-batch {}", where,
                             o.batch * c.workers, o.max_global)};
  }
  if (o.samples < o.batch * c.workers) {
    return Error{fmt::format("{}: --samples {} is less than one iteration of W x --batch = {}",
                             where, o.samples, o.batch * c.workers)};
  }
  return std::nullopt;
}

}  // namespace

namespace {

// What the probes measure, from the options: the lists, the network, the limits, the store.
Expected<MeasureOptions> measure_options(const MeasureCommandOptions& o) {
  MeasureOptions m;
  auto memories = list_of<int>("--memory", o.memory, 128, 10240);
  if (!memories) return memories.error();
  m.memories_mb = *memories;
  auto sizes = list_of<double>("--sizes", o.sizes, 1e-5, 10240);
  if (!sizes) return sizes.error();
  m.sizes_mb = *sizes;
  auto batches = list_of<long long>("--batches", o.batches, 1, 1e6);
  if (!batches) return batches.error();
  m.batches = *batches;
  auto shape = network_for(o.params_mb);
  if (!shape) return shape.error();
  m.network = *shape;
  m.data.inputs = m.network.inputs;
  m.data.classes = m.network.classes;
  m.data.samples = o.samples;
  m.data.seed = o.seed;
  m.cpu_scale = o.cpu_scale;
  m.concurrency = o.concurrency;
  m.repeats = o.repeats;
  m.burst_seconds = o.burst;
  auto limits = limits_from_string(o.limits);
  if (!limits) return limits.error();
  m.limits = *limits;
  m.redis_server = o.redis_server;
  if (!o.redis.empty()) {
    auto server = redis_server_of(o.redis);
    if (!server) return server.error();
    m.store = server->address;
    m.store_password = server->password;
  }
  return m;
}

// The calibration runs, checked against the measured memories and the machine's cores.
Expected<std::vector<Config>> calibration_runs_of(const MeasureCommandOptions& o,
                                                  const MeasureOptions& m) {
  std::vector<Config> calibration = default_calibration(m.memories_mb, o.max_workers);
  if (!o.calibrate.empty()) {
    auto configs = parse_configs(o.calibrate);
    if (!configs) return Error{fmt::format("--calibrate: {}", configs.error().message)};
    calibration = *configs;
  }
  if (calibration.size() < 2) {
    return Error{fmt::format("--calibrate: expected at least 2 runs, got {}", calibration.size())};
  }
  if (const std::size_t i = first_repeat(calibration); i < calibration.size()) {
    const Config& c = calibration[i];
    return Error{fmt::format("--calibrate: {}:{}:{} is listed twice", c.workers, c.memory_mb,
                             c.aggregators)};
  }
  const double cores = machine_cores() - kReservedCores;
  double probe_cores = 0;  // every memory's probes run at once
  for (const int memory : m.memories_mb)
    probe_cores += o.concurrency * worker_cores(memory, o.cpu_scale);
  if (probe_cores > cores) {
    return Error{
        fmt::format("--cpu-scale: the probes of every memory at once need {:.2f} cores "
                    "and {:.2f} are free, so their quotas would not hold; lower "
                    "--cpu-scale or --concurrency, or measure fewer memories",
                    probe_cores, cores)};
  }
  for (const Config& c : calibration) {
    if (auto e = check_calibration(c, o, m.memories_mb)) return *e;
    if (auto e = check_cpu_fit(c, o.cpu_scale, cores)) {
      return Error{fmt::format("--cpu-scale: calibration run {}:{}:{}: {}", c.workers, c.memory_mb,
                               c.aggregators, e->message)};
    }
  }
  return calibration;
}

// How the calibration runs train: as the probes measured, with the fitted prices.
LocalRunSettings calibration_settings(const MeasureCommandOptions& o, const MeasureOptions& m,
                                      const Profile& profile, const std::string& self) {
  LocalRunSettings settings;
  settings.store = m.store;
  settings.store_password = m.store_password;
  settings.redis_server = o.redis_server;
  settings.worker_program = self;
  settings.cpu_scale = o.cpu_scale;
  settings.limits = m.limits;
  settings.network = m.network;
  settings.data = m.data;
  settings.seed = o.seed;
  settings.learning_rate = kDefaultLearningRate;
  settings.epochs = 1;
  settings.prices = profile.prices;
  settings.profile_name = profile.name;
  settings.notice = m.notice;
  return settings;
}

}  // namespace

int run_measure(const MeasureCommandOptions& o) {
  if (!o.from.empty()) return run_measure_from(o);
  auto options = measure_options(o);
  if (!options) return report(options.error());
  MeasureOptions& m = *options;
  const auto calibration = calibration_runs_of(o, m);
  if (!calibration) return report(calibration.error());
  std::error_code ec;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (ec) return report({fmt::format("cannot find this program for the probes: {}", ec.message())});
  std::filesystem::create_directories(o.output, ec);
  if (ec) return report({fmt::format("{}: cannot create the folder: {}", o.output, ec.message())});
  m.probe_program = self;
  m.probe_arguments = {"probe"};
  m.notice = [&](std::string_view line) {
    if (!o.quiet) print_diagnostic(fmt::format("fasdl-profile: {}", line));
  };

  // The machine's speed now, against which fasdl-validate corrects its runs'
  // (reference_probe.h): before the probes, after them and after the calibration.
  ReferenceWork reference_work;
  reference_work.network = m.network;
  std::vector<double> reference_seconds{time_reference(reference_work)};
  auto measured = measure_machine(m);
  reference_seconds.push_back(time_reference(reference_work));
  if (!measured) {
    report(measured.error());
    return kExitRunFailed;
  }
  const std::string dir = o.output + "/";
  for (const auto& [file, text] : {std::pair{"transfers.csv", transfers_csv(measured->transfers)},
                                   {"compute.csv", compute_csv(measured->compute)}}) {
    if (auto w = write_file(dir + file, text); !w) return report_write_failure(w.error());
  }
  auto fits =
      fit_probes(o, *measured, m.network,
                 fmt::format(" ({}); objects through {}; measured by fasdl-profile "
                             "measure ({} at once)",
                             measured->throttle,
                             o.redis.empty() ? "a private redis-server" : o.redis, o.concurrency),
                 dir);
  if (!fits) return report(fits.error());
  auto calibration_runs =
      calibrate_by_runs(fits->profile, fits->workload, *calibration,
                        calibration_settings(o, m, fits->profile, self), o.calibration_iterations);
  if (!calibration_runs) {
    report(calibration_runs.error());
    return kExitRunFailed;
  }
  reference_seconds.push_back(time_reference(reference_work));
  std::sort(reference_seconds.begin(), reference_seconds.end());
  fits->profile.reference_probe = ReferenceProbe{reference_seconds[1], describe(reference_work)};
  const std::string csv = calibration_csv(calibration_runs->runs);
  if (auto w = write_file(dir + "calibration.csv", csv); !w) return report_write_failure(w.error());
  return write_calibrated(o, fits->profile, *calibration_runs);
}

}  // namespace fasdl::cli
