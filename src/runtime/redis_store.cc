// The Redis store through hiredis (Debian's libhiredis-dev, 0.14 API).
#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>

#include "fasdl/base/message.h"
#include "fasdl/runtime/store.h"
#include "runtime/process.h"

namespace fasdl {

std::string StoreAddress::url() const {
  return database == 0 ? fmt::format("redis://{}:{}", host, port)
                       : fmt::format("redis://{}:{}/{}", host, port, database);
}

Expected<StoreAddress> parse_store_url(std::string_view url) {
  const auto bad = [&](std::string_view why) {
    return Error{fmt::format("--redis {}: {}", one_line(url, 200), why)};
  };
  constexpr std::string_view kScheme = "redis://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return bad("expected redis://HOST[:PORT][/DB], e.g. redis://127.0.0.1:6379");
  }
  std::string_view rest = url.substr(kScheme.size());
  if (const auto at = rest.find('@'); at != std::string_view::npos) {
    // Never repeat the secret, not even in the message.
    return Error{
        fmt::format("--redis redis://***@{}: a password in the URL would show in the "
                    "process list; put it in FASDL_REDIS_PASSWORD",
                    rest.substr(at + 1))};
  }
  StoreAddress a;
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    const std::string_view db = rest.substr(slash + 1);
    const auto [end, ec] = std::from_chars(db.data(), db.data() + db.size(), a.database);
    if (ec != std::errc() || end != db.data() + db.size() || a.database < 0 || a.database > 15) {
      return bad("the database after '/' must be a number from 0 to 15");
    }
    rest = rest.substr(0, slash);
  }
  if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    const std::string_view port = rest.substr(colon + 1);
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
    if (ec != std::errc() || end != port.data() + port.size() || a.port < 1 || a.port > 65535) {
      return bad("the port must be a number from 1 to 65535");
    }
    rest = rest.substr(0, colon);
  }
  // A name or an address, nothing a message or a resolver would take for something else.
  const bool plain =
      !rest.empty() && rest.size() <= 253 && std::all_of(rest.begin(), rest.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
      });
  if (!plain) return bad("expected a host name or address after redis://");
  a.host = std::string(rest);
  return a;
}

namespace {

using Clock = std::chrono::steady_clock;

// What a server said, for a message: any server may answer anything (escapes, megabytes).
std::string server_text(const redisReply* r) {
  return one_line(std::string_view(r->str, r->len), 200);
}

timeval to_timeval(double seconds) {
  const auto micros = static_cast<long long>(seconds * 1e6);
  return timeval{static_cast<time_t>(micros / 1'000'000),
                 static_cast<suseconds_t>(micros % 1'000'000)};
}

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

// A command's words; binary-safe.
struct Command {
  std::vector<std::string_view> words;

  int call(redisContext* c, redisReply** reply) const {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (std::string_view w : words) {
      argv.push_back(w.data());
      lengths.push_back(w.size());
    }
    *reply = static_cast<redisReply*>(
        redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    return *reply == nullptr ? REDIS_ERR : REDIS_OK;
  }
};

class RedisStore final : public Store {
 public:
  RedisStore(StoreAddress address, std::string password, StoreTimeouts timeouts)
      : address_(std::move(address)), password_(std::move(password)), timeouts_(timeouts) {}
  ~RedisStore() override { disconnect(); }

  // Connects once; the message on failure.
  std::optional<std::string> connect() {
    disconnect();
    context_ = redisConnectWithTimeout(address_.host.c_str(), address_.port,
                                       to_timeval(timeouts_.connect_seconds));
    if (context_ == nullptr) return std::string("cannot allocate a connection");
    if (context_->err != 0) return io_error();
    connected_once_ = true;
    // A signal ends a wait on this socket at once (the launcher's Ctrl-C); after one, a
    // command that is still tried (the clean-up) waits a second at most.
    process::InterruptGuard::watch(context_->fd);
    redisSetTimeout(context_, to_timeval(process::InterruptGuard::received() != 0
                                             ? std::min(1.0, timeouts_.command_seconds)
                                             : timeouts_.command_seconds));
    redisEnableKeepAlive(context_);
    if (!password_.empty()) {
      if (auto e = setup_command({{"AUTH", password_}}, "AUTH")) return e;
    }
    if (address_.database != 0) {
      const std::string db = std::to_string(address_.database);
      if (auto e = setup_command({{"SELECT", db}}, "SELECT")) return e;
    }
    return std::nullopt;
  }

  void put(std::string_view key, std::string_view value) override { run({{"SET", key, value}}); }

  bool get_into(std::string_view key, std::span<std::byte> out) override {
    const Reply r = run({{"GET", key}});
    if (r->type == REDIS_REPLY_NIL) return false;
    if (r->type != REDIS_REPLY_STRING || static_cast<std::size_t>(r->len) != out.size()) {
      throw StoreError(fmt::format("{}: {}: expected a value of {} bytes, got {} bytes", name(),
                                   key, out.size(), r->type == REDIS_REPLY_STRING ? r->len : 0));
    }
    std::memcpy(out.data(), r->str, out.size());
    return true;
  }

  std::optional<std::string> get(std::string_view key) override {
    const Reply r = run({{"GET", key}});
    if (r->type != REDIS_REPLY_STRING) return std::nullopt;
    return std::string(r->str, static_cast<std::size_t>(r->len));
  }

  bool exists(std::string_view key) override {
    const Reply r = run({{"EXISTS", key}});
    return r->type == REDIS_REPLY_INTEGER && r->integer > 0;
  }

  void remove(std::span<const std::string> keys) override {
    if (keys.empty()) return;
    Command c{{"UNLINK"}};
    for (const std::string& k : keys)
      c.words.emplace_back(k);
    run(c);
  }

  void push(std::string_view list, std::string_view value) override {
    run({{"RPUSH", list, value}});
  }

  std::vector<std::string> pop(std::string_view list, int max) override {
    const std::string count = std::to_string(max);
    const Reply r = run({{"LPOP", list, count}});
    std::vector<std::string> out;
    if (r->type != REDIS_REPLY_ARRAY) return out;
    for (std::size_t i = 0; i < r->elements; ++i) {
      out.emplace_back(r->element[i]->str, static_cast<std::size_t>(r->element[i]->len));
    }
    return out;
  }

  long long remove_matching(std::string_view pattern) override {
    long long removed = 0;
    std::string cursor = "0";
    do {
      const Reply r = run({{"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"}});
      if (r->type != REDIS_REPLY_ARRAY || r->elements != 2) {
        throw StoreError(fmt::format("{}: SCAN: unexpected reply", name()));
      }
      cursor.assign(r->element[0]->str, static_cast<std::size_t>(r->element[0]->len));
      std::vector<std::string> keys;
      const redisReply* found = r->element[1];
      for (std::size_t i = 0; i < found->elements; ++i) {
        keys.emplace_back(found->element[i]->str, static_cast<std::size_t>(found->element[i]->len));
      }
      remove(keys);
      removed += static_cast<long long>(keys.size());
    } while (cursor != "0");
    return removed;
  }

  std::string name() const override { return address_.url(); }

 private:
  std::string io_error() const {
    return context_ != nullptr && context_->errstr[0] != '\0' ? context_->errstr : "I/O error";
  }

  void disconnect() {
    if (context_ != nullptr) {
      process::InterruptGuard::unwatch(context_->fd);
      redisFree(context_);
    }
    context_ = nullptr;
  }

  // AUTH or SELECT on a fresh connection; a refusal is final, not retried.
  std::optional<std::string> setup_command(const Command& c, std::string_view what) {
    redisReply* raw = nullptr;
    if (c.call(context_, &raw) != REDIS_OK) return io_error();
    const Reply r(raw);
    if (r->type == REDIS_REPLY_ERROR) {
      refused_ = fmt::format("{} refused: {}", what, server_text(r.get()));
      return refused_;
    }
    return std::nullopt;
  }

  // Runs a command, reconnecting with back-off after I/O errors until
  // retry_seconds have passed; server errors are not retried.
  Reply run(const Command& c) {
    const auto start = Clock::now();
    double backoff = 0.05;
    int attempts = 0;
    std::string cause;
    while (true) {
      ++attempts;
      std::optional<std::string> failed;
      if (context_ == nullptr) {
        failed = connect();
        if (!refused_.empty()) throw StoreError(fmt::format("{}: {}", name(), refused_));
        if (failed) disconnect();
      }
      if (!failed) {
        redisReply* raw = nullptr;
        if (c.call(context_, &raw) == REDIS_OK) {
          Reply r(raw);
          if (r->type == REDIS_REPLY_ERROR) {
            throw StoreError(
                fmt::format("{}: {} refused: {}", name(), c.words.front(), server_text(r.get())));
          }
          return r;
        }
        failed = io_error();
        disconnect();
      }
      cause = *failed;
      const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
      // Interrupted, a command gets one more attempt on a new connection (the clean-up's),
      // and no back-off.
      const bool interrupted = process::InterruptGuard::received() != 0;
      if (elapsed + backoff > timeouts_.retry_seconds || (interrupted && attempts >= 2) ||
          (!interrupted && !process::InterruptGuard::sleep(backoff))) {
        throw StoreError(fmt::format("{}: {} ({}); gave up after {} attempts over {:.1f} s", name(),
                                     connected_once_ ? "lost the connection" : "cannot connect",
                                     one_line(cause, 200), attempts, elapsed));
      }
      backoff = std::min(1.0, backoff * 2);
    }
  }

  StoreAddress address_;
  std::string password_;
  StoreTimeouts timeouts_;
  redisContext* context_ = nullptr;
  std::string refused_;  // AUTH or SELECT refused: retrying cannot help
  bool connected_once_ = false;
};

}  // namespace

Expected<std::unique_ptr<Store>> connect_redis(const StoreAddress& address,
                                               const std::string& password,
                                               const StoreTimeouts& timeouts) {
  // A write to a connection the server closed must fail with EPIPE, not kill
  // the process with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  auto store = std::make_unique<RedisStore>(address, password, timeouts);
  try {
    store->exists("fasdl:ping");  // connects, with the retries
  } catch (const StoreError& e) {
    return Error{e.what()};
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace fasdl
