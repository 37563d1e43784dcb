// `fasdl-plan predict`: the model's seconds, dollars and breakdown for one
// configuration.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "fasdl/formats/files.h"

namespace fasdl::cli {

struct PredictOptions {
  std::string profile = kDefaultProfile;
  std::string model;  // "" : the top level's --model (a --config file's)
  std::vector<std::string> set;
  int workers = 0;
  int memory_mb = 0;
  int aggregators = 0;
  std::string format = "table";
  double confidence = 0.9;  // kDefaultConfidence
  bool quiet = false;
};

CLI::App* add_predict_command(CLI::App& app, PredictOptions& options);
int run_predict(const PredictOptions& options);

}  // namespace fasdl::cli
