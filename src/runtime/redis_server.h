// A private redis-server for one run (internal): loopback only, a free port,
// a generated password, no persistence, its files in a private temporary
// folder; stopped and removed when the guard goes, also on failure.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "fasdl/base/expected.h"
#include "fasdl/runtime/store.h"

namespace fasdl {

class RedisServer {
 public:
  // Starts `program` (found on PATH when it has no '/') and waits up to
  // `ready_seconds` for it to answer.
  static Expected<std::unique_ptr<RedisServer>> start(const std::string& program,
                                                      double ready_seconds);
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  const StoreAddress& address() const { return address_; }
  const std::string& password() const { return password_; }
  pid_t pid() const { return pid_; }
  // "own redis-server (pid 123) on redis://127.0.0.1:40123"
  std::string description() const;
  // Stops it (SIGTERM, then SIGKILL after 5 s) and removes its folder.
  void stop();

 private:
  RedisServer() = default;

  StoreAddress address_;
  std::string password_;
  std::string folder_;
  pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
Expected<int> free_loopback_port();

}  // namespace fasdl
