#include "redis_option.h"

#include <cstdlib>

#include "vocabulary.h"

namespace fasdl::cli {

CLI::Option* add_redis_option(CLI::App& app, std::string& url, const std::string& help) {
  CLI::Option* redis = app.add_option("--redis", url, help);
  add_deprecated_alias(app, "--store", redis, url);
  return redis;
}

Error redis_spelling(Error error) {
  std::string& m = error.message;
  if (m.starts_with("--store ")) m.replace(0, 7, "--redis");
  for (std::size_t at = m.find("pass --store "); at != std::string::npos;
       at = m.find("pass --store ", at)) {
    m.replace(at + 5, 7, "--redis");
  }
  return error;
}

Expected<RedisServer> redis_server_of(const std::string& url) {
  auto address = parse_store_url(url);
  if (!address) return redis_spelling(address.error());
  const char* password = std::getenv("FASDL_REDIS_PASSWORD");
  return RedisServer{*address, password != nullptr ? password : ""};
}

}  // namespace fasdl::cli
