// `fasdl-run worker` (hidden): one invocation of one emulated function. The
// trigger runs it; the password comes in FASDL_REDIS_PASSWORD.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace fasdl::cli {

struct WorkerOptions {
  std::string store;
  std::string run_id;
  int worker = -1;
  int invocation = 0;
  double started = 0;  // CLOCK_MONOTONIC seconds when the trigger invoked it
  double retry_seconds = 10;
};

CLI::App* add_worker_command(CLI::App& app, WorkerOptions& options);
int run_worker_command(const WorkerOptions& options);

}  // namespace fasdl::cli
