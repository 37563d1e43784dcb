// Trigger event: a plan as the JSON event of the FasDL authors' K-REDUCE trigger
// function on AWS Lambda (docs/run-on-aws.md), so it runs there unchanged.
#pragma once

#include <string>

#include "fasdl/model/model.h"

namespace fasdl {

struct TriggerOptions {
  std::string train_net;        // "" : the workload's name
  double learning_rate = 0.01;  // l_r
  long long seed = 1234;
  int function_seconds = 900;  // func_time: the workers' timeout; they relaunch 60 s before it
  std::string bucket_prefix = "fasdl";  // <prefix>-tmp, -merged, -partition, -data, -output
};

// Keys: train_net, pattern_k (K), num_workers (W), batch_size_wor (A),
// batch_size_agg (B), epochs, l_r, memory (M, MB), func_time, seed,
// tmp_bucket, merged_bucket, partition_bucket, data_bucket, output_bucket.
std::string trigger_event_json(const Model& model, const Prediction& plan,
                               const TriggerOptions& options);

}  // namespace fasdl
