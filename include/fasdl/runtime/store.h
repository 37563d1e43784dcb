// Store: the key-value store fasdl-run's workers exchange every chunk
// through, as Lambda functions exchange objects through S3. Redis in
// fasdl-run (connect_redis), an in-memory map in tests
// (tests/support/memory_store.h).
// Keys and values are bytes; values may be up to 512 MB.
//
// A store that cannot be reached is retried with back-off (50 ms doubling to
// 1 s) until retry_seconds have passed; then the operation throws StoreError.
// Every command has a timeout, so nothing waits forever.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"

namespace fasdl {

// The store is unreachable after the retries, or refused a command. The
// message is one line naming the store and the cause.
struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// redis://HOST[:PORT][/DB]; the port defaults to 6379, the database to 0. A
// password in the URL is refused: it belongs in the environment
// (FASDL_REDIS_PASSWORD), where other users cannot read it.
struct StoreAddress {
  std::string host = "127.0.0.1";
  int port = 6379;
  int database = 0;

  std::string url() const;  // redis://HOST:PORT[/DB]
};
Expected<StoreAddress> parse_store_url(std::string_view url);

struct StoreTimeouts {
  double connect_seconds = 2;   // one connection attempt
  double command_seconds = 30;  // one command, including a 100 MB value
  double retry_seconds = 10;    // total back-off before giving up
};

class Store {
 public:
  virtual ~Store() = default;

  virtual void put(std::string_view key, std::string_view value) = 0;
  // Copies the value into `out` and returns true, or returns false when the
  // key is absent. A value of another size than `out` throws StoreError.
  virtual bool get_into(std::string_view key, std::span<std::byte> out) = 0;
  // The value, or nothing when the key is absent.
  virtual std::optional<std::string> get(std::string_view key) = 0;
  virtual bool exists(std::string_view key) = 0;
  virtual void remove(std::span<const std::string> keys) = 0;
  // Appends to a list / takes up to `max` values from its front.
  virtual void push(std::string_view list, std::string_view value) = 0;
  virtual std::vector<std::string> pop(std::string_view list, int max) = 0;
  // Removes every key matching a glob pattern ("fasdl:run:*"); returns how
  // many were removed.
  virtual long long remove_matching(std::string_view pattern) = 0;
  // "redis://127.0.0.1:6379" or "memory".
  virtual std::string name() const = 0;
};

// Floats through the store as their bytes (native byte order).
void put_floats(Store& store, std::string_view key, std::span<const float> values);
bool get_floats(Store& store, std::string_view key, std::span<float> out);

// Connects (with the retries above) and authenticates when `password` is not
// empty; fails with one line naming the URL and the cause.
Expected<std::unique_ptr<Store>> connect_redis(const StoreAddress& address,
                                               const std::string& password,
                                               const StoreTimeouts& timeouts = {});

}  // namespace fasdl
