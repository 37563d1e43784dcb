// Fuzz target: parse_config (fasdl-plan --config, TOML or JSON) and the
// message sanitiser one_line() on any bytes. A document that parses has keys,
// sections no deeper than kMaxConfigDepth and a place for every entry; written
// back as TOML it reads back to the same entries. An error is one line
// starting with the file. one_line() of the input is one printable line of at
// most kMaxMessageBytes and "...".
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/message.h"
#include "fasdl/formats/config_document.h"
#include "fuzz_check.h"

namespace {

// `s` as a TOML basic string: every byte that is not printable ASCII escaped.
std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\u{:04x}", u);
    } else {
      out += c;  // UTF-8, which parse_config_toml required of the input
    }
  }
  return out + "\"";
}

std::string toml_of(const std::vector<fasdl::ConfigEntry>& entries) {
  std::string out;
  for (const fasdl::ConfigEntry& e : entries) {
    std::string key;
    for (const std::string& s : e.sections)
      key += toml_string(s) + ".";
    key += toml_string(e.key);
    out += key + " = [";
    for (const std::string& v : e.values)
      out += toml_string(v) + ", ";
    out += "]\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string line = fasdl::one_line(text);
  if (!line.empty()) fasdl::fuzz::check_line(line);
  FUZZ_CHECK(line.size() <= fasdl::kMaxMessageBytes + 3, "one_line gave {} bytes", line.size());

  const auto entries = fasdl::parse_config(text, "c.toml");
  if (!entries) {
    fasdl::fuzz::check_error(entries.error(), {"c.toml"});
    return 0;
  }
  for (const fasdl::ConfigEntry& e : *entries) {
    FUZZ_CHECK(e.sections.size() <= fasdl::kMaxConfigDepth, "{} sections", e.sections.size());
    FUZZ_CHECK(e.where.rfind("c.toml: ", 0) == 0, "an entry without its place: {}", e.where);
  }
  // Arrays of one value are written as arrays: the entries, not the layout, must come back.
  const std::string again_text = toml_of(*entries);
  const auto again = fasdl::parse_config_toml(again_text, "again.toml");
  FUZZ_CHECK(again.ok(), "the entries written as TOML do not read back: {}\n{}",
             again ? "" : again.error().message, again_text);
  FUZZ_CHECK(again->size() == entries->size(), "{} entries read back as {}", entries->size(),
             again->size());
  for (std::size_t i = 0; i < again->size(); ++i) {
    const fasdl::ConfigEntry& a = (*entries)[i];
    const fasdl::ConfigEntry& b = (*again)[i];
    FUZZ_CHECK(a.sections == b.sections && a.key == b.key && a.values == b.values,
               "entry {} ({}) reads back differently", i, a.key);
  }
  return 0;
}
