// `fasdl-profile measure`: profiles this machine for fasdl-run, as the FasDL
// authors profiled Lambda and S3, and writes a platform profile and a
// workload through the fits of `storage` and `compute` (docs/accuracy.md).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "vocabulary.h"

namespace fasdl::cli {

struct MeasureCommandOptions {
  std::string output;  // a folder
  std::string from;    // a folder of measurements to fit again; "" : measure
  std::string redis;   // --redis URL; "" : a private redis-server
  std::string redis_server = "redis-server";
  std::string memory = "512,768,1024,1769";  // MB
  std::string sizes = "0.25,0.5,1,2,4,8,16,32,64,100";
  std::string batches = "4,16,64,128";
  double params_mb = 4;
  long long samples = 4096;
  long long epochs = 2;
  long long batch = 32;
  long long max_global = 1024;
  double cpu_scale = 0.2;
  std::string limits = "auto";
  int concurrency = 1;
  int repeats = 3;
  double burst = 1;       // s: 50 CFS periods of 20 ms, so a burst's last period moves it by 2%
  std::string calibrate;  // "W:M:K,..."; "" : default_calibration
  int max_workers = 8;
  long long calibration_iterations = 20;
  std::string name = "local";
  std::uint64_t seed = kDefaultSeed;
  bool quiet = false;
};

CLI::App* add_measure_command(CLI::App& app, MeasureCommandOptions& options);
int run_measure(const MeasureCommandOptions& options);

}  // namespace fasdl::cli
