#include "support/memory_store.h"

#include <fmt/format.h>

#include <cstring>
#include <deque>
#include <map>
#include <mutex>

#include "runtime/glob.h"

namespace fasdl::testing {

namespace {

template <class Map>
long long erase_matching(Map& map, std::string_view pattern) {
  long long removed = 0;
  for (auto it = map.begin(); it != map.end();) {
    if (glob_match(pattern, it->first)) {
      it = map.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
  return removed;
}

class MemoryStore final : public Store {
 public:
  void put(std::string_view key, std::string_view value) override {
    std::lock_guard lock(mutex_);
    values_[std::string(key)] = std::string(value);
  }

  bool get_into(std::string_view key, std::span<std::byte> out) override {
    std::lock_guard lock(mutex_);
    const auto it = values_.find(key);
    if (it == values_.end()) return false;
    if (it->second.size() != out.size()) {
      throw StoreError(
          fmt::format("memory: {}: expected {} bytes, got {}", key, out.size(), it->second.size()));
    }
    std::memcpy(out.data(), it->second.data(), out.size());
    return true;
  }

  std::optional<std::string> get(std::string_view key) override {
    std::lock_guard lock(mutex_);
    const auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }

  bool exists(std::string_view key) override {
    std::lock_guard lock(mutex_);
    return values_.find(key) != values_.end() || lists_.find(key) != lists_.end();
  }

  void remove(std::span<const std::string> keys) override {
    std::lock_guard lock(mutex_);
    for (const std::string& k : keys) {
      values_.erase(k);
      lists_.erase(k);
    }
  }

  void push(std::string_view list, std::string_view value) override {
    std::lock_guard lock(mutex_);
    lists_[std::string(list)].emplace_back(value);
  }

  std::vector<std::string> pop(std::string_view list, int max) override {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    const auto it = lists_.find(list);
    if (it == lists_.end()) return out;
    while (!it->second.empty() && static_cast<int>(out.size()) < max) {
      out.push_back(std::move(it->second.front()));
      it->second.pop_front();
    }
    if (it->second.empty()) lists_.erase(it);
    return out;
  }

  long long remove_matching(std::string_view pattern) override {
    std::lock_guard lock(mutex_);
    return erase_matching(values_, pattern) + erase_matching(lists_, pattern);
  }

  std::string name() const override { return "memory"; }

 private:
  std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, std::deque<std::string>, std::less<>> lists_;
};

}  // namespace

std::unique_ptr<Store> make_memory_store() {
  return std::make_unique<MemoryStore>();
}

}  // namespace fasdl::testing
