#include "fasdl/base/output_format.h"

#include <fmt/format.h>

#include "fasdl/base/enum_names.h"

namespace fasdl {

std::string_view to_string(OutputFormat f) {
  switch (f) {
    case OutputFormat::kTable:
      return "table";
    case OutputFormat::kJson:
      return "json";
    case OutputFormat::kCsv:
      return "csv";
  }
  return "table";
}

Expected<OutputFormat> output_format_from_string(std::string_view s) {
  return enum_from_string(s, {OutputFormat::kTable, OutputFormat::kJson, OutputFormat::kCsv},
                          "format");
}

namespace {
std::string paint(std::string_view text, const TextStyle& style, std::string_view code) {
  return style.color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
}
}  // namespace

std::string bold(std::string_view text, const TextStyle& style) {
  return paint(text, style, "1");
}
std::string good(std::string_view text, const TextStyle& style) {
  return paint(text, style, "1;32");
}
std::string bad(std::string_view text, const TextStyle& style) {
  return paint(text, style, "1;31");
}

}  // namespace fasdl
