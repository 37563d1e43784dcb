// The profile document (docs/formats.md, "Platform profile"): a profile and
// its platform terms read from JSON, strictly, with the JSON path of every
// mistake, and written back.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "fasdl/base/expected.h"
#include "fasdl/model/profile.h"

namespace fasdl {

// A file that a document refers to, read by the caller: `origin` names it in
// messages, `text` is its content.
struct Source {
  std::string origin;
  std::string text;
};
// Reads a path written inside a document (relative to that document).
using SourceLoader = std::function<Expected<Source>(const std::string& path)>;

// Parses and checks a profile document (format: docs/formats.md). `origin`
// names the document in messages; `load` reads `transfers.csv` when the
// profile refers to one.
Expected<Profile> parse_profile(std::string_view json, std::string_view origin,
                                const SourceLoader& load);

// A "platform" object on its own (the file of `fasdl-profile storage
// --platform`), checked as in a profile.
Expected<Platform> parse_platform(std::string_view json, std::string_view origin);

// The profile as a document with inline transfers (medians of repeats).
std::string profile_to_json(const Profile& profile);

}  // namespace fasdl
