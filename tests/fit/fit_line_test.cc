#include <catch2/catch.hpp>
#include <cmath>

#include "fasdl/base/output_format.h"
#include "fasdl/fit/fit.h"
#include "fasdl/fit/transfer_fit.h"
#include "fasdl/formats/fit_report.h"

using namespace fasdl;

namespace {

// Both directions over the given memory sizes, seconds = latency + size / bandwidth
// with bandwidth growing with memory, optionally bent at one point.
TransferTable planted_table(double bend_size = 0, double bend_factor = 1) {
  std::vector<Measurement> rows;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    for (const int memory : {512, 1024, 2048}) {
      const double latency = d == Direction::kUpload ? 0.05 : 0.02;
      const double bandwidth = 20 + memory / 30.0;
      for (const double size : {1.0, 2.0, 4.0, 8.0, 16.0, 24.0, 32.0, 50.0}) {
        double seconds = latency + size / bandwidth;
        if (size == bend_size && memory == 1024 && d == Direction::kUpload) seconds *= bend_factor;
        rows.push_back({d, memory, size, seconds, "t"});
      }
    }
  }
  return TransferTable::from_measurements(rows, "t").value();
}

}  // namespace

TEST_CASE("fit: planted latency and bandwidth are recovered exactly from an exact line", "[fit]") {
  const auto fits = fit_transfer_lines(planted_table());
  REQUIRE(fits.size() == 6);
  for (const LineFit& f : fits) {
    INFO(to_string(f.direction) << " " << f.memory_mb);
    REQUIRE(f.status == FitStatus::kOk);
    CHECK(f.latency_s == Approx(f.direction == Direction::kUpload ? 0.05 : 0.02).epsilon(1e-9));
    CHECK(f.bandwidth_mb_per_s == Approx(20 + f.memory_mb / 30.0).epsilon(1e-9));
    CHECK(f.r_squared == Approx(1).epsilon(1e-12));
    CHECK(f.max_relative_error < 1e-9);
    CHECK(f.outliers.empty());
    CHECK(f.points == 8);
    CHECK(f.measurements == 8);
  }
  CHECK(fits.front().direction == Direction::kUpload);
  CHECK(fits.front().memory_mb == 512);
  CHECK(fits.back().direction == Direction::kDownload);
  CHECK(fits.back().memory_mb == 2048);
}

TEST_CASE("fit: a point planted 50% slow is the only outlier beyond 3 MADs", "[fit]") {
  const auto fits = fit_transfer_lines(planted_table(16, 1.5));
  for (const LineFit& f : fits) {
    const bool bent = f.direction == Direction::kUpload && f.memory_mb == 1024;
    INFO(to_string(f.direction) << " " << f.memory_mb);
    if (!bent) {
      CHECK(f.outliers.empty());
      continue;
    }
    REQUIRE(f.outliers.size() == 1);
    CHECK(f.outliers[0].size_mb == 16);
    CHECK(f.outliers[0].deviations > 3);
    CHECK(f.r_squared < 1);
    // The bent point is 50% above its line's value; the fit sits between.
    CHECK(f.max_relative_error > 0.2);
  }
}

TEST_CASE("fit: a column whose seconds fall with size is refused with the reason", "[fit]") {
  std::vector<Measurement> rows = {{Direction::kUpload, 512, 1, 0.5, "t"},
                                   {Direction::kUpload, 512, 2, 0.4, "t"},
                                   {Direction::kDownload, 512, 1, 0.1, "t"},
                                   {Direction::kDownload, 512, 2, 0.2, "t"}};
  const auto fits = fit_transfer_lines(TransferTable::from_measurements(rows, "t").value());
  REQUIRE(fits.size() == 2);
  CHECK(fits[0].status == FitStatus::kRefused);
  CHECK(fits[0].reason ==
        "seconds do not grow with the object size (slope -0.1 s/MB); no positive bandwidth");
  CHECK(fits[1].status == FitStatus::kOk);
  CHECK(fits[1].bandwidth_mb_per_s == Approx(10));
  CHECK(fits[1].latency_s == Approx(0).margin(1e-12));
}

TEST_CASE("fit: repeats are combined by median and their count and spread kept", "[fit]") {
  std::vector<Measurement> rows;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    for (const double s : {0.10, 0.12, 0.50})
      rows.push_back({d, 512, 1, s, "t"});
    for (const double s : {0.20, 0.21})
      rows.push_back({d, 512, 2, s, "t"});
  }
  const TransferTable table = TransferTable::from_measurements(rows, "t").value();
  const TransferColumn& c = table.columns(Direction::kUpload)[0];
  CHECK(c.seconds[0] == 0.12);
  CHECK(c.seconds[1] == Approx(0.205));
  CHECK(c.repeats == std::vector<int>{3, 2});
  CHECK(c.mad[0] == Approx(0.02));
  CHECK(c.mad[1] == Approx(0.005));
  CHECK(fit_transfer_lines(table)[0].measurements == 5);
}

TEST_CASE("fit: line reports are tables, JSON and CSV", "[fit]") {
  const auto fits = fit_transfer_lines(planted_table(16, 1.5));
  const std::string table = format_line_fits(fits, OutputFormat::kTable);
  CHECK_THAT(table, Catch::Contains("seconds = latency + size / bandwidth"));
  CHECK_THAT(table, Catch::Contains("upload            1024       8"));
  const std::string json = format_line_fits(fits, OutputFormat::kJson);
  CHECK_THAT(json, Catch::Contains("\"bandwidth_mb_per_s\""));
  CHECK_THAT(json, Catch::Contains("\"size_mb\": 16.0"));
  const std::string csv = format_line_fits(fits, OutputFormat::kCsv);
  CHECK_THAT(csv, Catch::StartsWith("direction,memory_mb,points,measurements,status,latency_s,"));
  CHECK_THAT(csv, Catch::Contains("upload,1024,8,8,ok,"));
}

TEST_CASE("line fit: seconds of 1e155 give finite figures or a refusal, never NaN or infinity",
          "[fit]") {
  std::vector<Measurement> rows;
  for (const double size : {1.0, 2.0, 4.0, 8.0})
    rows.push_back({Direction::kUpload, 512, size, 0.05 + size / 40, "t"});
  rows.push_back({Direction::kUpload, 512, 77, 1e155, "t"});
  rows.push_back({Direction::kDownload, 512, 1, 1e-300, "t"});
  rows.push_back({Direction::kDownload, 512, 2, 1.7e308, "t"});
  const auto table = TransferTable::from_measurements(rows, "t.csv");
  REQUIRE(table);
  for (const LineFit& f : fit_transfer_lines(*table)) {
    INFO(to_string(f.direction) << " " << f.reason);
    for (const double v : {f.latency_s, f.bandwidth_mb_per_s, f.r_squared, f.max_relative_error})
      CHECK(std::isfinite(v));
    if (f.status == FitStatus::kOk) {
      CHECK(f.bandwidth_mb_per_s > 0);
    }
  }
}
