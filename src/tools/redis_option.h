// --redis URL: the Redis server of fasdl-run, fasdl-validate and
// fasdl-profile measure (and of their hidden worker and probe processes).
// --store is its old name: still accepted, with a deprecation notice.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "fasdl/base/expected.h"
#include "fasdl/runtime/store.h"

namespace fasdl::cli {

// --redis URL on `app`, with --store as its deprecated alias.
CLI::Option* add_redis_option(CLI::App& app, std::string& url, const std::string& help);

// The server of --redis URL and its password (FASDL_REDIS_PASSWORD); errors
// name --redis.
struct RedisServer {
  StoreAddress address;
  std::string password;
};
Expected<RedisServer> redis_server_of(const std::string& url);

}  // namespace fasdl::cli
