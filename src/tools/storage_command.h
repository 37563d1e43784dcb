// `fasdl-profile storage`: a platform profile from measured transfer times,
// with a latency-plus-bandwidth fit of every memory column.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "fasdl/fit/transfer_fit.h"
#include "fasdl/formats/files.h"
#include "fasdl/model/profile.h"

namespace fasdl::cli {

// AWS Lambda's x86_64 price per MB-second today: the first tier's $0.0000166667
// per GB-second over 1,024 MB (configs/platforms/aws-lambda.json).
inline constexpr double kLambdaMbSecondPrice = 0.0000166667 / 1024;

struct StorageOptions {
  std::string input;
  std::string output;
  std::string name = "measured";
  std::string description;
  // Memory sizes plans may use; each absent one is the measured columns'
  // (smallest and largest) or 1 MB, Lambda's step.
  std::optional<int> memory_min;
  std::optional<int> memory_max;
  std::optional<int> memory_step;
  Prices prices{kLambdaMbSecondPrice, 5.0e-6, 4.0e-7};  // Lambda x86_64 today, S3 Standard
  SyncCoefficients sync;  // the reference coefficients, the only ones measured
  // The profile's "platform" object: a catalog name (configs/platforms/NAME.json), a
  // JSON file, or "none" for the reference form's (no platform terms).
  std::string platform = kDefaultPlatform;
  std::string resample;          // sizes, MB ("1:20:1,50,100"); empty: the measured points
  std::string format = "table";  // of the fit report
  double outlier_mads = 3;       // FitOptions::outlier_mads
};

CLI::App* add_storage_command(CLI::App& app, StorageOptions& options);
int run_storage(const StorageOptions& options);

}  // namespace fasdl::cli
