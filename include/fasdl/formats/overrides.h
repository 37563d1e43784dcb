// Overrides: `--set key=value` changes to a workload or a profile, checked
// as strictly as the files themselves.
//
// A key is a JSON path of either document: a workload key (`epochs`,
// `compute.a`, `batch.max_global`, ...) or a profile key
// (`prices.function_mb_second`, `sync.offset_mb`, `memory_mb.max`,
// `platform.lifetime.seconds`, ...). The value `null` removes the key, which
// switches an optional term off (`platform.lifetime=null`).
// `workload.` or `profile.` in front says which document explicitly, and is
// required for the keys both have (`name`, `description`).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/formats/profile_json.h"
#include "fasdl/model/model.h"

namespace fasdl {

// One `--set` option: a key and one or more values ("epochs=5,10,20").
struct Override {
  std::string key;
  std::vector<std::string> values;  // each a JSON number, true/false, or a string
};
Expected<Override> parse_override(std::string_view text);

// One value for each of a list of keys.
using Settings = std::vector<std::pair<std::string, std::string>>;

// Every combination of the overrides' values, the first override varying
// slowest. No overrides give one empty combination. For small products only:
// a sweep reads them one at a time (combination()).
std::vector<Settings> combinations(const std::vector<Override>& overrides);
// How many combinations there are, saturating at the largest long long.
long long combination_count(const std::vector<Override>& overrides);
// The combination at `index` (0 to combination_count() - 1), in the order of
// combinations().
Settings combination(const std::vector<Override>& overrides, long long index);

// The two documents a model is built from, as text, with where they came
// from and how to read a file the profile refers to.
struct Documents {
  Source profile;
  Source workload;
  SourceLoader load;
};

// Applies `settings` to the documents and builds the model. Errors name the
// setting: `--set epochs=0: w.json: epochs: expected a whole number ...`.
Expected<Model> build_model(const Documents& documents, const Settings& settings);

}  // namespace fasdl
