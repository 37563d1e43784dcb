// Fit reports as tables for people, JSON for programs and CSV for spreadsheets.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "fasdl/base/output_format.h"
#include "fasdl/fit/compute_fit.h"
#include "fasdl/fit/fit.h"
#include "fasdl/fit/transfer_fit.h"
#include "formats/json_writer.h"

namespace fasdl {

namespace {

using Json = nlohmann::ordered_json;

std::string outlier_sizes(const LineFit& f, std::string_view separator) {
  std::string out;
  for (const LineOutlier& o : f.outliers) {
    out += (out.empty() ? "" : std::string(separator)) + text::number(o.size_mb);
  }
  return out;
}

Json line_json(const LineFit& f) {
  Json j;
  j["direction"] = to_string(f.direction);
  j["memory_mb"] = f.memory_mb;
  j["points"] = f.points;
  j["measurements"] = f.measurements;
  j["status"] = to_string(f.status);
  if (f.status != FitStatus::kOk) {
    j["reason"] = f.reason;
    return j;
  }
  j["latency_s"] = f.latency_s;
  j["bandwidth_mb_per_s"] = f.bandwidth_mb_per_s;
  j["r_squared"] = f.r_squared;
  j["max_relative_error"] = f.max_relative_error;
  j["outliers"] = Json::array();
  for (const LineOutlier& o : f.outliers) {
    j["outliers"].push_back({{"size_mb", o.size_mb},
                             {"seconds", o.seconds},
                             {"fitted", o.fitted},
                             {"deviations", o.deviations}});
  }
  return j;
}

// Fixed decimals while they fit a column; exponent form beyond 10^9, where fixed
// decimals would print a hundred digits.
std::string cell(double v, int width, int decimals) {
  return std::fabs(v) < 1e9 ? fmt::format("{:>{}.{}f}", v, width, decimals)
                            : fmt::format("{:>{}.4g}", v, width);
}

std::string line_table(const std::vector<LineFit>& fits) {
  std::string out =
      "Line fits per memory column: seconds = latency + size / bandwidth\n"
      "direction  memory (MB)  points  latency (s)  bandwidth (MB/s)     R^2  max rel err  "
      "outliers (size MB)\n";
  for (const LineFit& f : fits) {
    out += fmt::format("{:<9}  {:>11}  {:>6}  ", to_string(f.direction), f.memory_mb, f.points);
    if (f.status != FitStatus::kOk) {
      out += fmt::format("{}: {}\n", to_string(f.status), f.reason);
      continue;
    }
    const std::string outliers = outlier_sizes(f, ", ");
    out += fmt::format("{}  {}  {:>6.4f}  {}%  {}\n", cell(f.latency_s, 11, 4),
                       cell(f.bandwidth_mb_per_s, 16, 2), f.r_squared,
                       cell(100 * f.max_relative_error, 10, 1), outliers.empty() ? "-" : outliers);
  }
  return out;
}

std::string line_csv(const std::vector<LineFit>& fits) {
  std::string out =
      "direction,memory_mb,points,measurements,status,latency_s,bandwidth_mb_per_s,r_squared,"
      "max_relative_error,outlier_sizes_mb\n";
  for (const LineFit& f : fits) {
    out += fmt::format("{},{},{},{},{}", to_string(f.direction), f.memory_mb, f.points,
                       f.measurements, to_string(f.status));
    if (f.status != FitStatus::kOk) {
      out += ",,,,,\n";
      continue;
    }
    out += fmt::format(",{},{},{},{},{}\n", text::number(f.latency_s),
                       text::number(f.bandwidth_mb_per_s), text::number(f.r_squared),
                       text::number(f.max_relative_error), outlier_sizes(f, ";"));
  }
  return out;
}

struct Coefficient {
  const char* name;
  double value;
  double standard_error;
  const char* unit;
};

// `batch_sizes` < 0: not a training fit.
template <class Fit>
Json fit_json(const Fit& f, std::vector<Coefficient> coefficients, int batch_sizes) {
  Json j;
  j["status"] = to_string(f.status);
  if (f.status != FitStatus::kOk) j["reason"] = f.reason;
  if (f.status == FitStatus::kOk) {
    Json errors;
    for (const Coefficient& c : coefficients) {
      j[c.name] = c.value;
      errors[c.name] = c.standard_error;
    }
    j["standard_errors"] = errors;
    j["r_squared"] = f.r_squared;
    j["max_relative_error"] = f.max_relative_error;
  }
  j["samples"] = f.samples;
  j["memory_sizes"] = f.memory_sizes;
  if (batch_sizes >= 0) j["batch_sizes"] = batch_sizes;
  j["warnings"] = f.warnings;
  return j;
}

template <class Fit>
std::string fit_table(const Fit& f, std::string_view title, std::vector<Coefficient> coefficients) {
  std::string out = fmt::format("{}\n", title);
  if (f.status != FitStatus::kOk)
    return out + fmt::format("  {}: {}\n", to_string(f.status), f.reason);
  for (const Coefficient& c : coefficients) {
    out += fmt::format("  {:<3} = {:>12.6g} +- {:<10.3g} {}\n", c.name, c.value, c.standard_error,
                       c.unit);
  }
  out += fmt::format("  R^2 = {:.5f}, largest relative error {:.2f}%\n", f.r_squared,
                     100 * f.max_relative_error);
  for (const std::string& w : f.warnings)
    out += fmt::format("  warning: {}\n", w);
  return out;
}

}  // namespace

std::string format_line_fits(const std::vector<LineFit>& fits, OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson: {
      Json j;
      j["fits"] = Json::array();
      for (const LineFit& f : fits)
        j["fits"].push_back(line_json(f));
      return json_out::dump(j);
    }
    case OutputFormat::kCsv:
      return line_csv(fits);
    case OutputFormat::kTable:
      break;
  }
  return line_table(fits);
}

std::string format_compute_fits(const ComputeFit& compute, const FlattenFit& flatten,
                                OutputFormat format) {
  const auto& c = compute.coefficients;
  const auto& e = compute.standard_errors;
  const std::vector<Coefficient> abm = {
      {"a", c.a, e[0], "MB-s per sample"}, {"b", c.b, e[1], "samples"}, {"m", c.m, e[2], "MB"}};
  const std::vector<Coefficient> k = {
      {"k1", flatten.coefficients.k1, flatten.standard_errors[0], "s per MB^k2"},
      {"k2", flatten.coefficients.k2, flatten.standard_errors[1], ""}};
  if (format == OutputFormat::kTable) {
    const std::string train = fmt::format(
        "Training step: T = a (B + b) / (M + m), {} samples at {} memory sizes and {} "
        "batch sizes",
        compute.samples, compute.memory_sizes, compute.batch_sizes);
    const std::string flat = fmt::format("Flattening: T = k1 M^k2, {} samples at {} memory sizes",
                                         flatten.samples, flatten.memory_sizes);
    return fit_table(compute, train, abm) + fit_table(flatten, flat, k);
  }
  const Json jc = fit_json(compute, abm, compute.batch_sizes);
  const Json jf = fit_json(flatten, k, -1);
  if (format == OutputFormat::kJson) {
    Json j;
    j["compute"] = jc;
    j["flatten"] = jf;
    return json_out::dump(j);
  }
  std::string out = "law,coefficient,value,standard_error,r_squared,max_relative_error\n";
  const auto rows = [&out](std::string_view law, const auto& fit, const auto& coefficients) {
    if (fit.status != FitStatus::kOk) return;
    for (const Coefficient& co : coefficients) {
      out += fmt::format("{},{},{},{},{},{}\n", law, co.name, text::number(co.value),
                         text::number(co.standard_error), text::number(fit.r_squared),
                         text::number(fit.max_relative_error));
    }
  };
  rows("compute", compute, abm);
  rows("flatten", flatten, k);
  return out;
}

}  // namespace fasdl
