#include "measure_output.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <optional>

#include "common.h"
#include "fasdl/base/output_format.h"
#include "fasdl/fit/calibrate.h"
#include "fasdl/fit/measure_fit.h"
#include "fasdl/formats/calibration_csv.h"
#include "fasdl/formats/compute_csv.h"
#include "fasdl/formats/files.h"
#include "fasdl/formats/fit_report.h"
#include "fasdl/formats/profile_json.h"
#include "fasdl/formats/transfer_csv.h"
#include "fasdl/formats/workload_json.h"
#include "fasdl/runtime/run.h"

namespace fasdl::cli {

namespace {

std::string calibration_report(const Calibration& c) {
  std::string out = fmt::format(
      "Calibration runs: measured period against the fitted one (relative RMS {:.1f}%; the "
      "reference form's sync alone {:.1f}%)\n  {:>3} {:>5} {:>3} {:>4} {:>4} {:>5} {:>9} {:>9} "
      "{:>9} {:>9}\n",
      100 * c.rms_relative_error, 100 * c.reference_rms_relative_error, "W", "M", "K", "B", "A",
      "I", "T_ref", "fitted", "period", "outside");
  for (const CalibrationPoint& p : c.points) {
    const CalibrationRun& r = p.run;
    out += fmt::format(
        "  {:>3} {:>5} {:>3} {:>4} {:>4} {:>5} {:>8.4f}s {:>8.4f}s {:>8.4f}s "
        "{:>8.3f}s\n",
        r.config.workers, r.config.memory_mb, r.config.aggregators, r.batch_aggregator,
        r.batch_other, r.iterations, p.reference_iteration, p.fitted_period, r.period,
        r.seconds - static_cast<double>(r.iterations) * r.period);
  }
  const Overheads& o = c.overheads;
  out += fmt::format(
      "Overheads: averaging {:.4g} MB-s per MB, bookkeeping {:.4g} MB-s per iteration, start "
      "{:.4g} s + {:.4g} MB-s, wait {:.4g} of the others' extra training; sync with them "
      "c_sync = {:.4g} s/MB, f_0 = {:.4g} MB\n"
      "Reference form: c_sync = {:.4g} s/MB, f_0 = {:.4g} MB\n",
      o.aggregation_mb_seconds_per_mb, o.iteration_mb_seconds, o.start_seconds, o.start_mb_seconds,
      o.wait_fraction, c.sync.seconds_per_mb, c.sync.offset_mb, c.reference_sync.seconds_per_mb,
      c.reference_sync.offset_mb);
  out += "Standard errors (effect: the 95% interval's share of the median period)\n";
  for (const CoefficientUncertainty& u : c.uncertainties) {
    // An undetermined coefficient's error may be beyond a double: never printed as inf.
    const bool finite = std::isfinite(u.standard_error) && std::isfinite(u.effect);
    out += finite ? fmt::format("  {:<7} {:>11.4g} +- {:<11.4g} effect {:>6.2f}%\n", u.name,
                                u.value, u.standard_error, 100 * u.effect)
                  : fmt::format("  {:<7} {:>11.4g} +- (not determined)\n", u.name, u.value);
  }
  return out;
}

// The rows of the CSV file at `path`; errors name it.
template <typename Parse>
auto read_rows(const std::string& path, Parse parse) -> decltype(parse("", path)) {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse(*text, path);
}

// The options measure --from cannot read from the CSV files, against the
// documents that measuring wrote beside them (when they are there).
std::optional<Error> check_measured_with(const MeasureCommandOptions& o, const std::string& dir,
                                         const NetworkShape& network) {
  const auto differs = [](const std::string& file, std::string_view key, auto written,
                          std::string_view option, auto given) {
    return Error{
        fmt::format("{}: {}: measured with {}, but {} is {}; give --from the options "
                    "the folder was measured with",
                    file, key, written, option, given)};
  };
  if (const std::string path = dir + "workload.json"; std::filesystem::exists(path)) {
    auto w = load_workload(path);
    if (!w) return w.error();
    if (std::abs(w->model_mb - network.megabytes()) > 1e-9 * w->model_mb) {
      return differs(path, "model_mb", w->model_mb, "--params-mb's network", network.megabytes());
    }
    if (w->samples != o.samples)
      return differs(path, "samples", w->samples, "--samples", o.samples);
    if (w->epochs != o.epochs) return differs(path, "epochs", w->epochs, "--epochs", o.epochs);
    if (const long long b = aggregator_batch(w->compute.b, w->batch.efficiency); b != o.batch)
      return differs(path, "batch.efficiency", fmt::format("B = {}", b), "--batch", o.batch);
    if (w->batch.max_global != o.max_global) {
      return differs(path, "batch.max_global", w->batch.max_global, "--max-global-batch",
                     o.max_global);
    }
  }
  if (const std::string path = dir + "profile.json"; std::filesystem::exists(path)) {
    auto p = load_profile(path);
    if (!p) return p.error();
    if (const auto scale = measured_cpu_scale(*p)) {
      if (std::abs(*scale - o.cpu_scale) > 1e-9 * o.cpu_scale) {
        return differs(path, "platform.cpu.mb_per_vcpu", fmt::format("scale {:.6g}", *scale),
                       "--cpu-scale", o.cpu_scale);
      }
    }
  }
  return std::nullopt;
}

}  // namespace

Expected<ProbeFits> fit_probes(const MeasureCommandOptions& o, const MachineMeasurements& rows,
                               const NetworkShape& network, std::string_view how,
                               std::string_view origin) {
  MeasuredProfileSpec ps;
  ps.name = o.name;
  ps.cpu_scale = o.cpu_scale;
  ps.cores = machine_cores();
  ps.description = fmt::format(
      "This machine for fasdl-run: functions of M MB get {} x M / 1769 cores{}; AWS prices",
      o.cpu_scale, how);
  auto profile = measured_profile(rows.transfers, ps);
  if (!profile) return Error{fmt::format("{}transfers.csv: {}", origin, profile.error().message)};
  MeasuredWorkloadSpec ws;
  ws.name = fmt::format("local-mlp-{}mb", o.params_mb);
  ws.model_mb = network.megabytes();
  ws.samples = o.samples;
  ws.epochs = o.epochs;
  ws.batch = o.batch;
  ws.max_global = o.max_global;
  ws.description = fmt::format(
      "fasdl-run's dense network ({} x {} hidden, {} inputs, {} classes) on {} synthetic samples; "
      "fitted by fasdl-profile measure to {} timed steps",
      network.hidden_layers, network.width, network.inputs, network.classes, o.samples,
      rows.compute.size());
  auto workload = measured_workload(rows.compute, ws);
  if (!workload) return Error{fmt::format("{}compute.csv: {}", origin, workload.error().message)};
  out(format_compute_fits(workload->compute, workload->flatten, OutputFormat::kTable));
  return ProbeFits{std::move(profile).value(), std::move(workload->workload)};
}

int write_calibrated(const MeasureCommandOptions& o, const Profile& profile,
                     const TwoPassCalibration& calibration) {
  const auto& [runs, fitted, level, scaled] = calibration;
  out("\nTraining level: the calibration runs' aggregators train at {:.4f} of the steps' "
      "law; a = {:.6g} MB-s per sample\n",
      level, scaled.compute.a);
  out("\n{}", calibration_report(fitted));
  Profile reference = calibrated(profile, fitted, false);
  reference.name = o.name + "-reference";
  reference.description += "; the reference form (sync fitted alone)";
  const Profile full = calibrated(profile, fitted, true);
  const std::string dir = o.output + "/";
  for (const auto& [file, text] : {std::pair{"profile.json", profile_to_json(full)},
                                   {"reference.json", profile_to_json(reference)},
                                   {"workload.json", workload_to_json(scaled)}}) {
    if (auto w = write_file(dir + file, text); !w) return report_write_failure(w.error());
  }
  out("\nWrote {}profile.json, reference.json and workload.json\n", dir);
  return kExitOk;
}

int run_measure_from(const MeasureCommandOptions& o) {
  auto network = network_for(o.params_mb);
  if (!network) return report(network.error());
  const std::string dir = o.from + "/";
  if (auto e = check_measured_with(o, dir, *network)) return report(*e);
  MachineMeasurements rows;
  auto transfers = read_rows(dir + "transfers.csv", parse_transfer_csv);
  if (!transfers) return report(transfers.error());
  rows.transfers = std::move(transfers).value();
  auto compute = read_rows(dir + "compute.csv", parse_compute_csv);
  if (!compute) return report(compute.error());
  rows.compute = std::move(compute).value();
  auto runs = read_rows(dir + "calibration.csv", parse_calibration_csv);
  if (!runs) return report(runs.error());
  std::error_code ec;
  std::filesystem::create_directories(o.output, ec);
  if (ec) return report({fmt::format("{}: cannot create the folder: {}", o.output, ec.message())});
  auto fits =
      fit_probes(o, rows, *network,
                 fmt::format("; fitted again by fasdl-profile measure --from {}", o.from), dir);
  if (!fits) return report(fits.error());
  // The reference probe was timed when measuring: the folder's profile keeps it.
  if (const std::string path = dir + "profile.json"; std::filesystem::exists(path)) {
    auto measured = load_profile(path);
    if (!measured) return report(measured.error());
    fits->profile.reference_probe = measured->reference_probe;
  }
  auto calibration = fit_two_passes(fits->profile, fits->workload, std::move(runs).value());
  if (!calibration) {
    return report({fmt::format("{}calibration.csv: {}", dir, calibration.error().message)});
  }
  return write_calibrated(o, fits->profile, *calibration);
}

}  // namespace fasdl::cli
