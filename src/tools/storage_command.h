// `fasdl-profile storage`: a platform profile from measured transfer times,
// with a latency-plus-bandwidth fit of every memory column.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "fasdl/fit/transfer_fit.h"
#include "fasdl/model/profile.h"

namespace fasdl::cli {

struct StorageOptions {
  std::string input;
  std::string output;
  std::string name = "measured";
  std::string description;
  MemoryRange memory;  // reference defaults: 128..3008 MB by 64 MB
  Prices prices;       // reference defaults (AWS Lambda x86, S3 standard)
  SyncCoefficients sync;
  std::string platform;          // a JSON file with the profile's "platform" object
  std::string resample;          // sizes, MB ("1:20:1,50,100"); empty: the measured points
  std::string format = "table";  // of the fit report
  double outlier_mads = 3;       // FitOptions::outlier_mads
};

CLI::App* add_storage_command(CLI::App& app, StorageOptions& options);
int run_storage(const StorageOptions& options);

}  // namespace fasdl::cli
