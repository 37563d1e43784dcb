#include "parse_args.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <sstream>

#include "common.h"
#include "config_file.h"
#include "fasdl/base/message.h"
#include "vocabulary.h"

namespace fasdl::cli {

namespace {

std::string shown(const std::string& value) {
  return "\"" + one_line(value, 40) + "\"";
}

// Digits with an optional sign, and nothing else.
template <typename T>
std::optional<T> whole(const std::string& s) {
  if (s.empty()) return std::nullopt;
  const char* begin = s.data() + (s.front() == '+' ? 1 : 0);
  T v{};
  const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> real(const std::string& s) {
  if (s.empty() || std::isspace(static_cast<unsigned char>(s.front())) != 0) return std::nullopt;
  double v = 0;
  const char* begin = s.data() + (s.front() == '+' ? 1 : 0);
  const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string readable_real(double v) {
  return std::abs(v) >= 1e4 && std::abs(v) < 1e15 && v == std::floor(v)
             ? readable(static_cast<long long>(v))
             : fmt::format("{}", v);
}

// The first problem with the values of `option`, "" when none: an empty value, or a value its
// type cannot hold exactly (CLI11 saturates whole numbers and wraps "-1" into an unsigned).
std::string value_problem(const CLI::Option& option) {
  if (option.count() == 0 || option.get_expected_min() == 0) return "";
  const std::string type = option.get_type_name();
  for (const std::string& value : option.results()) {
    if (value.empty()) return "expected a value, got an empty string";
    if (type == "INT" && !whole<long long>(value)) {
      return fmt::format("expected a whole number in digits, got {}", shown(value));
    }
    if (type == "UINT" && !whole<std::uint64_t>(value)) {
      return fmt::format(
          "expected a whole number from 0 to 18,446,744,073,709,551,615 in digits, got {}",
          shown(value));
    }
    if (type == "FLOAT" && !real(value)) {
      return fmt::format("expected a finite number, got {}", shown(value));
    }
  }
  return "";
}

// The first option of `app` or its subcommands with a bad value, as a message.
std::optional<std::string> bad_value(const CLI::App& app) {
  for (const CLI::Option* option : app.get_options()) {
    if (const std::string problem = value_problem(*option); !problem.empty()) {
      // get_name() is empty for a hidden option (an old spelling): its long name, then.
      const std::string name = option->get_name().empty() && !option->get_lnames().empty()
                                   ? "--" + option->get_lnames().front()
                                   : option->get_name();
      return fmt::format("{}: {}", name, problem);
    }
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->parsed()) {
      if (auto problem = bad_value(*sub)) return problem;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string readable(long long v) {
  std::string digits = std::to_string(v < 0 ? -(v + 1) + 1ULL : static_cast<unsigned long long>(v));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

CLI::Validator whole_number(long long lo, long long hi) {
  return CLI::Validator(
      [lo, hi](std::string& s) {
        const auto v = whole<long long>(s);
        if (v && *v >= lo && *v <= hi) return std::string();
        return fmt::format("expected a whole number from {} to {} in digits, got {}", readable(lo),
                           readable(hi), shown(s));
      },
      fmt::format("{}..{}", lo, hi));
}

CLI::Validator number_between(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& s) {
        const auto v = real(s);
        if (v && *v >= lo && *v <= hi) return std::string();
        return fmt::format("expected a number from {} to {}, got {}", readable_real(lo),
                           readable_real(hi), shown(s));
      },
      fmt::format("{}..{}", lo, hi));
}

CLI::Validator positive_number() {
  return CLI::Validator(
      [](std::string& s) {
        const auto v = real(s);
        if (v && *v > 0) return std::string();
        return fmt::format("expected a positive number, got {}", shown(s));
      },
      "POSITIVE");
}

CLI::Validator seed_number() {
  return CLI::Validator(
      [](std::string& s) {
        if (whole<std::uint64_t>(s)) return std::string();
        return fmt::format(
            "expected a whole number from 0 to 18,446,744,073,709,551,615 in digits, got {}",
            shown(s));
      },
      "SEED");
}

std::optional<int> parse_args(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const ConfigFileError& e) {
    return report({e.what()});
  } catch (const CLI::ValidationError& e) {
    return report({e.what()});  // our validators say what is expected
  } catch (const CLI::ParseError& e) {
    // Help and version are "errors" with exit code 0; CLI11 formats them, out() writes them
    // so that a failed write keeps its errno.
    if (e.get_exit_code() == 0) {
      std::ostringstream text;
      const int code = app.exit(e, text, text);
      out(text.str());
      return finish(code);
    }
    return report({fmt::format("{} (see --help)", e.what())});
  }
  if (auto problem = bad_value(app)) return report({*problem});
  if (auto error = after_parse(app)) return report(*error);
  // A dry parse (docs/cli.md): the options and a --config file are checked, nothing runs.
  if (const char* dry = std::getenv("FASDL_PARSE_ONLY"); dry != nullptr && *dry != '\0')
    return kExitOk;
  return std::nullopt;
}

}  // namespace fasdl::cli
