#include "output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "common.h"
#include "fasdl/base/message.h"
#include "vocabulary.h"

namespace fasdl::cli {

namespace {

bool g_stdout_closed = false;    // closed when the program started
int g_stdout_error = 0;          // errno of the first failed write, or 0
bool g_stdout_finished = false;  // finish() closed it

bool closed(int fd) {
  return fcntl(fd, F_GETFD) == -1 && errno == EBADF;
}

// write(2) until done; false on an error other than EINTR.
bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

void guard_standard_descriptors() {
  for (const int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (!closed(fd)) continue;
    if (fd == STDOUT_FILENO) g_stdout_closed = true;
    const int null = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
    if (null >= 0 && null != fd) {
      dup2(null, fd);
      close(null);
    }
  }
}

bool out(std::string_view text) {
  if (g_stdout_closed && g_stdout_error == 0) g_stdout_error = EBADF;
  if (g_stdout_error != 0 || g_stdout_finished) return false;
  if (text.empty()) return true;
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
    g_stdout_error = errno != 0 ? errno : EIO;
    return false;
  }
  return true;
}

void print_diagnostic(std::string_view line) {
  // Whatever stdio holds for stdout goes first, so that the two streams keep their order on
  // a shared terminal; its failure is finish()'s to report.
  if (g_stdout_error == 0 && !g_stdout_closed && !g_stdout_finished && std::fflush(stdout) != 0) {
    g_stdout_error = errno != 0 ? errno : EIO;
  }
  write_all(STDERR_FILENO, one_line(line) + "\n");
}

bool out_or_stderr(std::string_view text, bool on_stderr) {
  if (!on_stderr) return out(text);
  if (quiet()) return true;  // -q: nothing on stderr but errors
  if (g_stdout_error == 0 && !g_stdout_closed && !g_stdout_finished && std::fflush(stdout) != 0) {
    g_stdout_error = errno != 0 ? errno : EIO;
  }
  write_all(STDERR_FILENO, text);
  return true;
}

int finish(int code) {
  if (g_stdout_finished) return code;
  if (g_stdout_closed && g_stdout_error == 0) g_stdout_error = EBADF;
  if (g_stdout_error == 0) {
    errno = 0;
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) g_stdout_error = errno != 0 ? errno : EIO;
  }
  if (g_stdout_error == 0 && std::fclose(stdout) != 0) g_stdout_error = errno != 0 ? errno : EIO;
  g_stdout_finished = true;
  if (g_stdout_error == 0 || (code != 0 && code != 1)) return code;
  report({fmt::format("stdout: cannot write: {}", std::strerror(g_stdout_error))});
  return kExitWriteFailed;
}

int run_main(const std::function<int()>& body) {
  guard_standard_descriptors();
  int code = kExitBadInput;
  try {
    code = body();
  } catch (const std::bad_alloc&) {
    code = report({"out of memory"});
  } catch (const std::exception& e) {
    code = report({e.what()});
  }
  return finish(code);
}

}  // namespace fasdl::cli
