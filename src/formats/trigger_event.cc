#include "fasdl/formats/trigger_event.h"

#include <nlohmann/json.hpp>

namespace fasdl {

std::string trigger_event_json(const Model& model, const Prediction& plan,
                               const TriggerOptions& o) {
  nlohmann::ordered_json j;
  j["train_net"] = o.train_net.empty() ? model.workload().name : o.train_net;
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
