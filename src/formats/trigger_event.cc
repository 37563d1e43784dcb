#include "fasdl/formats/trigger_event.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace fasdl {

namespace {

// The networks of the model catalog (configs/models/): a --train-net naming
// one of them for a workload of another would train what was not planned.
constexpr std::string_view kCatalogNetworks[] = {"resnet18",  "resnet34",     "resnet50",
                                                 "resnet101", "mobilenet_v2", "vgg16"};

bool contains(const auto& list, std::string_view name) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

Expected<std::string> trigger_network(const Workload& workload, const TriggerOptions& o) {
  const std::string network = o.train_net.empty() ? workload.name : o.train_net;
  if (!contains(kWorkerNetworks, network)) {
    return Error{fmt::format(
        "--emit-trigger: the released FasDL worker builds only resnet18 and resnet101, not "
        "\"{}\"; plan one of those, or give --train-net for a workload of one (docs/run-on-aws.md)",
        network)};
  }
  if (!o.train_net.empty() && o.train_net != workload.name &&
      contains(kCatalogNetworks, workload.name)) {
    return Error{fmt::format(
        "--train-net {}: the plan is for {}; the worker would train another network than the "
        "one planned",
        o.train_net, workload.name)};
  }
  return network;
}

double worker_lifetime_seconds(const TriggerOptions& o) {
  return o.function_seconds - kWorkerMarginSeconds;
}

std::string default_bucket_prefix(std::string_view network, const Prediction& plan,
                                  const TriggerOptions& o, std::string_view salt) {
  std::string name;
  for (const char c : network.substr(0, 30)) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    name += plain ? c : (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : '-';
  }
  const Config& c = plan.config;
  const std::string identity = fmt::format(
      "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", network, c.workers, c.memory_mb, c.aggregators,
      plan.batch_aggregator, plan.batch_other, o.learning_rate, o.seed, o.function_seconds, salt);
  return fmt::format("fasdl-{}-{:08x}", name, fnv1a(identity) & 0xffffffffu);
}

std::optional<Error> check_bucket_prefix(std::string_view prefix) {
  const auto plain = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  const bool valid =
      !prefix.empty() && prefix.size() <= 53 && plain(prefix.front()) &&
      std::all_of(prefix.begin(), prefix.end(), [&](char c) { return plain(c) || c == '-'; });
  if (valid) return std::nullopt;
  return Error{fmt::format(
      "--bucket-prefix \"{}\": expected lowercase letters, digits and '-', starting with a letter "
      "or digit, at most 53 characters (PREFIX-partition must be an S3 bucket name)",
      prefix)};
}

std::string trigger_event_json(const Model& model, const Prediction& plan, std::string_view network,
                               const TriggerOptions& o) {
  nlohmann::ordered_json j;
  j["train_net"] = network;
  j["pattern_k"] = plan.config.aggregators;
  j["num_workers"] = plan.config.workers;
  j["batch_size_wor"] = plan.batch_other;
  j["batch_size_agg"] = plan.batch_aggregator;
  j["epochs"] = model.workload().epochs;
  j["l_r"] = o.learning_rate;
  j["memory"] = plan.config.memory_mb;
  j["func_time"] = o.function_seconds;
  j["seed"] = o.seed;
  for (const char* bucket : {"tmp", "merged", "partition", "data", "output"}) {
    j[std::string(bucket) + "_bucket"] = o.bucket_prefix + "-" + bucket;
  }
  return j.dump(2) + "\n";
}

}  // namespace fasdl
