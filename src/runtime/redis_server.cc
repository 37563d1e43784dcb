#include "runtime/redis_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "fasdl/base/message.h"
#include "fasdl/formats/files.h"
#include "fasdl/runtime/worker.h"
#include "runtime/process.h"

namespace fasdl {

namespace fs = std::filesystem;

Expected<int> free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Error{fmt::format("cannot open a socket: {}", std::strerror(errno))};
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t size = sizeof a;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size) == 0;
  const int error = errno;
  close(fd);
  if (!ok)
    return Error{fmt::format("cannot find a free port on 127.0.0.1: {}", std::strerror(error))};
  return static_cast<int>(ntohs(a.sin_port));
}

Expected<std::string> find_redis_server(const std::string& program) {
  const std::string path = process::find_program(program);
  if (path.empty()) {
    return Error{
        fmt::format("--redis-server {}: not an executable file{}; install Debian's redis-server "
                    "package, or pass --redis redis://HOST:PORT to use a running server",
                    program, program.find('/') == std::string::npos ? " on PATH" : "")};
  }
  return path;
}

namespace {

// The last line the server wrote (its log, or what it printed), escaped and cut for a
// one-line message: a program given as --redis-server may print anything.
std::string last_line(const std::string& folder) {
  std::string last;
  for (const char* file : {"/redis.log", "/redis.out"}) {
    const auto text = read_file(folder + file);
    if (!text) continue;
    std::string_view t = *text;
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r'))
      t.remove_suffix(1);
    const auto start = t.rfind('\n');
    const std::string_view line = start == std::string_view::npos ? t : t.substr(start + 1);
    if (!line.empty()) last = one_line(line, 200);
  }
  return last.empty() ? "(it printed nothing)" : last;
}

}  // namespace

Expected<std::unique_ptr<RedisServer>> RedisServer::start(const std::string& program,
                                                          double ready_seconds) {
  const auto found = find_redis_server(program);
  if (!found) return found.error();
  const std::string& path = *found;
  std::unique_ptr<RedisServer> server(new RedisServer());
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = fmt::format("{}/fasdl-redis-XXXXXX", tmp != nullptr && *tmp ? tmp : "/tmp");
  if (mkdtemp(pattern.data()) == nullptr) {
    return Error{fmt::format("cannot create a folder for redis-server under {}: {}",
                             fs::path(pattern).parent_path().string(), std::strerror(errno))};
  }
  server->folder_ = pattern;  // mode 0700: nobody else reads the password in it
  server->password_ = process::random_hex(24);
  std::string cause;
  // A port found free may be taken before redis-server binds it: try again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto port = free_loopback_port();
    if (!port) return port.error();
    server->address_ = StoreAddress{"127.0.0.1", *port, 0};
    const std::string config = server->folder_ + "/redis.conf";
    const std::string log = server->folder_ + "/redis.log";  // last_line() reads it
    const auto written = write_file(
        config, fmt::format("port {}\nbind 127.0.0.1\nprotected-mode yes\nrequirepass {}\n"
                            "save \"\"\nappendonly no\ndaemonize no\ndir {}\nlogfile {}\n",
                            *port, server->password_, server->folder_, log));
    if (!written) return written.error();
    fs::permissions(config, fs::perms::owner_read | fs::perms::owner_write);
    // Its output goes to a file of its own folder: whatever it prints stays off our stdout.
    const std::string out = server->folder_ + "/redis.out";
    auto pid = process::spawn({path, {config}, {}, {}, out, out});
    if (!pid) return pid.error();
    server->pid_ = *pid;
    // Ready when it answers an authenticated command.
    const double deadline = monotonic_seconds() + ready_seconds;
    while (monotonic_seconds() < deadline) {
      if (auto status = process::try_reap(server->pid_)) {
        server->pid_ = -1;
        cause = fmt::format("{} ended at start ({}): {}", path, status->describe(),
                            last_line(server->folder_));
        break;
      }
      auto store = connect_redis(server->address_, server->password_, {0.5, 2.0, 0.0});
      if (store) return server;
      cause = store.error().message;
      if (!process::InterruptGuard::sleep(0.02)) {
        server->stop();
        return Error{fmt::format("{}: interrupted while it started", path)};
      }
    }
    if (server->pid_ > 0) {
      server->stop();
      return Error{
          fmt::format("{} did not answer within {:.0f} s: {}", path, ready_seconds, cause)};
    }
  }
  return Error{cause};
}

std::string RedisServer::description() const {
  return fmt::format("own redis-server (pid {}) on {}", pid_, address_.url());
}

void RedisServer::stop() {
  if (pid_ > 0) process::stop(pid_, 5.0);
  pid_ = -1;
  if (!folder_.empty()) {
    std::error_code ec;
    fs::remove_all(folder_, ec);
    folder_.clear();
  }
}

RedisServer::~RedisServer() {
  stop();
}

}  // namespace fasdl
