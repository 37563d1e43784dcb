// Local run: one configuration trained by fasdl-run's runtime (fasdl/runner.h)
// with the settings `fasdl-profile measure` and `fasdl-validate` share: the
// network, its data, the CPU scale and the store (docs/accuracy.md).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/model/profile.h"
#include "fasdl/runtime/network.h"
#include "fasdl/runtime/run.h"
#include "fasdl/runtime/runner.h"
#include "fasdl/runtime/store.h"

namespace fasdl {

struct LocalRunSettings {
  std::optional<StoreAddress> store;  // none: a private redis-server per run
  std::string store_password;
  std::string redis_server = "redis-server";
  // How to invoke a worker: a program with fasdl-run's hidden `worker`
  // subcommand, and the arguments before its options.
  std::string worker_program;
  std::vector<std::string> worker_arguments = {"worker"};
  double cpu_scale = 1;  // cores per worker = cpu_scale M / 1769
  Limits limits = Limits::kAuto;
  NetworkShape network;
  DatasetSpec data;
  long long epochs = 1;
  std::uint64_t seed = 1;
  double learning_rate = 0.05;
  int checkpoint_every = 10;
  Prices prices;
  std::string profile_name;
  std::string log_path;  // JSON lines of the run; "" for none
  std::function<void(std::string_view)> notice;
};

// The network of a workload's parameter vector: the widest shape of
// fasdl-run's default inputs, layers and classes within `model_mb`.
Expected<NetworkShape> network_for(double model_mb);

// Checks the plan and the CPU scale (the workers must fit the machine) and
// trains it; a plan that cannot run is a failed outcome with the reason.
RunOutcome run_local(const LocalRunSettings& settings, const RunPlan& plan);

}  // namespace fasdl
