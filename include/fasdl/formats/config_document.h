// Config documents (`fasdl-plan --config FILE`): TOML or JSON whose keys are
// long options, with subcommands as TOML sections or nested JSON objects.
//
//   model = "resnet50"            {"model": "resnet50", "budget": 5,
//   budget = "5"                   "set": ["epochs=20"],
//   set = ["epochs=20"]            "sweep": {"workers": "1:64"}}
//   [sweep]
//   workers = "1:64"
//
// Strict: a document that is not one of the two, a key given twice (a TOML
// table defined twice too), sections nested deeper than kMaxConfigDepth, a
// value that is not a string, number, boolean or array of them, and bytes
// after the document are errors naming the file and the line (TOML) or the
// JSON path. Which keys a tool knows is the tool's to check.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"

namespace fasdl {

// Sections (subcommands) nest at most this deep.
inline constexpr std::size_t kMaxConfigDepth = 4;

struct ConfigEntry {
  std::vector<std::string> sections;  // outermost first; empty at the top level
  std::string key;                    // the long option without "--"
  std::vector<std::string> values;    // one, or an array's in order
  std::string where;                  // "FILE: line 3" or "FILE: sweep.workers"
};

// JSON when the first character that is not white space is '{', else TOML.
Expected<std::vector<ConfigEntry>> parse_config(std::string_view text, std::string_view origin);

// The TOML subset of config files: comments, [a.b] tables, bare, quoted and
// dotted keys, basic and literal one-line strings, integers, floats,
// booleans, and arrays of those over one or more lines.
Expected<std::vector<ConfigEntry>> parse_config_toml(std::string_view text,
                                                     std::string_view origin);

}  // namespace fasdl
