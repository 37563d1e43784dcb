#include "formats/json_fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "base/text.h"

namespace fasdl::json_fields {

namespace {

// A key as it appears in a path: as it is when plain, else quoted and shortened, so that a
// message stays one printable line.
std::string path_key(std::string_view key) {
  const bool plain =
      !key.empty() && key.size() <= 40 && std::all_of(key.begin(), key.end(), [](char c) {
        return c > 0x20 && c < 0x7f && c != '.' && c != '[' && c != '"';
      });
  return plain ? std::string(key) : text::quoted(key);
}

constexpr std::size_t kMaxDepth = 64;

// Tracks where the parser is, to name a duplicate key by its JSON path.
struct Frame {
  bool is_array = false;
  long index = -1;
  std::string key;
  std::set<std::string> keys;
};

// `at_value`: the innermost array has not counted the element being read.
std::string join_path(const std::vector<Frame>& frames, bool at_value = false) {
  std::string out;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const Frame& f = frames[i];
    if (f.is_array) {
      const long index = at_value && i + 1 == frames.size() ? std::max(f.index, 0L) : f.index;
      if (index >= 0) out += fmt::format("[{}]", index);
    } else if (!f.key.empty()) {
      if (!out.empty()) out += '.';
      out += path_key(f.key);
    }
  }
  if (out.size() > 200) out = out.substr(0, 200) + "...";  // deep paths of long keys
  return out;
}

// nlohmann's parse error, shortened to "line L, column C: invalid JSON: <detail>" with the
// token it quotes ("last read: '...'") escaped and shortened like any quoted input.
std::string parse_error_text(std::string what) {
  constexpr std::string_view kAt = "parse error at ";
  std::string where;
  if (const auto at = what.find(kAt); at != std::string::npos) {
    what = what.substr(at + kAt.size());
    const auto colon = what.find(": ");
    where = what.substr(0, colon);
    what = colon == std::string::npos ? "" : what.substr(colon + 2);
  } else if (const auto bracket = what.find("] "); bracket != std::string::npos) {
    what = what.substr(bracket + 2);
  }
  // "syntax error while parsing value - unexpected end of input; ..." keeps what follows " - ".
  if (const auto dash = what.find(" - ");
      what.rfind("syntax error", 0) == 0 && dash != std::string::npos) {
    what = what.substr(dash + 3);
  }
  // "...; last read: '<token>'[; expected <token kind>]": the token is input,
  // which may hold anything, "'; expected" included, so the message is taken
  // apart from its known ends.
  constexpr std::string_view kLastRead = "; last read: '";
  if (const auto start = what.find(kLastRead); start != std::string::npos) {
    std::string suffix;
    for (const std::string_view kind :
         {"true literal", "false literal", "null literal", "string literal", "number literal",
          "'['", "'{'", "']'", "'}'", "':'", "','", "<parse error>", "end of input",
          "'[', '{', or a literal", "unknown token", "<uninitialized>"}) {
      const std::string candidate = fmt::format("; expected {}", kind);
      if (what.size() >= candidate.size() &&
          what.compare(what.size() - candidate.size(), candidate.size(), candidate) == 0) {
        suffix = candidate;
        what.resize(what.size() - candidate.size());
        break;
      }
    }
    const auto token_start = start + kLastRead.size();
    if (what.size() > token_start && what.back() == '\'') {
      const std::string_view token(what.data() + token_start, what.size() - token_start - 1);
      what = what.substr(0, start) + "; last read: " + text::quoted(token) + suffix;
    } else {
      what += suffix;
    }
  }
  // Anything else nlohmann copied from the input: no control or non-ASCII bytes in one line.
  std::string clean;
  for (const char c : what) {
    const auto u = static_cast<unsigned char>(c);
    clean += u < 0x20 || u >= 0x7f ? fmt::format("\\x{:02x}", u) : std::string(1, c);
  }
  if (clean.size() > 300) clean = clean.substr(0, 300) + "...";  // whatever nlohmann quotes
  return where.empty() ? fmt::format("invalid JSON: {}", clean)
                       : fmt::format("{}: invalid JSON: {}", where, clean);
}

std::string_view range_text(Range r) {
  switch (r) {
    case Range::kPositive:
      return "a positive number";
    case Range::kNonNegative:
      return "a non-negative number";
    case Range::kFinite:
      break;
  }
  return "a number";
}

// nlohmann takes a NUL byte for the end of the input: whatever follows one would be ignored.
void refuse_nul(std::string_view text, std::string_view origin) {
  const auto nul = text.find('\0');
  if (nul == std::string_view::npos) return;
  const std::string_view before = text.substr(0, nul);
  const auto line_start = before.rfind('\n');
  throw FieldError(
      fmt::format("{}: line {}, column {}: invalid JSON: a NUL byte after the document; expected "
                  "nothing more",
                  origin, std::count(before.begin(), before.end(), '\n') + 1,
                  nul - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1));
}

}  // namespace

nlohmann::json parse_document(std::string_view text, std::string_view origin) {
  using nlohmann::json;
  if (text::trim(text::strip_bom(text)).empty()) {
    throw FieldError(fmt::format("{}: empty file; expected a JSON object", origin));
  }
  std::vector<Frame> frames;
  std::string duplicate;
  const auto on_element_done = [&] {
    if (!frames.empty() && frames.back().is_array) ++frames.back().index;
  };
  json::parser_callback_t callback = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (!frames.empty() && frames.back().is_array && frames.back().index < 0)
          frames.back().index = 0;
        // A megabyte of '[' would otherwise cost a hundred megabytes of frames.
        if (frames.size() == kMaxDepth) {
          throw FieldError(
              fmt::format("{}: {}: nested deeper than {} levels; expected a fasdl "
                          "document (they nest at most 5)",
                          origin, join_path(frames, true), kMaxDepth));
        }
        frames.push_back(Frame{event == json::parse_event_t::array_start, -1, {}, {}});
        break;
      case json::parse_event_t::key: {
        Frame& f = frames.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second && duplicate.empty()) duplicate = join_path(frames);
        break;
      }
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        frames.pop_back();
        on_element_done();
        break;
      case json::parse_event_t::value:
        if (!frames.empty() && frames.back().is_array && frames.back().index < 0)
          frames.back().index = 0;
        on_element_done();
        break;
    }
    return true;
  };
  json document;
  try {
    document = json::parse(text.begin(), text.end(), callback);
  } catch (const json::parse_error& e) {
    throw FieldError(fmt::format("{}: {}", origin, parse_error_text(e.what())));
  } catch (const json::out_of_range& e) {
    // 406: a number beyond double's range, e.g. 1e999; named by its JSON path.
    std::string number = e.what();
    const auto quote = number.find('\'');
    number = quote == std::string::npos ? "" : number.substr(quote + 1);
    if (!number.empty() && number.back() == '\'') number.pop_back();
    const std::string path = join_path(frames, true);
    if (number.size() > 40) number = number.substr(0, 40) + "...";
    throw FieldError(fmt::format("{}: {}expected a finite number, got {} (out of range)", origin,
                                 path.empty() ? "" : path + ": ", number));
  } catch (const json::exception& e) {
    std::string what = e.what();
    const auto bracket = what.find("] ");
    if (bracket != std::string::npos) what = what.substr(bracket + 2);
    throw FieldError(fmt::format("{}: invalid JSON: {}", origin, text::quoted(what, 200)));
  }
  if (!duplicate.empty()) {
    throw FieldError(
        fmt::format("{}: {}: duplicate key; expected each key once", origin, duplicate));
  }
  refuse_nul(text, origin);
  return document;
}

std::string describe(const nlohmann::json& value) {
  if (value.is_string()) return text::quoted(value.get<std::string>());
  if (value.is_object()) return value.empty() ? "an empty object" : "an object";
  if (value.is_array()) {
    if (value.empty()) return "an empty array";
    return value.size() == 1 ? "an array of 1 element"
                             : fmt::format("an array of {} elements", value.size());
  }
  if (value.is_null()) return "null";
  std::string dumped = value.dump();
  if (dumped.size() > 40) dumped = dumped.substr(0, 40) + "...";
  return dumped;
}

void fail_at(std::string_view origin, std::string_view path, std::string_view expected,
             const nlohmann::json* got) {
  const std::string where =
      path.empty() ? std::string(origin) : fmt::format("{}: {}", origin, path);
  if (got == nullptr) throw FieldError(fmt::format("{}: missing; expected {}", where, expected));
  throw FieldError(fmt::format("{}: expected {}, got {}", where, expected, describe(*got)));
}

double checked_number(const nlohmann::json& value, Range range, std::string_view origin,
                      std::string_view path) {
  if (!value.is_number()) fail_at(origin, path, range_text(range), &value);
  const double v = value.get<double>();
  const bool good =
      std::isfinite(v) && (range == Range::kFinite || (range == Range::kPositive && v > 0) ||
                           (range == Range::kNonNegative && v >= 0));
  if (!good) fail_at(origin, path, range_text(range), &value);
  return v + 0.0;  // -0 reads as 0: nothing prints -0.0 back
}

Fields::Fields(const nlohmann::json& object, std::string origin, std::string path)
    : object_(&object), origin_(std::move(origin)), path_(std::move(path)) {
  if (!object.is_object()) {
    fail_at(origin_, path_.empty() ? "top level" : path_, "an object", &object);
  }
}

std::string Fields::path_of(std::string_view key) const {
  return path_.empty() ? path_key(key) : fmt::format("{}.{}", path_, path_key(key));
}

void Fields::fail(std::string_view key, std::string_view expected) const {
  const auto it = object_->find(key);
  fail_at(origin_, path_of(key), expected, it == object_->end() ? nullptr : &*it);
}

const nlohmann::json* Fields::optional(std::string_view key) {
  read_.emplace(key);
  const auto it = object_->find(key);
  return it == object_->end() ? nullptr : &*it;
}

double Fields::number(std::string_view key, Range range) {
  const auto* v = optional(key);
  if (v == nullptr) fail_at(origin_, path_of(key), range_text(range), nullptr);
  return checked_number(*v, range, origin_, path_of(key));
}

std::optional<double> Fields::optional_number(std::string_view key, Range range) {
  const auto* v = optional(key);
  if (v == nullptr) return std::nullopt;
  return checked_number(*v, range, origin_, path_of(key));
}

long long Fields::integer(std::string_view key, long long min, long long max) {
  const auto* v = optional(key);
  const std::string expected = fmt::format("a whole number from {} to {}", min, max);
  if (v == nullptr) fail_at(origin_, path_of(key), expected, nullptr);
  if (!v->is_number()) fail_at(origin_, path_of(key), expected, v);
  const double d = v->get<double>();
  if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(min) ||
      d > static_cast<double>(max)) {
    fail_at(origin_, path_of(key), expected, v);
  }
  return v->is_number_integer() ? v->get<long long>() : static_cast<long long>(d);
}

std::optional<long long> Fields::optional_integer(std::string_view key, long long min,
                                                  long long max) {
  if (!has(key)) {
    read_.emplace(key);
    return std::nullopt;
  }
  return integer(key, min, max);
}

std::string Fields::string(std::string_view key) {
  const auto* v = optional(key);
  if (v == nullptr || !v->is_string()) fail_at(origin_, path_of(key), "a string", v);
  std::string s = v->get<std::string>();
  // Names, descriptions and paths end up in one-line messages and tables.
  if (!text::one_line(s)) {
    fail_at(origin_, path_of(key), "a one-line string without control characters", v);
  }
  return s;
}

std::optional<std::string> Fields::optional_string(std::string_view key) {
  if (!has(key)) {
    read_.emplace(key);
    return std::nullopt;
  }
  return string(key);
}

Fields Fields::object(std::string_view key) {
  const auto* v = optional(key);
  if (v == nullptr || !v->is_object()) fail_at(origin_, path_of(key), "an object", v);
  return Fields(*v, origin_, path_of(key));
}

std::optional<Fields> Fields::optional_object(std::string_view key) {
  if (!has(key)) {
    read_.emplace(key);
    return std::nullopt;
  }
  return object(key);
}

const nlohmann::json& Fields::array(std::string_view key) {
  const auto* v = optional(key);
  if (v == nullptr || !v->is_array()) fail_at(origin_, path_of(key), "an array", v);
  return *v;
}

void Fields::finish() const {
  for (auto it = object_->begin(); it != object_->end(); ++it) {
    if (!read_.contains(it.key())) {
      throw FieldError(fmt::format("{}: {}: unknown key; expected one of: {}", origin_,
                                   path_of(it.key()), fmt::join(read_, ", ")));
    }
  }
}

}  // namespace fasdl::json_fields
