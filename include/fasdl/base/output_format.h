// OutputFormat: how a tool writes its results, for people (table), programs
// (JSON) or spreadsheets (CSV), and how a table looks on a terminal. Every
// writer of every layer takes these; printing is the caller's.
#pragma once

#include <string>
#include <string_view>

#include "fasdl/base/expected.h"

namespace fasdl {

enum class OutputFormat { kTable, kJson, kCsv };
std::string_view to_string(OutputFormat f);
Expected<OutputFormat> output_format_from_string(std::string_view s);

// How the table format looks. Colour is for terminals only; the caller
// decides (and honours NO_COLOR).
struct TextStyle {
  bool color = false;
};

// Table emphasis: bold, green (good news) and red (bad news) when colour is on.
std::string bold(std::string_view text, const TextStyle& style);
std::string good(std::string_view text, const TextStyle& style);
std::string bad(std::string_view text, const TextStyle& style);

}  // namespace fasdl
