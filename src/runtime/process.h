// Child processes for fasdl-run (internal): spawning into a process group of
// their own and into cgroups, reaping with timeouts, and a guard that turns
// SIGINT, SIGTERM and SIGHUP into a flag the launcher polls.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fasdl/base/expected.h"

namespace fasdl::process {

struct SpawnOptions {
  std::string program;                                           // a path (see find_program)
  std::vector<std::string> arguments;                            // argv[1..]
  std::vector<std::pair<std::string, std::string>> environment;  // added to ours
  std::vector<std::string> cgroup_files;  // the child writes its pid into each before exec
  std::string stdout_path;                // "" keeps ours
};

// Starts a child in a process group of its own (so a terminal's Ctrl-C
// reaches only the launcher), killed with SIGKILL if the launcher dies. Fails
// with the reason when the program cannot be executed.
Expected<pid_t> spawn(const SpawnOptions& options);

struct ExitStatus {
  int code = -1;   // exit code, or -1
  int signal = 0;  // terminating signal, or 0

  bool exited() const { return signal == 0; }
  std::string describe() const;  // "exit code 3", "SIGKILL"
};

// "SIGKILL", "SIGTERM", ..., or "signal N".
std::string signal_name(int sig);

// Reaps `pid` if it has ended; nothing if it still runs.
std::optional<ExitStatus> try_reap(pid_t pid);
// Waits up to `seconds` for `pid` to end (polling); nothing on timeout.
std::optional<ExitStatus> wait_for(pid_t pid, double seconds);
// SIGTERM to the child's group, up to `grace` seconds, then SIGKILL; reaps.
ExitStatus stop(pid_t pid, double grace);

// The absolute path of `name` on PATH (or `name` itself when it contains a
// '/' and is executable); "" when absent.
std::string find_program(const std::string& name);

// While alive, SIGINT, SIGTERM and SIGHUP set a flag instead of killing the
// process; the previous handlers come back on destruction.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // The signal received, or 0.
  static int received();
};

// n random bytes as 2n hex digits (getrandom).
std::string random_hex(int bytes);

}  // namespace fasdl::process
