// Strict reading of JSON documents into value types (internal).
//
// Every accessor checks presence, type and range and names the JSON path in
// its message; finish() rejects keys nobody asked for. Failures throw
// FieldError, which the public parse functions turn into an Error.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fasdl::json_fields {

struct FieldError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses `text` rejecting duplicate keys; throws FieldError whose message
// starts with `origin` and gives the line and column or the JSON path.
nlohmann::json parse_document(std::string_view text, std::string_view origin);

enum class Range { kFinite, kPositive, kNonNegative };

class Fields {
 public:
  // `path` is the JSON path of `object` ("" for the root).
  Fields(const nlohmann::json& object, std::string origin, std::string path);

  double number(std::string_view key, Range range);
  std::optional<double> optional_number(std::string_view key, Range range);
  long long integer(std::string_view key, long long min, long long max);
  std::optional<long long> optional_integer(std::string_view key, long long min, long long max);
  std::string string(std::string_view key);
  std::optional<std::string> optional_string(std::string_view key);
  Fields object(std::string_view key);
  std::optional<Fields> optional_object(std::string_view key);
  const nlohmann::json& array(std::string_view key);
  const nlohmann::json* optional(std::string_view key);
  const nlohmann::json& raw() const { return *object_; }
  // Whether `key` is present; asking makes it a known key for finish().
  bool has(std::string_view key) const {
    read_.emplace(key);
    return object_->contains(key);
  }

  // Rejects any key not read so far.
  void finish() const;

  std::string path_of(std::string_view key) const;
  [[noreturn]] void fail(std::string_view key, std::string_view expected) const;
  const std::string& origin() const { return origin_; }
  const std::string& path() const { return path_; }

 private:
  const nlohmann::json* object_;
  std::string origin_;
  std::string path_;
  mutable std::set<std::string, std::less<>> read_;
};

// A JSON value shortened for messages: 12, "abc", an object, an array of 3
// elements.
std::string describe(const nlohmann::json& value);

// Checks `value` as a number in `range`; `what` names it in the message.
double checked_number(const nlohmann::json& value, Range range, std::string_view origin,
                      std::string_view path);
[[noreturn]] void fail_at(std::string_view origin, std::string_view path, std::string_view expected,
                          const nlohmann::json* got);

}  // namespace fasdl::json_fields
