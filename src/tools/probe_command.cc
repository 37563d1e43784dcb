#include "probe_command.h"

#include <cstdlib>

#include "common.h"
#include "fasdl/accuracy/probe.h"
#include "fasdl/runtime/runner.h"
#include "fasdl/runtime/store.h"
#include "redis_option.h"
#include "vocabulary.h"

namespace fasdl::cli {

CLI::App* add_probe_command(CLI::App& app, ProbeOptions& o) {
  CLI::App* cmd = app.add_subcommand("probe", "One timing process (run by measure)");
  cmd->group("");  // hidden: people run measure
  CLI::Option* redis = cmd->add_option("--redis", o.store, "redis://HOST:PORT");
  // The old name, silently: an internal command line, not a user's script.
  cmd->add_option("--store", o.store, "redis://HOST:PORT")->group("")->excludes(redis);
  add_quiet_flag(*cmd);
  cmd->add_option("--session", o.session, "Session id")->required();
  cmd->add_option("--probe", o.probe, "Probe index")->required();
  return cmd;
}

int run_probe_command(const ProbeOptions& o) {
  if (o.store.empty()) return report({"--redis is required: redis://HOST:PORT"});
  const auto server = redis_server_of(o.store);
  if (!server) return report(server.error());
  // As a worker: the message is measure's to print, from the store.
  return run_probe_invocation(server->address, server->password, o.session, o.probe).code;
}

}  // namespace fasdl::cli
