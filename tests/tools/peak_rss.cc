// peak_rss MAX_KB LINES COMMAND...: runs COMMAND, counting the lines of its
// stdout without keeping them, and fails unless it exits 0, wrote exactly
// LINES lines and had a peak resident set of at most MAX_KB. Prints the peak
// and the lines it wrote. (A command that streams nothing uses no memory:
// without the count, a sweep that wrote no row would pass.)
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: peak_rss MAX_KB LINES COMMAND...\n");
    return 2;
  }
  const long max_kb = std::atol(argv[1]);
  const long long expected_lines = std::atoll(argv[2]);
  int pipe_fd[2];
  if (pipe(pipe_fd) != 0) return 2;
  const pid_t child = fork();
  if (child == 0) {
    dup2(pipe_fd[1], STDOUT_FILENO);
    close(pipe_fd[0]);
    close(pipe_fd[1]);
    execvp(argv[3], argv + 3);
    _exit(127);
  }
  close(pipe_fd[1]);
  // Count the lines rather than keep them: the reader must not hold memory either.
  char buffer[1 << 16];
  long long lines = 0;
  for (ssize_t n; (n = read(pipe_fd[0], buffer, sizeof buffer)) > 0;) {
    for (ssize_t i = 0; i < n; ++i)
      lines += buffer[i] == '\n';
  }
  int status = 0;
  waitpid(child, &status, 0);
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  std::printf("peak resident set %ld kB for %lld lines (bound %ld kB, expected %lld lines)\n",
              usage.ru_maxrss, lines, max_kb, expected_lines);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "the command failed\n");
    return 1;
  }
  if (lines != expected_lines) {
    std::fprintf(stderr, "the command wrote %lld lines, expected %lld\n", lines, expected_lines);
    return 1;
  }
  if (usage.ru_maxrss > max_kb) {
    std::fprintf(stderr, "peak resident set %ld kB is above the bound of %ld kB\n", usage.ru_maxrss,
                 max_kb);
    return 1;
  }
  return 0;
}
