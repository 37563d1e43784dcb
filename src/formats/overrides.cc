#include "fasdl/formats/overrides.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "fasdl/formats/profile_json.h"
#include "fasdl/formats/workload_json.h"
#include "fasdl/model/workload.h"
#include "formats/json_fields.h"

namespace fasdl {

namespace {

using Json = nlohmann::json;

bool is_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

// A JSON path of plain names: "epochs", "prices.put_request".
bool is_key(std::string_view key) {
  return !key.empty() && key.size() <= 200 && key.front() != '.' && key.back() != '.' &&
         key.find("..") == std::string_view::npos &&
         std::all_of(key.begin(), key.end(), is_key_char);
}

// A setting as messages show it: the value quoted when it is not one short
// printable line (a name with a line break, bytes that are not UTF-8).
std::string shown(std::string_view key, std::string_view value) {
  const bool plain = value.size() <= 60 && text::utf8(value) && text::one_line(value);
  return fmt::format("{}={}", key, plain ? std::string(value) : text::quoted(value));
}

// A value as JSON: numbers and booleans as themselves, anything else a string.
Json value_of(const std::string& text) {
  if (const auto v = text::to_double(text)) {
    if (const auto i = text::to_integer(text)) return Json(*i);
    return Json(*v);
  }
  if (text == "true" || text == "false") return Json(text == "true");
  if (text == "null") return Json(nullptr);
  return Json(text);
}

enum class Target { kWorkload, kProfile };

Expected<std::pair<Target, std::string>> target_of(const std::string& key) {
  if (!is_key(key)) {
    return Error{
        fmt::format("--set {}: expected a key of letters, digits, '_' and '.' such as "
                    "epochs or prices.function_mb_second",
                    text::quoted(key))};
  }
  static const std::vector<std::string> kWorkload = {"model_mb",      "samples",     "epochs",
                                                     "compute",       "flatten",     "batch",
                                                     "memory_min_mb", "memory_floor"};
  static const std::vector<std::string> kProfile = {"memory_mb", "prices", "sync", "transfers",
                                                    "platform"};
  if (key.rfind("workload.", 0) == 0) return std::pair{Target::kWorkload, key.substr(9)};
  if (key.rfind("profile.", 0) == 0) return std::pair{Target::kProfile, key.substr(8)};
  const std::string head = key.substr(0, key.find('.'));
  for (const auto& k : kWorkload) {
    if (head == k) return std::pair{Target::kWorkload, key};
  }
  for (const auto& k : kProfile) {
    if (head == k) return std::pair{Target::kProfile, key};
  }
  return Error{
      fmt::format("--set {}: unknown key; expected a workload key ({}) or a profile key "
                  "({}), optionally after workload. or profile.",
                  key, fmt::join(kWorkload, ", "), fmt::join(kProfile, ", "))};
}

// Sets `path` (dot-separated) in `doc`, creating objects on the way; null
// removes the key (switching an optional term off).
void set_path(Json& doc, const std::string& path, const Json& value) {
  Json* at = &doc;
  const auto parts = text::split(path, '.');
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!at->is_object()) *at = Json::object();
    at = &(*at)[std::string(parts[i])];
  }
  if (!at->is_object()) *at = Json::object();
  if (value.is_null()) {
    at->erase(std::string(parts.back()));
  } else {
    (*at)[std::string(parts.back())] = value;
  }
}

}  // namespace

Expected<Override> parse_override(std::string_view text) {
  const auto eq = text.find('=');
  const std::string key(text::trim(text.substr(0, eq)));
  if (eq == std::string_view::npos || !is_key(key) || text::trim(text.substr(eq + 1)).empty()) {
    return Error{
        fmt::format("--set: expected KEY=VALUE[,VALUE...] such as epochs=5,10 or "
                    "prices.function_mb_second=1.33e-8, got {}",
                    text::quoted(text))};
  }
  Override o{key, {}};
  for (const auto v : text::split(text.substr(eq + 1), ',')) {
    const std::string value(text::trim(v));
    if (value.empty()) {
      return Error{fmt::format("--set {}: expected a value between commas, got {}", key,
                               text::quoted(text))};
    }
    o.values.push_back(value);
  }
  if (auto t = target_of(key); !t) return t.error();
  return o;
}

std::vector<Settings> combinations(const std::vector<Override>& overrides) {
  std::vector<Settings> out{Settings{}};
  for (const Override& o : overrides) {
    std::vector<Settings> next;
    for (const Settings& s : out) {
      for (const std::string& v : o.values) {
        Settings t = s;
        t.emplace_back(o.key, v);
        next.push_back(std::move(t));
      }
    }
    out = std::move(next);
  }
  return out;
}

long long combination_count(const std::vector<Override>& overrides) {
  long long n = 1;
  for (const Override& o : overrides) {
    const auto values = static_cast<long long>(o.values.size());
    if (values == 0) return 0;
    n = n > std::numeric_limits<long long>::max() / values ? std::numeric_limits<long long>::max()
                                                           : n * values;
  }
  return n;
}

Settings combination(const std::vector<Override>& overrides, long long index) {
  Settings out(overrides.size());
  // Mixed radix, the last override the fastest digit.
  for (std::size_t i = overrides.size(); i-- > 0;) {
    const auto values = static_cast<long long>(overrides[i].values.size());
    out[i] = {overrides[i].key, overrides[i].values[static_cast<std::size_t>(index % values)]};
    index /= values;
  }
  return out;
}

Expected<Model> build_model(const Documents& d, const Settings& settings) {
  Json profile;
  Json workload;
  try {
    profile = json_fields::parse_document(d.profile.text, d.profile.origin);
    workload = json_fields::parse_document(d.workload.text, d.workload.origin);
  } catch (const json_fields::FieldError& e) {
    return Error{e.what()};
  }
  std::string changed;
  for (const auto& [key, value] : settings) {
    auto target = target_of(key);
    if (!target) return target.error();
    if (!text::utf8(value)) {
      return Error{fmt::format("--set {}: expected a value in UTF-8", shown(key, value))};
    }
    set_path(target->first == Target::kWorkload ? workload : profile, target->second,
             value_of(value));
    changed += fmt::format("{}{}", changed.empty() ? "" : " ", shown(key, value));
  }
  // Many settings: the message names the first few; its JSON path names the culprit.
  if (changed.size() > 400) {
    std::size_t cut = 400;
    while ((static_cast<unsigned char>(changed[cut]) & 0xc0) == 0x80)
      --cut;  // not inside a character
    changed = changed.substr(0, cut) + "...";
  }
  const auto prefix = [&](const Error& e) {
    return changed.empty() ? e : Error{fmt::format("--set {}: {}", changed, e.message)};
  };
  auto p = parse_profile(profile.dump(), d.profile.origin, d.load);
  if (!p) return prefix(p.error());
  auto w = parse_workload(workload.dump(), d.workload.origin);
  if (!w) return prefix(w.error());
  auto model = Model::create(std::move(p).value(), std::move(w).value());
  // The workload's coefficients do not form a model: name its file.
  if (!model) return prefix(Error{fmt::format("{}: {}", d.workload.origin, model.error().message)});
  return model;
}

}  // namespace fasdl
