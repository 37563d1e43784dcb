#include "probe_command.h"

#include <cstdlib>

#include "common.h"
#include "fasdl/accuracy/probe.h"
#include "fasdl/runtime/runner.h"
#include "fasdl/runtime/store.h"

namespace fasdl::cli {

CLI::App* add_probe_command(CLI::App& app, ProbeOptions& o) {
  CLI::App* cmd = app.add_subcommand("probe", "One timing process (run by measure)");
  cmd->group("");  // hidden: people run measure
  cmd->add_option("--store", o.store, "redis://HOST:PORT")->required();
  cmd->add_option("--session", o.session, "Session id")->required();
  cmd->add_option("--probe", o.probe, "Probe index")->required();
  return cmd;
}

int run_probe_command(const ProbeOptions& o) {
  const auto address = parse_store_url(o.store);
  if (!address) return report(address.error());
  const char* password = std::getenv("FASDL_REDIS_PASSWORD");
  // As a worker: the message is measure's to print, from the store.
  return run_probe_invocation(*address, password != nullptr ? password : "", o.session, o.probe)
      .code;
}

}  // namespace fasdl::cli
