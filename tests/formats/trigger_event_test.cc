#include "fasdl/formats/trigger_event.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/linear_profile.h"

using namespace fasdl;

namespace {

Model model() {
  Profile p = testing::linear_profile({128, 3008, 64});
  p.name = "flat";
  p.prices = {1e-8, 5e-6, 4e-7};
  p.sync = {0.001, 10};
  Workload w;
  w.name = "resnet-ish";
  w.model_mb = 40;
  w.samples = 100'000;
  w.epochs = 3;
  w.compute = {100, 16, 0};
  w.flatten = {0.5, 0};
  w.batch = {0.8, 1024};
  return *Model::create(p, w);
}

}  // namespace

TEST_CASE("trigger: the event carries the plan's configuration, batches and the workload's epochs",
          "[trigger]") {
  const Model m = model();
  const Prediction plan = m.predict({6, 1024, 2});
  REQUIRE(plan.feasible());
  REQUIRE(plan.batch_other != plan.batch_aggregator);  // so the two keys cannot be swapped
  const std::string text = trigger_event_json(m, plan, {});
  const auto event = nlohmann::ordered_json::parse(text);
  CHECK(event["train_net"] == "resnet-ish");  // the workload's name by default
  CHECK(event["pattern_k"] == 2);
  CHECK(event["num_workers"] == 6);
  CHECK(event["memory"] == 1024);
  CHECK(event["batch_size_agg"] == plan.batch_aggregator);
  CHECK(event["batch_size_wor"] == plan.batch_other);
  CHECK(event["epochs"] == 3);
  // The defaults of TriggerOptions.
  CHECK(event["l_r"] == 0.01);
  CHECK(event["func_time"] == 900);
  CHECK(event["seed"] == 1234);
  CHECK(event["tmp_bucket"] == "fasdl-tmp");
  CHECK(event["merged_bucket"] == "fasdl-merged");
  CHECK(event["partition_bucket"] == "fasdl-partition");
  CHECK(event["data_bucket"] == "fasdl-data");
  CHECK(event["output_bucket"] == "fasdl-output");
}

TEST_CASE(
    "trigger: the keys come in the documented order, two-space indented, one trailing newline",
    "[trigger]") {
  const Model m = model();
  const std::string text = trigger_event_json(m, m.predict({4, 512, 4}), {});
  const auto event = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& item : event.items())
    keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"train_net", "pattern_k", "num_workers", "batch_size_wor",
                                         "batch_size_agg", "epochs", "l_r", "memory", "func_time",
                                         "seed", "tmp_bucket", "merged_bucket", "partition_bucket",
                                         "data_bucket", "output_bucket"});
  CHECK(text.rfind("{\n  \"train_net\": ", 0) == 0);
  CHECK(text.size() >= 2);
  CHECK(text.substr(text.size() - 2) == "}\n");
}

TEST_CASE(
    "trigger: the options replace the network's name, learning rate, seed, timeout and buckets",
    "[trigger]") {
  const Model m = model();
  TriggerOptions o;
  o.train_net = "resnet50";
  o.learning_rate = 0.125;
  o.seed = 7;
  o.function_seconds = 300;
  o.bucket_prefix = "team-a";
  const auto event = nlohmann::json::parse(trigger_event_json(m, m.predict({8, 2048, 3}), o));
  CHECK(event["train_net"] == "resnet50");
  CHECK(event["l_r"] == 0.125);
  CHECK(event["seed"] == 7);
  CHECK(event["func_time"] == 300);
  CHECK(event["pattern_k"] == 3);
  CHECK(event["num_workers"] == 8);
  CHECK(event["memory"] == 2048);
  CHECK(event["tmp_bucket"] == "team-a-tmp");
  CHECK(event["output_bucket"] == "team-a-output");
}
