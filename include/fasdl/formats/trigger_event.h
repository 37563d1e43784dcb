// Trigger event: a plan as the JSON event of the FasDL authors' K-REDUCE trigger
// function on AWS Lambda (docs/run-on-aws.md), so it runs there unchanged.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fasdl/base/expected.h"
#include "fasdl/model/model.h"

namespace fasdl {

// The networks the released worker (FasDL_worker/app.py) builds:
// torchvision's resnet18 and resnet101.
inline constexpr std::string_view kWorkerNetworks[] = {"resnet18", "resnet101"};

// The released worker stops starting iterations this many seconds before its
// timeout (func_time), then saves a checkpoint and invokes itself again.
inline constexpr int kWorkerMarginSeconds = 60;

struct TriggerOptions {
  std::string train_net;        // "" : the workload's name
  double learning_rate = 0.01;  // l_r
  long long seed = 1234;
  int function_seconds = 900;  // func_time: the workers' timeout, s
  std::string bucket_prefix;   // "" : default_bucket_prefix()
};

// The network the event names: `train_net`, else the workload's name. An
// error (one line) when the released worker cannot build it, or when
// `train_net` names another catalog network than the plan's workload.
Expected<std::string> trigger_network(const Workload& workload, const TriggerOptions& options);

// The function lifetime a plan for the released worker assumes, s: it stops
// kWorkerMarginSeconds before func_time, so func_time - 60.
double worker_lifetime_seconds(const TriggerOptions& options);

// "fasdl-<network>-<8 hex digits>": the network in S3's alphabet (lowercase
// letters, digits, '-') and an FNV-1a hash of the plan, the event's options
// and `salt` (this machine's id), so that buckets of different plans and
// machines differ, and one plan on one machine keeps its names.
std::string default_bucket_prefix(std::string_view network, const Prediction& plan,
                                  const TriggerOptions& options, std::string_view salt);

// A prefix whose five buckets (PREFIX-tmp ... PREFIX-partition) are valid S3
// bucket names: lowercase letters, digits and '-', starting with a letter or
// digit, at most 53 characters; else the reason.
std::optional<Error> check_bucket_prefix(std::string_view prefix);

// Keys: train_net, pattern_k (K), num_workers (W), batch_size_wor (A),
// batch_size_agg (B), epochs, l_r, memory (M, MB), func_time, seed,
// tmp_bucket, merged_bucket, partition_bucket, data_bucket, output_bucket.
// `network` from trigger_network(); options.bucket_prefix must be set.
std::string trigger_event_json(const Model& model, const Prediction& plan, std::string_view network,
                               const TriggerOptions& options);

}  // namespace fasdl
