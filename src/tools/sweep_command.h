// `fasdl-plan sweep`: predictions for every configuration of a grid,
// streamed to stdout for scripts.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "fasdl/formats/files.h"

namespace fasdl::cli {

struct SweepCommandOptions {
  std::string profile = kDefaultProfile;
  std::string model;    // "" : the top level's --model (a --config file's)
  std::string workers;  // "" : 1:floor(G / B)
  std::string memory;   // "" : the profile's grid
  std::string aggregators = "1:W";
  std::vector<std::string> set;
  std::string format = "csv";
  int jobs = 0;
  double confidence = 0.9;
  bool quiet = false;
  bool force = false;  // write a grid above kMaxSweepRows
  std::string plot;    // a heat map of dollars over memory and workers
};

// A grid of more rows is refused without --force: about ten seconds and 2 GB
// of CSV at the measured million rows a second.
inline constexpr double kMaxSweepRows = 10'000'000;
// A heat map of more cells (workers x memories) is refused: no picture shows them.
inline constexpr double kMaxPlotCells = 1'000'000;

CLI::App* add_sweep_command(CLI::App& app, SweepCommandOptions& options);
int run_sweep_command(const SweepCommandOptions& options);

}  // namespace fasdl::cli
