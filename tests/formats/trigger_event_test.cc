// The trigger event matches what it triggers (issue 14): a network the
// released worker builds, its lifetime, buckets nobody else has.
#include "fasdl/formats/trigger_event.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace fasdl;

namespace {

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
