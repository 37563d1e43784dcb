#include "fasdl/formats/config_document.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "formats/json_fields.h"

namespace fasdl {

namespace {

// A scalar as the option's text: strings as they are, numbers as written back, booleans.
std::string scalar_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

bool is_scalar(const nlohmann::json& v) {
  return v.is_string() || v.is_number() || v.is_boolean();
}

// A key as a message shows it: plain, or quoted and shortened.
std::string shown(std::string_view key) {
  const bool plain =
      !key.empty() && key.size() <= 40 && std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
      });
  return plain ? std::string(key) : text::quoted(key);
}

std::string join(const std::vector<std::string>& sections, const std::string& key) {
  std::string out;
  for (const std::string& s : sections)
    out += shown(s) + ".";
  return out + shown(key);
}

// Throws FieldError naming the JSON path.
void flatten(const nlohmann::json& object, std::vector<std::string>& sections,
             std::string_view origin, std::vector<ConfigEntry>& out) {
  for (const auto& [key, value] : object.items()) {
    const std::string path = join(sections, key);
    if (value.is_object()) {
      if (sections.size() + 1 > kMaxConfigDepth) {
        json_fields::fail_at(
            origin, path,
            fmt::format("an option (subcommands nest at most {} levels)", kMaxConfigDepth), &value);
      }
      sections.push_back(key);
      flatten(value, sections, origin, out);
      sections.pop_back();
      continue;
    }
    ConfigEntry e{sections, key, {}, fmt::format("{}: {}", origin, path)};
    if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (!is_scalar(value[i])) {
          json_fields::fail_at(origin, fmt::format("{}[{}]", path, i),
                               "a string, number or boolean", &value[i]);
        }
        e.values.push_back(scalar_text(value[i]));
      }
    } else if (is_scalar(value)) {
      e.values.push_back(scalar_text(value));
    } else {
      json_fields::fail_at(origin, path, "a string, number, boolean or array of them", &value);
    }
    out.push_back(std::move(e));
  }
}

}  // namespace

Expected<std::vector<ConfigEntry>> parse_config(std::string_view text, std::string_view origin) {
  const std::string_view body = text::trim(text::strip_bom(text));
  if (body.empty() || body.front() != '{') return parse_config_toml(text, origin);
  try {
    const nlohmann::json doc = json_fields::parse_document(text, origin);
    std::vector<ConfigEntry> out;
    std::vector<std::string> sections;
    flatten(doc, sections, origin, out);
    return out;
  } catch (const json_fields::FieldError& e) {
    return Error{e.what()};
  }
}

}  // namespace fasdl
