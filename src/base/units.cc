#include "fasdl/base/units.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "base/text.h"

namespace fasdl {

namespace {

// Seconds in one `unit`, or 0 when the unit is unknown.
double unit_seconds(std::string_view unit) {
  if (unit.empty() || unit == "s" || unit == "sec" || unit == "secs" || unit == "second" ||
      unit == "seconds")
    return 1;
  if (unit == "m" || unit == "min" || unit == "mins" || unit == "minute" || unit == "minutes")
    return 60;
  if (unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours")
    return 3600;
  if (unit == "d" || unit == "day" || unit == "days") return 86400;
  return 0;
}

}  // namespace

Expected<double> parse_duration(std::string_view input) {
  const auto bad = [&] {
    return Error{
        fmt::format("duration: expected a positive time such as 5400, 5400s, 90m, 1.5h or "
                    "1h30m, got {}",
                    text::quoted(input))};
  };
  std::string_view s = text::trim(input);
  if (s.empty()) return bad();
  double total = 0;
  int parts = 0;
  bool bare_number = false;  // a part without a unit: only as the whole input ("5400")
  while (!s.empty()) {
    // A number (the longest prefix that reads as one), then an optional unit.
    double value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end == s.data() || !std::isfinite(value) || value < 0) return bad();
    s = text::trim(s.substr(end - s.data()));
    std::size_t u = 0;
    while (u < s.size() && std::isalpha(static_cast<unsigned char>(s[u])))
      ++u;
    const double scale = unit_seconds(s.substr(0, u));
    if (scale == 0) return bad();
    bare_number = bare_number || u == 0;
    if (++parts > 1 && bare_number) return bad();  // "1.5.5h", "90 30"
    total += value * scale;
    s = text::trim(s.substr(u));
  }
  if (!(total > 0) || !std::isfinite(total)) return bad();
  return total;
}

Expected<double> parse_money(std::string_view input) {
  std::string_view s = text::trim(input);
  if (!s.empty() && s.front() == '$') s = text::trim(s.substr(1));
  for (const std::string_view suffix : {"USD", "usd"}) {
    if (s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix) {
      s = text::trim(s.substr(0, s.size() - suffix.size()));
    }
  }
  const auto value = text::to_double(s);
  if (!value || *value < 0) {
    return Error{
        fmt::format("money: expected a non-negative amount of dollars such as 5, 5.50 or "
                    "$5, got {}",
                    text::quoted(input))};
  }
  return *value + 0.0;  // "-0" is no debt: +0
}

}  // namespace fasdl
