// The trigger event of --emit-trigger: its keys and values, and that it matches
// what it triggers (issue 14): a network the released worker builds, its
// lifetime, buckets nobody else has.
#include "fasdl/formats/trigger_event.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/linear_profile.h"

using namespace fasdl;

namespace {

Model model() {
  return testing::flat_model("resnet-ish", 3);
}

Workload named(const std::string& name) {
  Workload w;
  w.name = name;
  return w;
}

Prediction plan() {
  Prediction p;
  p.config = {8, 1769, 2};
  p.batch_aggregator = 64;
  p.batch_other = 120;
  return p;
}

}  // namespace

TEST_CASE("trigger: the event carries the plan's configuration, batches and the workload's epochs",
          "[trigger]") {
  const Model m = model();
  const Prediction plan = m.predict({6, 1024, 2});
  REQUIRE(plan.feasible());
  REQUIRE(plan.batch_other != plan.batch_aggregator);  // so the two keys cannot be swapped
  TriggerOptions o;
  o.bucket_prefix = "fasdl";  // fasdl-plan sets default_bucket_prefix() when none is given
  const std::string text = trigger_event_json(m, plan, "resnet18", o);
  const auto event = nlohmann::ordered_json::parse(text);
  CHECK(event["train_net"] == "resnet18");  // the network of trigger_network()
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
  TriggerOptions o;
  o.bucket_prefix = "fasdl";
  const std::string text = trigger_event_json(m, m.predict({4, 512, 4}), "resnet18", o);
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
  const auto event =
      nlohmann::json::parse(trigger_event_json(m, m.predict({8, 2048, 3}), o.train_net, o));
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

TEST_CASE("trigger: only resnet18 and resnet101, what the released worker builds", "[trigger]") {
  CHECK(trigger_network(named("resnet18"), {}).value() == "resnet18");
  CHECK(trigger_network(named("resnet101"), {}).value() == "resnet101");
  const auto refused = trigger_network(named("resnet50"), {});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message ==
        "--emit-trigger: the released FasDL worker builds only resnet18 and resnet101, not "
        "\"resnet50\"; plan one of those, or give --train-net for a workload of one "
        "(docs/run-on-aws.md)");
  TriggerOptions o;
  o.train_net = "resnet18";
  CHECK(trigger_network(named("my-measured-resnet18"), o).value() == "resnet18");
  const auto other = trigger_network(named("resnet50"), o);
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().message ==
        "--train-net resnet18: the plan is for resnet50; the worker would train another network "
        "than the one planned");
}

TEST_CASE("trigger: the plan assumes the worker's lifetime, 60 s short of func_time", "[trigger]") {
  TriggerOptions o;
  CHECK(worker_lifetime_seconds(o) == 840);
  o.function_seconds = 300;
  CHECK(worker_lifetime_seconds(o) == 240);
}

TEST_CASE("trigger: default buckets name the network and a hash of the plan and machine",
          "[trigger]") {
  const TriggerOptions o;
  const std::string a = default_bucket_prefix("mobilenet_V2", plan(), o, "machine-a");
  CHECK(a.rfind("fasdl-mobilenet-v2-", 0) == 0);
  CHECK(a.size() == std::string("fasdl-mobilenet-v2-").size() + 8);
  CHECK_FALSE(check_bucket_prefix(a));
  CHECK(default_bucket_prefix("mobilenet_V2", plan(), o, "machine-a") == a);
  CHECK(default_bucket_prefix("mobilenet_V2", plan(), o, "machine-b") != a);
  Prediction other = plan();
  other.config.workers = 9;
  CHECK(default_bucket_prefix("mobilenet_V2", other, o, "machine-a") != a);
}

TEST_CASE("trigger: a bucket prefix must make valid S3 bucket names", "[trigger]") {
  CHECK_FALSE(check_bucket_prefix("my-fasdl-2"));
  CHECK_FALSE(check_bucket_prefix(std::string(53, 'a')));
  for (const std::string& bad : std::vector<std::string>{"", "My-Bucket", "-fasdl", "fasdl_data",
                                                         "a.b", std::string(54, 'a')}) {
    INFO(bad);
    CHECK(check_bucket_prefix(bad));
  }
  CHECK(check_bucket_prefix("My_Bucket")->message ==
        "--bucket-prefix \"My_Bucket\": expected lowercase letters, digits and '-', starting with "
        "a letter or digit, at most 53 characters (PREFIX-partition must be an S3 bucket name)");
}
