#include "worker_command.h"

#include <cstdlib>

#include "common.h"
#include "fasdl/runtime/runner.h"
#include "fasdl/runtime/store.h"
#include "redis_option.h"
#include "vocabulary.h"

namespace fasdl::cli {

CLI::App* add_worker_command(CLI::App& app, WorkerOptions& o) {
  CLI::App* cmd = app.add_subcommand("worker", "One invocation of one worker (run by fasdl-run)");
  cmd->group("");  // hidden: people run the trigger
  CLI::Option* redis = cmd->add_option("--redis", o.store, "redis://HOST:PORT");
  // The old name, silently: an internal command line, not a user's script.
  cmd->add_option("--store", o.store, "redis://HOST:PORT")->group("")->excludes(redis);
  add_quiet_flag(*cmd);
  cmd->add_option("--run", o.run_id, "Run id")->required();
  cmd->add_option("--worker", o.worker, "Worker index")->required();
  cmd->add_option("--invocation", o.invocation, "Invocation number");
  cmd->add_option("--started", o.started, "CLOCK_MONOTONIC seconds when it was invoked");
  cmd->add_option("--retry", o.retry_seconds, "Seconds of back-off before a lost store is fatal");
  return cmd;
}

int run_worker_command(const WorkerOptions& o) {
  if (o.store.empty()) return report({"--redis is required: redis://HOST:PORT"});
  const auto server = redis_server_of(o.store);
  if (!server) return report(server.error());
  // The message stays off stderr: the launcher prints one line for the whole run, with the
  // message the worker left in the store (or its own, when the store is what failed).
  return run_worker_invocation(server->address, server->password, o.run_id, o.worker, o.invocation,
                               o.started, o.retry_seconds)
      .code;
}

}  // namespace fasdl::cli
