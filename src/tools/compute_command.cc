#include "compute_command.h"

#include <fmt/format.h>

#include <cmath>

#include "common.h"
#include "fasdl/fit/compute_fit.h"
#include "fasdl/fit/fit.h"
#include "fasdl/formats/compute_csv.h"
#include "fasdl/formats/files.h"
#include "fasdl/formats/fit_report.h"
#include "fasdl/formats/plan_format.h"
#include "fasdl/formats/workload_json.h"
#include "fasdl/model/model.h"
#include "parse_args.h"
#include "vocabulary.h"

namespace fasdl::cli {

CLI::App* add_compute_command(CLI::App& app, ComputeOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "compute", "Write a workload whose compute and flattening coefficients fit timed steps");
  cmd->add_option("-i,--input", o.input,
                  "Timed steps: CSV batch,memory_mb,train_seconds,flatten_seconds")
      ->required();
  cmd->add_option("-o,--output", o.output, "Workload to write (JSON); '-' for stdout")->required();
  cmd->add_option("--model-mb", o.model_mb, "S: MB of the exchanged parameter vector")
      ->required()
      ->check(positive_number());
  cmd->add_option("--samples", o.samples, "D: training samples in the data set")
      ->required()
      ->check(whole_number(1, 1'000'000'000'000));
  cmd->add_option("--epochs", o.epochs, "E: epochs")->required()->check(whole_number(1, 1'000'000));
  cmd->add_option("--name", o.name, "Workload name")->capture_default_str();
  cmd->add_option("--description", o.description, "One line on the workload (default: its source)");
  cmd->add_option("--efficiency", o.batch.efficiency,
                  "gamma in (0, 1): B = round(b / (1 / gamma - 1))")
      ->check(number_between(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--max-global-batch", o.batch.max_global, "G: cap on the global batch, samples")
      ->check(whole_number(1, 1'000'000'000'000))
      ->capture_default_str();
  cmd->add_option("--law", o.law,
                  "Compute law: memory (speed grows with M) or vcpu (speed follows the vCPUs the "
                  "training threads can use: M' = min(M, mb-per-vcpu x min(max-vcpus, threads)))")
      ->check(CLI::IsMember({"memory", "vcpu"}))
      ->capture_default_str();
  cmd->add_option("--threads", o.threads, "Training threads the framework uses (law vcpu)")
      ->check(whole_number(1, 1024));
  cmd->add_option("--mb-per-vcpu", o.cpu.mb_per_vcpu, "MB of memory per vCPU (law vcpu)")
      ->check(positive_number())
      ->capture_default_str();
  cmd->add_option("--max-vcpus", o.cpu.max_vcpus, "Most vCPUs of a function (law vcpu)")
      ->check(positive_number())
      ->capture_default_str();
  cmd->add_option("--fix-m", o.fix_m,
                  "Hold m at this value (MB) and fit a and b alone, e.g. 0 when CPU is "
                  "exactly proportional to memory");
  add_quiet_flag(*cmd);
  cmd->add_option("--format", o.format, "Fit report: table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  cmd->footer(
      "Fits T_train = a (B + b) / (M + m) and T_trans = k1 M^k2 by Levenberg-Marquardt on "
      "relative\n"
      "residuals and writes them with their covariance. Needs 3 or more memory sizes and 2 or\n"
      "more batch sizes. With -o -, the workload goes to stdout and the report to stderr.\n"
      "Exit codes: 0 written, 1 the fit did not converge, 2 bad input or data that cannot\n"
      "determine the coefficients.\n"
      "Example:\n  fasdl-profile compute -i compute.csv --model-mb 89.7 --samples 50000 --epochs "
      "10 "
      "--name my-resnet50 -o my-resnet50.json");
  return cmd;
}

int run_compute(const ComputeOptions& o) {
  const auto format = output_format_from_string(o.format);
  if (!format) return report(format.error());
  if (!(o.batch.efficiency > 0 && o.batch.efficiency < 1)) {
    return report({fmt::format("--efficiency: expected a number strictly between 0 and 1, got {}",
                               o.batch.efficiency)});
  }
  const auto text = read_file(o.input);
  if (!text) return report(text.error());
  const auto samples = parse_compute_csv(*text, o.input);
  if (!samples) return report(samples.error());
  FitOptions fit_options;
  if (o.law == "vcpu") {
    if (o.threads < 1)
      return report({"--law vcpu needs --threads: the training threads the framework uses"});
    fit_options.memory_cap =
        o.cpu.mb_per_vcpu * std::min(o.cpu.max_vcpus, static_cast<double>(o.threads));
  } else if (o.threads > 0) {
    return report({"--threads applies to --law vcpu only"});
  }
  if (o.fix_m && !std::isfinite(*o.fix_m)) {
    return report({fmt::format("--fix-m: expected a finite number of MB, got {}", *o.fix_m)});
  }
  fit_options.fixed_m = o.fix_m;
  const ComputeFit compute = fit_compute(*samples, fit_options);
  const FlattenFit flatten = fit_flatten(*samples);
  for (const auto& [law, status, reason] :
       {std::tuple{"training", compute.status, compute.reason},
        std::tuple{"flattening", flatten.status, flatten.reason}}) {
    if (status == FitStatus::kRefused) {
      return report({fmt::format("{}: cannot fit the {} law: {}", o.input, law, reason)});
    }
    if (status == FitStatus::kNotConverged) {
      report({fmt::format("{}: the {} fit did not converge: {}", o.input, law, reason)});
      return kExitInfeasible;
    }
  }
  Workload w;
  w.name = o.name;
  w.description =
      !o.description.empty()
          ? o.description
          : fmt::format("fitted by fasdl-profile compute to {} timed steps", samples->size());
  w.model_mb = o.model_mb;
  w.samples = o.samples;
  w.epochs = o.epochs;
  w.compute = compute.coefficients;
  if (o.law == "vcpu") {
    w.compute.law = ComputeLaw::kVcpu;
    w.compute.threads = o.threads;
  }
  w.flatten = flatten.coefficients;
  w.batch = o.batch;
  std::vector<std::string> warnings = compute.warnings;
  warnings.insert(warnings.end(), flatten.warnings.begin(), flatten.warnings.end());
  if (const long long b = aggregator_batch(w.compute.b, w.batch.efficiency); b < 1) {
    warnings.push_back(
        fmt::format("b = {:.4g} with efficiency {} gives an aggregator batch B = {}; "
                    "plans need B >= 1",
                    w.compute.b, w.batch.efficiency, b));
  }
  const std::string json = workload_to_json(w);
  const auto check = parse_workload(json, o.output);  // what we write must load
  if (!check) return report(check.error());
  const bool report_on_stderr = o.output == "-";
  if (report_on_stderr) {
    out(json);
  } else if (auto written = write_file(o.output, json); !written) {
    return report_write_failure(written.error());
  }
  out_or_stderr(format_compute_fits(compute, flatten, *format), report_on_stderr);
  for (const std::string& warning : warnings) {
    warn(fmt::format("{}: {}", o.input, warning));
  }
  return kExitOk;
}

}  // namespace fasdl::cli
