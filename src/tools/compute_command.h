// `fasdl-profile compute`: a workload whose compute and flattening laws are
// fitted to timed training steps.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "fasdl/model/platform.h"
#include "fasdl/model/workload.h"

namespace fasdl::cli {

struct ComputeOptions {
  std::string input;
  std::string output;
  std::string name = "measured";
  std::string description;       // default: where the fit comes from
  double model_mb = 0;           // S, MB
  long long samples = 0;         // D
  long long epochs = 0;          // E
  BatchPolicy batch;             // gamma 0.8, G 1024
  std::string format = "table";  // of the fit report
  std::string law = "memory";    // or "vcpu": speed follows the vCPUs the threads use
  int threads = 0;               // training threads, law vcpu
  CpuLimits cpu;                 // the platform's MB per vCPU and most vCPUs, law vcpu
  std::optional<double> fix_m;   // hold m at this value (MB)
};

CLI::App* add_compute_command(CLI::App& app, ComputeOptions& options);
int run_compute(const ComputeOptions& options);

}  // namespace fasdl::cli
