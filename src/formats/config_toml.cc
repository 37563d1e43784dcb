// The TOML subset of config files (fasdl/formats/config_document.h).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

#include "base/text.h"
#include "fasdl/formats/config_document.h"

namespace fasdl {

namespace {

struct TomlError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool bare_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

// A key as a message shows it: plain, or quoted and shortened.
std::string shown(std::string_view key) {
  const bool plain =
      !key.empty() && key.size() <= 40 && std::all_of(key.begin(), key.end(), bare_key_char);
  return plain ? std::string(key) : text::quoted(key);
}

std::string dotted(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& p : path)
    out += (out.empty() ? "" : ".") + shown(p);
  return out;
}

class Reader {
 public:
  Reader(std::string_view text, std::string_view origin) : s_(text), origin_(origin) {}

  std::vector<ConfigEntry> read() {
    std::vector<std::string> table;
    while (!done()) {
      skip_blank();
      if (done()) break;
      if (peek() == '\n') {
        newline();
        continue;
      }
      if (peek() == '#') {
        skip_comment();
        continue;
      }
      if (peek() == '[') {
        table = header();
      } else {
        key_value(table);
      }
      end_of_line();
    }
    return std::move(entries_);
  }

 private:
  [[noreturn]] void fail(std::string_view expected) const {
    const auto end = s_.find('\n', i_);
    std::string_view rest = s_.substr(i_, end == std::string_view::npos ? end : end - i_);
    if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
    throw TomlError(fmt::format("{}: line {}: invalid TOML: expected {}, got {}", origin_, line_,
                                expected,
                                rest.empty() ? "the end of the line" : text::quoted(rest)));
  }
  [[noreturn]] void fail_at_line(std::string_view what) const {
    throw TomlError(fmt::format("{}: line {}: {}", origin_, line_, what));
  }

  bool done() const { return i_ >= s_.size(); }
  char peek(std::size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }
  bool starts(std::string_view p) const { return s_.substr(i_, p.size()) == p; }

  void skip_blank() {
    while (!done() && (peek() == ' ' || peek() == '\t' || (peek() == '\r' && peek(1) == '\n')))
      ++i_;
    if (!done() && peek() == '\0') fail_at_line("a NUL byte; expected text");
  }
  void skip_comment() {
    while (!done() && peek() != '\n') {
      if (peek() == '\0') fail_at_line("a NUL byte; expected text");
      ++i_;
    }
  }
  void newline() {
    ++i_;
    ++line_;
  }
  // Blanks, a comment, then the end of the line or of the file.
  void end_of_line() {
    skip_blank();
    if (!done() && peek() == '#') skip_comment();
    if (done()) return;
    if (peek() != '\n') fail("the end of the line");
    newline();
  }

  std::string key_part() {
    if (peek() == '"' || peek() == '\'') return string_value();
    const std::size_t start = i_;
    while (!done() && bare_key_char(peek()))
      ++i_;
    if (i_ == start) fail("a key");
    return std::string(s_.substr(start, i_ - start));
  }
  // a.b."c d": at most kMaxConfigDepth + 1 parts are read before the depth is refused.
  std::vector<std::string> key_path(std::size_t outer_depth) {
    std::vector<std::string> path;
    while (true) {
      skip_blank();
      path.push_back(key_part());
      if (outer_depth + path.size() > kMaxConfigDepth + 1) {
        fail_at_line(
            fmt::format("{}...: nested deeper than {} levels; expected an option or a "
                        "[subcommand] section",
                        dotted(path), kMaxConfigDepth));
      }
      skip_blank();
      if (peek() != '.') return path;
      ++i_;
    }
  }

  std::vector<std::string> header() {
    ++i_;
    if (peek() == '[') fail("a [section]; arrays of tables ([[...]]) are not options");
    std::vector<std::string> path = key_path(0);
    if (path.size() > kMaxConfigDepth) {
      fail_at_line(
          fmt::format("[{}]: nested deeper than {} levels; expected a [subcommand] section",
                      dotted(path), kMaxConfigDepth));
    }
    if (peek() != ']') fail("']'");
    ++i_;
    define(path, true);
    return path;
  }

  // Records a table or key; a second definition (or a key where a table is) is an error.
  void define(const std::vector<std::string>& path, bool table) {
    const auto [it, added] = defined_.emplace(path, std::pair{line_, table});
    if (!added) {
      fail_at_line(fmt::format("{}{}{}: defined again (first on line {}); expected each {} once",
                               table ? "[" : "", dotted(path), table ? "]" : "", it->second.first,
                               table ? "section" : "key"));
    }
    // A key may not sit where a table of the same name is, nor the other way round.
    for (std::size_t n = 1; n < path.size(); ++n) {
      const auto parent = defined_.find(std::vector<std::string>(path.begin(), path.begin() + n));
      if (parent != defined_.end() && !parent->second.second) {
        fail_at_line(fmt::format("{}: {} is a key (line {}), not a section", dotted(path),
                                 dotted({path.begin(), path.begin() + n}), parent->second.first));
      }
    }
  }

  void key_value(const std::vector<std::string>& table) {
    std::vector<std::string> path = key_path(table.size());
    if (peek() != '=') fail("'=' after the key");
    ++i_;
    skip_blank();
    std::vector<std::string> full = table;
    full.insert(full.end(), path.begin(), path.end());
    if (full.size() > kMaxConfigDepth + 1) {
      fail_at_line(
          fmt::format("{}: nested deeper than {} levels; expected an option or a "
                      "[subcommand] section",
                      dotted(full), kMaxConfigDepth));
    }
    define(full, false);
    ConfigEntry e;
    e.where = fmt::format("{}: line {}", origin_, line_);
    e.key = full.back();
    full.pop_back();
    e.sections = std::move(full);
    if (peek() == '[') {
      array(e.values);
    } else {
      e.values.push_back(scalar());
    }
    entries_.push_back(std::move(e));
  }

  // An array of scalars over one or more lines, comments and a trailing comma allowed.
  void array(std::vector<std::string>& out) {
    ++i_;
    while (true) {
      skip_space_in_array();
      if (peek() == ']') {
        ++i_;
        return;
      }
      if (peek() == '[') fail("a string, number or boolean (arrays do not nest in options)");
      out.push_back(scalar());
      skip_space_in_array();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() != ']') fail("',' or ']'");
    }
  }
  void skip_space_in_array() {
    while (true) {
      skip_blank();
      if (done()) fail("']' before the end of the file");
      if (peek() == '#') {
        skip_comment();
      } else if (peek() == '\n') {
        newline();
      } else {
        return;
      }
    }
  }

  std::string scalar() {
    if (peek() == '"' || peek() == '\'') return string_value();
    if (peek() == '{') fail("a string, number, boolean or array (inline tables are not options)");
    const std::size_t start = i_;
    while (!done() && (std::isalnum(static_cast<unsigned char>(peek())) != 0 ||
                       std::string_view("+-._").find(peek()) != std::string_view::npos))
      ++i_;
    const std::string_view word = s_.substr(start, i_ - start);
    if (word == "true" || word == "false") return std::string(word);
    std::string number;
    for (const char c : word) {
      if (c != '_') number += c;
    }
    if (word.empty() || word.find("__") != std::string_view::npos || !text::to_double(number)) {
      i_ = start;
      fail("a string, a finite number, true, false or an array");
    }
    return number;
  }

  std::string string_value() {
    const char quote = peek();
    if (starts(quote == '"' ? "\"\"\"" : "'''")) fail("a one-line string (no multi-line strings)");
    ++i_;
    std::string out;
    while (true) {
      if (done() || peek() == '\n') fail(fmt::format("the closing {} of the string", quote));
      const char c = peek();
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7f) {
        fail_at_line(fmt::format("a control character (\\x{:02x}) in a string; expected text", u));
      }
      ++i_;
      if (c == quote) return out;
      if (c == '\\' && quote == '"') {
        out += escape();
      } else {
        out += c;
      }
    }
  }

  std::string escape() {
    const char c = peek();
    ++i_;
    switch (c) {
      case 'b':
        return "\b";
      case 't':
        return "\t";
      case 'n':
        return "\n";
      case 'f':
        return "\f";
      case 'r':
        return "\r";
      case '"':
        return "\"";
      case '\\':
        return "\\";
      case 'u':
      case 'U':
        return code_point(c == 'u' ? 4 : 8);
      default:
        --i_;
        fail("an escape: \\b, \\t, \\n, \\f, \\r, \\\", \\\\, \\uXXXX or \\UXXXXXXXX");
    }
  }

  std::string code_point(std::size_t digits) {
    unsigned long cp = 0;
    for (std::size_t k = 0; k < digits; ++k, ++i_) {
      const char h = peek();
      if (std::isxdigit(static_cast<unsigned char>(h)) == 0) fail("hexadecimal digits");
      cp = cp * 16 +
           static_cast<unsigned long>(
               h <= '9' ? h - '0' : std::tolower(static_cast<unsigned char>(h)) - 'a' + 10);
    }
    if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) fail("a Unicode scalar value");
    std::string out;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
    return out;
  }

  std::string_view s_;
  std::string_view origin_;
  std::size_t i_ = 0;
  int line_ = 1;
  std::map<std::vector<std::string>, std::pair<int, bool>> defined_;  // line, is a table
  std::vector<ConfigEntry> entries_;
};

}  // namespace

Expected<std::vector<ConfigEntry>> parse_config_toml(std::string_view text,
                                                     std::string_view origin) {
  text = text::strip_bom(text);
  if (!text::utf8(text)) {
    return Error{fmt::format("{}: invalid TOML: expected UTF-8 text, got invalid bytes", origin)};
  }
  try {
    return Reader(text, origin).read();
  } catch (const TomlError& e) {
    return Error{e.what()};
  }
}

}  // namespace fasdl
