#include "fasdl/accuracy/local_run.h"

#include <fmt/format.h>

#include <algorithm>

namespace fasdl {

Expected<NetworkShape> network_for(double model_mb) {
  // The exact size of a shape gives that shape back; a little slack keeps
  // a size rounded in a file from losing a unit of width.
  return shape_for_megabytes(NetworkShape{}, model_mb * (1 + 1e-9));
}

RunOutcome run_local(const LocalRunSettings& s, const RunPlan& plan) {
  RunOutcome failed;
  failed.status = RunStatus::kFailed;
  if (auto e = check_plan(plan)) {
    failed.message = e->message;
    return failed;
  }
  RunnerOptions o;
  RunSpec& spec = o.spec;
  spec.plan = plan;
  spec.training.network = s.network;
  spec.training.data = s.data;
  spec.training.data.inputs = s.network.inputs;
  spec.training.data.classes = s.network.classes;
  spec.training.seed = s.seed;
  spec.training.learning_rate = s.learning_rate;
  spec.training.epochs = s.epochs;
  spec.iterations = iteration_count(s.data.samples, s.epochs, plan.partition().global_batch());
  if (spec.iterations < 1) {
    failed.message = fmt::format("D E = {} x {} samples is less than one global batch",
                                 s.data.samples, s.epochs);
    return failed;
  }
  spec.checkpoint_every = s.checkpoint_every;
  o.cores = std::max(0.1, machine_cores() - kReservedCores);
  if (auto e = check_cpu_fit(plan.config, s.cpu_scale, o.cores)) {
    failed.message = e->message;
    return failed;
  }
  o.cpu_scale = s.cpu_scale;
  spec.max_duration_seconds = 900 / s.cpu_scale;
  o.store = s.store;
  o.store_password = s.store_password;
  o.redis_server = s.redis_server;
  o.worker_program = s.worker_program;
  o.worker_arguments = s.worker_arguments;
  o.limits = s.limits;
  o.prices = s.prices;
  o.profile_name = s.profile_name;
  o.log_path = s.log_path;
  o.notice = s.notice;
  return run_training(o);
}

}  // namespace fasdl
