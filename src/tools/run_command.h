// `fasdl-run`: K-REDUCE training for real on this machine, through Redis.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "fasdl/formats/files.h"
#include "vocabulary.h"

namespace fasdl::cli {

struct RunOptions {
  // What to run: a plan file, or the five numbers.
  std::string plan;
  std::optional<int> workers;
  std::optional<int> memory_mb;
  std::optional<int> aggregators;
  std::optional<long long> batch_aggregator;
  std::optional<long long> batch_other;
  long long epochs = 0;
  // The network and its data.
  long long samples = 8192;
  std::optional<double> params_mb;
  int width = 128;
  int hidden_layers = 2;
  int inputs = 32;
  int classes = 10;
  double separation = 3.0;
  double learning_rate = kDefaultLearningRate;
  std::uint64_t seed = kDefaultSeed;
  long long evaluation_samples = 1024;
  // The runtime.
  std::string redis;  // --redis URL; "" : a private redis-server
  std::string cpu_scale = "auto";
  std::string limits = "auto";  // or "none"
  std::string max_duration;     // "" : 900 s / cpu scale
  int checkpoint_every = 10;
  std::string wait_timeout = "60s";
  std::string store_retry = "10s";
  int max_relaunches = 3;
  std::string kill_worker;  // "W@I"
  std::string redis_server = "redis-server";
  // Output.
  std::string log;
  std::string profile = kDefaultProfile;
  std::string format = "table";
  bool quiet = false;
};

void add_run_options(CLI::App& app, RunOptions& options);
int run_run(const RunOptions& options);

}  // namespace fasdl::cli
