// Needs Debian's redis-server (FASDL_REDIS_SERVER, found by CMake); fails,
// not skips, without it.
#include <catch2/catch.hpp>
#include <chrono>
#include <vector>

#include "fasdl/runtime/store.h"
#include "runtime/redis_server.h"

using namespace fasdl;

void check_store_contract(Store& store);

namespace {

std::unique_ptr<RedisServer> start_server() {
  auto server = RedisServer::start(FASDL_REDIS_SERVER, 10.0);
  if (!server) FAIL("cannot start redis-server: " << server.error().message);
  return std::move(server).value();
}

}  // namespace

TEST_CASE("redis store: a private server keeps the store contract, with a password") {
  const auto server = start_server();
  auto store = connect_redis(server->address(), server->password());
  REQUIRE(store.ok());
  check_store_contract(**store);
  CHECK((*store)->name() == server->address().url());
}

TEST_CASE("redis store: a 20 MB chunk goes up and comes back bit for bit") {
  const auto server = start_server();
  auto store = connect_redis(server->address(), server->password());
  REQUIRE(store.ok());
  std::vector<float> chunk(5 * 1024 * 1024);
  for (std::size_t i = 0; i < chunk.size(); ++i)
    chunk[i] = static_cast<float>(i) * 0.5f;
  put_floats(**store, "big", chunk);
  std::vector<float> back(chunk.size());
  REQUIRE(get_floats(**store, "big", back));
  CHECK(back == chunk);
}

TEST_CASE("redis store: a wrong password is refused at once, naming the store") {
  const auto server = start_server();
  const auto store = connect_redis(server->address(), "not-the-password", {1.0, 2.0, 5.0});
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().message.find(server->address().url() + ": AUTH refused") == 0);
}

TEST_CASE("redis store: a lost server fails after the back-off with a clear message, not a hang") {
  auto server = start_server();
  auto store = connect_redis(server->address(), server->password(), {0.5, 2.0, 1.0});
  REQUIRE(store.ok());
  (*store)->put("k", "v");
  server->stop();
  const auto start = std::chrono::steady_clock::now();
  try {
    (*store)->put("k", "w");
    FAIL("the put succeeded without a server");
  } catch (const StoreError& e) {
    const std::string message = e.what();
    CHECK(message.find("lost the connection") != std::string::npos);
    CHECK(message.find("gave up after") != std::string::npos);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds >= 0.5);  // it did retry
  CHECK(seconds < 5.0);   // within the 1 s back-off budget, plus the last attempt
}

TEST_CASE("redis server: the guard stops the server and removes its folder") {
  StoreAddress address;
  {
    const auto server = start_server();
    address = server->address();
    REQUIRE(connect_redis(address, server->password()).ok());
  }
  CHECK_FALSE(connect_redis(address, "", {0.5, 1.0, 0.0}).ok());
}
