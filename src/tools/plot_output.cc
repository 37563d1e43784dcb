#include "plot_output.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>

#include "common.h"
#include "fasdl/base/message.h"
#include "fasdl/formats/files.h"

extern char** environ;

namespace fasdl::cli {

namespace {

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  std::error_code ec;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && std::filesystem::is_regular_file(std::filesystem::path(dir) / program, ec))
      return true;
  }
  return false;
}

// An anonymous file in memory: gnuplot's input, output or messages, with no name to race for.
struct MemoryFile {
  int fd = memfd_create("fasdl-plot", MFD_CLOEXEC);
  ~MemoryFile() {
    if (fd >= 0) close(fd);
  }
  MemoryFile() = default;
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  bool write_all(std::string_view text) const {
    while (!text.empty()) {
      const ssize_t n = write(fd, text.data(), text.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      text.remove_prefix(static_cast<std::size_t>(n));
    }
    return lseek(fd, 0, SEEK_SET) == 0;
  }
  std::optional<std::string> read_all() const {
    if (lseek(fd, 0, SEEK_SET) != 0) return std::nullopt;
    std::string text;
    char buffer[1 << 16];
    while (true) {
      const ssize_t n = read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return std::nullopt;
      if (n == 0) return text;
      text.append(buffer, static_cast<std::size_t>(n));
    }
  }
};

// gnuplot with `in` as its standard input and `out`, `err` as its output; its exit status,
// or the reason it could not run.
Expected<int> run(const MemoryFile& in, const MemoryFile& out, const MemoryFile& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.fd, STDERR_FILENO);
  char name[] = "gnuplot";
  char* argv[] = {name, nullptr};
  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return Error{fmt::format("cannot start gnuplot: {}", std::strerror(spawned))};
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Error{fmt::format("gnuplot: {}", std::strerror(errno))};
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// gnuplot's first message, for one line: "line 3: ..." without its echo of the script.
std::string first_message(const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto start = line.find_first_not_of(" \t^");
    if (start == std::string::npos) continue;
    if (line.find("line ") != std::string::npos || line.find("rror") != std::string::npos ||
        line.find("annot") != std::string::npos) {
      return one_line(line.substr(start), 160);
    }
  }
  return text.empty() ? "it printed nothing" : one_line(text, 160);
}

}  // namespace

int draw_plot(const std::string& script, const std::string& output) {
  if (!on_path("gnuplot")) {
    return report(
        {fmt::format("--plot {}: gnuplot is not installed; install it with "
                     "`sudo apt-get install gnuplot-nox`",
                     output)});
  }
  const MemoryFile in, out, err;
  if (in.fd < 0 || out.fd < 0 || err.fd < 0 || !in.write_all(script)) {
    return report(
        {fmt::format("--plot {}: cannot start gnuplot: {}", output, std::strerror(errno))});
  }
  const auto status = run(in, out, err);
  if (!status) return report({fmt::format("--plot {}: {}", output, status.error().message)});
  const auto picture = out.read_all();
  if (*status != 0 || !picture || picture->empty()) {
    return report({fmt::format("--plot {}: gnuplot failed (exit status {}): {}", output, *status,
                               first_message(err.read_all().value_or("")))});
  }
  if (auto written = write_file(output, *picture); !written) {
    return report_write_failure({fmt::format("--plot {}", written.error().message)});
  }
  return kExitOk;
}

}  // namespace fasdl::cli
