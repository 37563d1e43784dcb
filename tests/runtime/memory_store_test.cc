#include "support/memory_store.h"

#include <catch2/catch.hpp>
#include <vector>

#include "fasdl/runtime/store.h"

using namespace fasdl;
using fasdl::testing::make_memory_store;

// The contract every store keeps; run against Redis in redis_store_test.cc.
void check_store_contract(Store& store) {
  store.put("t:a", "alpha");
  CHECK(store.get("t:a").value() == "alpha");
  CHECK(store.exists("t:a"));
  CHECK_FALSE(store.get("t:missing").has_value());
  CHECK_FALSE(store.exists("t:missing"));

  const std::vector<float> values{1.5f, -2.0f, 3.25f};
  put_floats(store, "t:f", values);
  std::vector<float> out(3);
  CHECK(get_floats(store, "t:f", out));
  CHECK(out == values);
  std::vector<float> missing(3);
  CHECK_FALSE(get_floats(store, "t:none", missing));
  std::vector<float> wrong(2);
  CHECK_THROWS_AS(get_floats(store, "t:f", wrong), StoreError);

  store.push("t:list", "one");
  store.push("t:list", "two");
  store.push("t:list", "three");
  CHECK(store.pop("t:list", 2) == std::vector<std::string>{"one", "two"});
  CHECK(store.pop("t:list", 5) == std::vector<std::string>{"three"});
  CHECK(store.pop("t:list", 5).empty());

  const std::vector<std::string> doomed{"t:a"};
  store.remove(doomed);
  CHECK_FALSE(store.exists("t:a"));
  store.put("u:keep", "1");
  store.push("t:list2", "x");
  CHECK(store.remove_matching("t:*") == 2);  // t:f and t:list2
  CHECK_FALSE(store.exists("t:f"));
  CHECK(store.exists("u:keep"));
}

TEST_CASE("memory store: values, floats, lists and pattern removal behave as Redis's") {
  auto store = make_memory_store();
  check_store_contract(*store);
  CHECK(store->name() == "memory");
}

TEST_CASE("store URL: redis://HOST[:PORT][/DB] is read, and a password in it is refused") {
  auto a = parse_store_url("redis://127.0.0.1:6380");
  REQUIRE(a.ok());
  CHECK(a->host == "127.0.0.1");
  CHECK(a->port == 6380);
  CHECK(a->url() == "redis://127.0.0.1:6380");
  auto b = parse_store_url("redis://cache.local/3");
  REQUIRE(b.ok());
  CHECK(b->port == 6379);
  CHECK(b->database == 3);
  CHECK(b->url() == "redis://cache.local:6379/3");
  const auto secret = parse_store_url("redis://:hunter2@127.0.0.1:6379");
  REQUIRE_FALSE(secret.ok());
  CHECK(secret.error().message.find("FASDL_REDIS_PASSWORD") != std::string::npos);
  CHECK(secret.error().message.find("hunter2") == std::string::npos);
  CHECK_FALSE(parse_store_url("http://127.0.0.1").ok());
  CHECK_FALSE(parse_store_url("redis://127.0.0.1:99999").ok());
  CHECK_FALSE(parse_store_url("redis://127.0.0.1:12x").ok());
  CHECK_FALSE(parse_store_url("redis://:6379").ok());
  CHECK_FALSE(parse_store_url("redis://h/16").ok());
  // A host with a line break or an escape: refused at once, in one line, not resolved for 10 s.
  CHECK(parse_store_url("redis://a\nb:6379").error().message ==
        "--redis redis://a\\nb:6379: expected a host name or address after redis://");
  CHECK_FALSE(parse_store_url("redis://\x1b[31m").ok());
}
