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
  std::string stderr_path;                // "" keeps ours
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
// stop() for many children at once: SIGTERM to every group, one grace
// period for all, then SIGKILL to those left; reaps each. However many
// children, it takes at most `grace` + 5 s. The statuses in the order of
// `pids`.
std::vector<ExitStatus> stop_all(const std::vector<pid_t>& pids, double grace);

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
  // Sleeps `seconds`, or less when a signal arrives; false when one has.
  static bool sleep(double seconds);
  // A socket a blocking read or write may wait on: when a guarded signal
  // arrives, the handler shuts it down (shutdown() is async-signal-safe), so
  // that the wait ends at once instead of at its timeout. At most 16 at a
  // time; unwatch before closing it.
  static void watch(int fd);
  static void unwatch(int fd);
};

// n random bytes as 2n hex digits (getrandom).
std::string random_hex(int bytes);

}  // namespace fasdl::process
