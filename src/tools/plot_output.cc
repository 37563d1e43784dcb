#include "plot_output.h"

#include <fmt/format.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace fasdl::cli {

namespace {

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  std::error_code ec;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && std::filesystem::exists(std::filesystem::path(dir) / program, ec))
      return true;
  }
  return false;
}

}  // namespace

Expected<bool> run_gnuplot(const std::string& script, const std::string& output) {
  if (!on_path("gnuplot")) {
    return Error{
        fmt::format("--plot {}: gnuplot is not installed; install it with "
                    "`sudo apt-get install gnuplot-nox`",
                    output)};
  }
  FILE* pipe = popen("gnuplot", "w");
  if (pipe == nullptr) return Error{fmt::format("--plot {}: cannot start gnuplot", output)};
  std::fwrite(script.data(), 1, script.size(), pipe);
  const int status = pclose(pipe);
  if (status != 0 || !std::filesystem::exists(output)) {
    return Error{fmt::format("--plot {}: gnuplot failed (exit status {})", output,
                             WIFEXITED(status) ? WEXITSTATUS(status) : -1)};
  }
  return true;
}

}  // namespace fasdl::cli
