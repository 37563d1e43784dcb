// The fuzz checks of what fasdl prints (fuzz_check.h): messages are one
// clean line, printed figures hold no inf or nan, JSON no stray null.
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "fuzz_check.h"

namespace fasdl::fuzz {

namespace {

// The code point of the UTF-8 sequence at `at` (advanced past it), or -1 when
// the bytes are not UTF-8 (overlong forms and surrogates included).
long next_code_point(std::string_view s, std::size_t& at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(at);
  int extra = -1;
  if (lead < 0x80) {
    extra = 0;
  } else if (lead >= 0xc2 && lead < 0xe0) {
    extra = 1;
  } else if (lead >= 0xe0 && lead < 0xf0) {
    extra = 2;
  } else if (lead >= 0xf0 && lead < 0xf5) {
    extra = 3;
  }
  if (extra < 0 || at + extra >= s.size()) return -1;
  long cp = extra == 0 ? lead : lead & (0x3f >> extra);
  for (int i = 1; i <= extra; ++i) {
    if ((byte(at + i) & 0xc0) != 0x80) return -1;
    cp = (cp << 6) | (byte(at + i) & 0x3f);
  }
  const long smallest[] = {0, 0x80, 0x800, 0x10000};
  if (cp < smallest[extra] || (cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff) return -1;
  at += extra + 1;
  return cp;
}

}  // namespace

void check_line(std::string_view m) {
  FUZZ_CHECK(!m.empty() && m.size() <= 2000, "message of {} bytes", m.size());
  // Input copied into a message is either escaped or a path a document named
  // (UTF-8 by JSON's rules): no control characters, no line separators.
  for (std::size_t at = 0; at < m.size();) {
    const long cp = next_code_point(m, at);
    FUZZ_CHECK(cp >= 0x20 && !(cp >= 0x7f && cp < 0xa0) && cp != 0x2028 && cp != 0x2029,
               "code point {} (-1: not UTF-8) in the message: {}", cp, m);
  }
}

void check_error(const Error& error, std::initializer_list<std::string_view> origins) {
  const std::string& m = error.message;
  check_line(m);
  bool named = false;
  for (const std::string_view origin : origins) {
    named = named || (m.size() > origin.size() && m.compare(0, origin.size(), origin) == 0 &&
                      m[origin.size()] == ':');
  }
  FUZZ_CHECK(named, "the message does not start with its origin: {}", m);
}

bool has_word(std::string_view text, std::string_view word) {
  const auto letter = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !letter(text[at - 1]);
    const bool ends = at + word.size() == text.size() || !letter(text[at + word.size()]);
    if (starts && ends) return true;
  }
  return false;
}

void check_no_inf_nan(std::string_view text, std::string_view what) {
  for (const std::string_view word : {"inf", "nan", "infinity", "NaN"}) {
    FUZZ_CHECK(!has_word(text, word), "{} prints {}:\n{}", what, word, text);
  }
}

namespace {

// `infeasible`: inside a prediction with "feasible": false, whose figures are
// null by design (no zeros a script could mistake for a bargain).
void walk_json(const nlohmann::json& j, const std::string& key, std::string_view what,
               bool infeasible = false) {
  static const std::set<std::string> kNullable = {
      "deadline_seconds", "budget_dollars", "elapsed_ms",       "plan",           "scatter_reduce",
      "all_reduce",       "savings",        "lifetime_seconds", "memory_floor_mb"};
  static const std::set<std::string> kInfeasibleNullable = {"iterations", "seconds", "dollars",
                                                            "breakdown", "cost"};
  if (j.is_null()) {
    FUZZ_CHECK(kNullable.contains(key) || (infeasible && kInfeasibleNullable.contains(key)),
               "{}: {} is null", what, key);
  }
  if (j.is_number()) FUZZ_CHECK(std::isfinite(j.get<double>()), "{}: {} is not finite", what, key);
  if (j.is_object()) {
    const bool object_infeasible = j.contains("feasible") && j["feasible"] == false;
    for (auto it = j.begin(); it != j.end(); ++it)
      walk_json(it.value(), it.key(), what, object_infeasible);
  }
  if (j.is_array()) {
    for (const auto& e : j)
      walk_json(e, key, what);
  }
}

}  // namespace

void check_json_numbers(std::string_view text, std::string_view what) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  FUZZ_CHECK(!j.is_discarded(), "{} is not JSON:\n{}", what, text);
  walk_json(j, "", what);
}

}  // namespace fasdl::fuzz
