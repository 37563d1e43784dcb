#include "redis_option.h"

#include <cstdlib>

#include "vocabulary.h"

namespace fasdl::cli {

CLI::Option* add_redis_option(CLI::App& app, std::string& url, const std::string& help) {
  CLI::Option* redis = app.add_option("--redis", url, help);
  add_deprecated_alias(app, "--store", redis, url);
  return redis;
}

Expected<RedisServer> redis_server_of(const std::string& url) {
  auto address = parse_store_url(url);
  if (!address) return address.error();
  const char* password = std::getenv("FASDL_REDIS_PASSWORD");
  return RedisServer{*address, password != nullptr ? password : ""};
}

}  // namespace fasdl::cli
