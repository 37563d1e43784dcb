#include "runtime/process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>

extern char** environ;

namespace fasdl::process {

namespace {

// After fork only async-signal-safe calls: no allocation, no locks.
void write_pid(const char* path, pid_t pid) {
  char digits[24];
  int n = 0;
  char reversed[24];
  do {
    reversed[n++] = static_cast<char>('0' + pid % 10);
    pid /= 10;
  } while (pid > 0);
  for (int i = 0; i < n; ++i) {
    digits[i] = reversed[n - 1 - i];
  }
  const int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;  // the parent verified the cgroup; a failure leaves the child unthrottled
  [[maybe_unused]] const ssize_t written = write(fd, digits, static_cast<std::size_t>(n));
  close(fd);
}

[[noreturn]] void child_fail(int pipe_fd, int error) {
  [[maybe_unused]] const ssize_t written = write(pipe_fd, &error, sizeof error);
  _exit(127);
}

volatile std::sig_atomic_t g_received = 0;

// Sockets to shut down on a signal (InterruptGuard::watch); -1 for a free slot.
constexpr int kWatchSlots = 16;
std::atomic<int> g_watched[kWatchSlots] = {-1, -1, -1, -1, -1, -1, -1, -1,
                                           -1, -1, -1, -1, -1, -1, -1, -1};

extern "C" void on_interrupt(int sig) {
  g_received = sig;
  for (std::atomic<int>& slot : g_watched) {
    const int fd = slot.load();
    if (fd >= 0) shutdown(fd, SHUT_RDWR);
  }
}

constexpr int kGuardedSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[3];

}  // namespace

std::string signal_name(int sig) {
  switch (sig) {
    case SIGKILL:
      return "SIGKILL";
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGSEGV:
      return "SIGSEGV";
    case SIGABRT:
      return "SIGABRT";
    case SIGBUS:
      return "SIGBUS";
    case SIGHUP:
      return "SIGHUP";
    default:
      return fmt::format("signal {}", sig);
  }
}

std::string ExitStatus::describe() const {
  return exited() ? fmt::format("exit code {}", code) : signal_name(signal);
}

Expected<pid_t> spawn(const SpawnOptions& o) {
  // Everything the child needs is built before fork.
  std::vector<std::string> args{o.program};
  args.insert(args.end(), o.arguments.begin(), o.arguments.end());
  std::vector<char*> argv;
  for (std::string& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    bool replaced = false;
    for (const auto& [name, value] : o.environment) {
      replaced = replaced || entry.substr(0, name.size() + 1) == name + "=";
    }
    if (!replaced) env_strings.emplace_back(entry);
  }
  for (const auto& [name, value] : o.environment)
    env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (std::string& e : env_strings)
    envp.push_back(e.data());
  envp.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return Error{fmt::format("cannot start {}: pipe: {}", o.program, std::strerror(errno))};
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return Error{fmt::format("cannot start {}: fork: {}", o.program, std::strerror(errno))};
  }
  if (pid == 0) {
    close(fds[0]);
    for (const std::string& f : o.cgroup_files)
      write_pid(f.c_str(), getpid());
    setpgid(0, 0);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(127);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE})
      signal(sig, SIG_DFL);
    if (!o.stdout_path.empty()) {
      const int out = open(o.stdout_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
      if (out < 0 || dup2(out, STDOUT_FILENO) < 0) child_fail(fds[1], errno);
    }
    if (!o.stderr_path.empty()) {
      const int err = open(o.stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
      if (err < 0 || dup2(err, STDERR_FILENO) < 0) child_fail(fds[1], errno);
    }
    execve(o.program.c_str(), argv.data(), envp.data());
    child_fail(fds[1], errno);
  }
  close(fds[1]);
  setpgid(pid, pid);  // also from the parent, so the group exists before any kill
  int error = 0;
  ssize_t got = 0;
  do {
    got = read(fds[0], &error, sizeof error);
  } while (got < 0 && errno == EINTR);
  close(fds[0]);
  if (got == sizeof error) {
    waitpid(pid, nullptr, 0);
    return Error{fmt::format("cannot run {}: {}", o.program, std::strerror(error))};
  }
  return pid;
}

std::optional<ExitStatus> try_reap(pid_t pid) {
  int status = 0;
  pid_t r = 0;
  do {
    r = waitpid(pid, &status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return std::nullopt;
  if (r < 0) return ExitStatus{-1, 0};  // not our child any more: treat as gone
  if (WIFSIGNALED(status)) return ExitStatus{-1, WTERMSIG(status)};
  return ExitStatus{WEXITSTATUS(status), 0};
}

std::optional<ExitStatus> wait_for(pid_t pid, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (true) {
    if (auto s = try_reap(pid)) return s;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

ExitStatus stop(pid_t pid, double grace) {
  kill(-pid, SIGTERM);
  kill(pid, SIGTERM);
  if (auto s = wait_for(pid, grace)) {
    kill(-pid, SIGKILL);  // anything the child left in its group
    return *s;
  }
  kill(-pid, SIGKILL);
  kill(pid, SIGKILL);
  if (auto s = wait_for(pid, 5.0)) return *s;
  return ExitStatus{-1, SIGKILL};
}

std::vector<ExitStatus> stop_all(const std::vector<pid_t>& pids, double grace) {
  std::vector<std::optional<ExitStatus>> status(pids.size());
  for (const pid_t pid : pids) {
    kill(-pid, SIGTERM);
    kill(pid, SIGTERM);
  }
  // One grace period for all: reap whoever ends, until none is left or time is up.
  const auto reap_until = [&](std::chrono::steady_clock::time_point deadline) {
    while (true) {
      bool left = false;
      for (std::size_t i = 0; i < pids.size(); ++i) {
        if (!status[i]) status[i] = try_reap(pids[i]);
        left = left || !status[i];
      }
      if (!left || std::chrono::steady_clock::now() >= deadline) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  };
  const auto now = [] { return std::chrono::steady_clock::now(); };
  reap_until(now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(grace)));
  for (std::size_t i = 0; i < pids.size(); ++i) {
    kill(-pids[i], SIGKILL);  // whatever is left, and anything a child left in its group
    if (!status[i]) kill(pids[i], SIGKILL);
  }
  reap_until(now() + std::chrono::seconds(5));
  std::vector<ExitStatus> out;
  for (const auto& s : status)
    out.push_back(s.value_or(ExitStatus{-1, SIGKILL}));
  return out;
}

namespace {

// A regular file we may execute (access() alone passes folders).
bool executable(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

}  // namespace

std::string find_program(const std::string& name) {
  if (name.empty()) return "";
  if (name.find('/') != std::string::npos) return executable(name) ? name : "";
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const auto colon = dirs.find(':');
    const std::string dir(dirs.substr(0, colon));
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (executable(candidate)) return candidate;
    if (colon == std::string_view::npos) return "";
    dirs = dirs.substr(colon + 1);
  }
}

InterruptGuard::InterruptGuard() {
  g_received = 0;
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < 3; ++i)
    sigaction(kGuardedSignals[i], &action, &g_previous[i]);
}

InterruptGuard::~InterruptGuard() {
  for (int i = 0; i < 3; ++i)
    sigaction(kGuardedSignals[i], &g_previous[i], nullptr);
}

int InterruptGuard::received() {
  return g_received;
}

bool InterruptGuard::sleep(double seconds) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(std::max(0.0, seconds)));
  while (g_received == 0) {
    const Clock::duration left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) return true;
    std::this_thread::sleep_for(std::min<Clock::duration>(left, std::chrono::milliseconds(10)));
  }
  return false;
}

void InterruptGuard::watch(int fd) {
  for (std::atomic<int>& slot : g_watched) {
    int free = -1;
    if (slot.compare_exchange_strong(free, fd)) return;
  }
}

void InterruptGuard::unwatch(int fd) {
  for (std::atomic<int>& slot : g_watched) {
    int mine = fd;
    slot.compare_exchange_strong(mine, -1);
  }
}

std::string random_hex(int bytes) {
  std::vector<unsigned char> buffer(static_cast<std::size_t>(bytes));
  std::size_t filled = 0;
  while (filled < buffer.size()) {
    const ssize_t got = getrandom(buffer.data() + filled, buffer.size() - filled, 0);
    if (got > 0) {
      filled += static_cast<std::size_t>(got);
    } else if (errno != EINTR) {
      std::random_device device;  // no getrandom(): the library's own entropy source
      while (filled < buffer.size())
        buffer[filled++] = static_cast<unsigned char>(device());
    }
  }
  std::string out;
  for (unsigned char b : buffer)
    out += fmt::format("{:02x}", b);
  return out;
}

}  // namespace fasdl::process
