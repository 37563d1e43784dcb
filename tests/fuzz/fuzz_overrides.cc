// Fuzz target: `--set` overrides. Each line of the input is one --set
// argument for parse_override; the overrides that parse are combined by
// combinations() (every combination once, the first override varying
// slowest) and the first few combinations are applied by build_model() to a
// small profile with every platform term and a second store (whose transfers
// come from a CSV) and a vCPU-law workload with covariances. An error is one
// printable line that starts with "--set"; a model that builds passes the
// profile and workload checks, holds each setting's value where its
// documents are written out, and (for the first combination) passes
// check_model.
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.h"
#include "fasdl/formats/overrides.h"
#include "fasdl/formats/profile_json.h"
#include "fasdl/formats/workload_json.h"
#include "fuzz_check.h"

namespace {

using fasdl::Override;
using fasdl::Settings;
using fasdl::fuzz::check_line;

void check_set_error(const fasdl::Error& e) {
  check_line(e.message);
  FUZZ_CHECK(e.message.rfind("--set", 0) == 0 && (e.message[5] == ' ' || e.message[5] == ':'),
             "an override error that does not start with --set: {}", e.message);
}

const fasdl::Documents& documents() {
  static const fasdl::Documents docs = [] {
    auto profile =
        nlohmann::ordered_json::parse(fasdl::profile_to_json(fasdl::fuzz::platform_profile()));
    profile["stores"][0]["transfers"] = {{"csv", "t.csv"}};
    return fasdl::Documents{
        {"p.json", profile.dump(2)},
        {"w.json", fasdl::workload_to_json(fasdl::fuzz::vcpu_workload())},
        [](const std::string& path) -> fasdl::Expected<fasdl::Source> {
          if (path == "t.csv") {
            return fasdl::Source{"t.csv",
                                 "direction,memory_mb,size_mb,seconds\n"
                                 "upload,512,1,0.01\nupload,512,100,0.2\n"
                                 "download,512,1,0.01\ndownload,512,100,0.1\n"};
          }
          return fasdl::Error{path + ": cannot read: No such file or directory"};
        }};
  }();
  return docs;
}

// The document and the path within it that a key names.
std::pair<bool, std::string> target_path(const std::string& key) {
  static const std::vector<std::string> kWorkload = {"model_mb", "samples", "epochs",
                                                     "compute",  "flatten", "batch"};
  if (key.rfind("workload.", 0) == 0) return {true, key.substr(9)};
  if (key.rfind("profile.", 0) == 0) return {false, key.substr(8)};
  const std::string head = key.substr(0, key.find('.'));
  return {std::find(kWorkload.begin(), kWorkload.end(), head) != kWorkload.end(), key};
}

bool overlaps(const std::pair<bool, std::string>& a, const std::pair<bool, std::string>& b) {
  if (a.first != b.first) return false;
  const auto& [x, y] = std::pair{a.second, b.second};
  const auto prefix = [](const std::string& p, const std::string& s) {
    return s.size() > p.size() && s.compare(0, p.size(), p) == 0 && s[p.size()] == '.';
  };
  return x == y || prefix(x, y) || prefix(y, x);
}

// A setting that nothing after it overrides holds its value in the written documents.
void check_values(const fasdl::Model& model, const Settings& settings) {
  const auto profile = nlohmann::json::parse(fasdl::profile_to_json(model.profile()));
  const auto workload = nlohmann::json::parse(fasdl::workload_to_json(model.workload()));
  for (std::size_t i = 0; i < settings.size(); ++i) {
    const auto target = target_path(settings[i].first);
    bool last = true;
    for (std::size_t j = i + 1; j < settings.size() && last; ++j)
      last = !overlaps(target, target_path(settings[j].first));
    const std::string& value = settings[i].second;
    if (!last || value == "null") continue;
    const nlohmann::json* at = target.first ? &workload : &profile;
    for (const auto part : fasdl::text::split(target.second, '.')) {
      if (!at->is_object() || !at->contains(std::string(part))) {
        at = nullptr;
        break;
      }
      at = &(*at)[std::string(part)];
    }
    if (at == nullptr) continue;  // not written out (a default, or read from a file)
    if (const auto number = fasdl::text::to_double(value)) {
      FUZZ_CHECK(at->is_number() && at->get<double>() == *number, "--set {}={} holds {}",
                 settings[i].first, value, at->dump());
    } else if (value == "true" || value == "false") {
      FUZZ_CHECK(at->is_boolean() && at->get<bool>() == (value == "true"), "--set {}={} holds {}",
                 settings[i].first, value, at->dump());
    } else {
      FUZZ_CHECK(at->is_string() && at->get<std::string>() == value, "--set {}={} holds {}",
                 settings[i].first, value, at->dump());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<Override> overrides;
  for (const auto line : fasdl::text::lines(text)) {
    if (line.empty()) continue;
    auto o = fasdl::parse_override(line);
    if (!o) {
      check_set_error(o.error());
      continue;
    }
    FUZZ_CHECK(!o->key.empty() && !o->values.empty(), "an empty override from {}", line);
    for (const std::string& v : o->values) {
      FUZZ_CHECK(!v.empty() && v == fasdl::text::trim(v) && v.find(',') == std::string::npos,
                 "value \"{}\"", v);
    }
    overrides.push_back(std::move(o).value());
  }
  // combinations() holds every combination: only small products are built.
  double count = 1;
  for (const Override& o : overrides)
    count *= static_cast<double>(o.values.size());
  if (count > 256) overrides.resize(1);
  count = 1;
  for (const Override& o : overrides)
    count *= static_cast<double>(o.values.size());
  const std::vector<Settings> all = fasdl::combinations(overrides);
  FUZZ_CHECK(static_cast<double>(all.size()) == count, "{} combinations, expected {}", all.size(),
             count);
  // The last override varies fastest.
  for (std::size_t c = 0; c < all.size(); ++c) {
    FUZZ_CHECK(all[c].size() == overrides.size(), "combination {} of {} settings", c,
               all[c].size());
    std::size_t rest = c;
    for (std::size_t i = overrides.size(); i-- > 0;) {
      const auto& values = overrides[i].values;
      FUZZ_CHECK(
          all[c][i].first == overrides[i].key && all[c][i].second == values[rest % values.size()],
          "combination {} setting {} is {}={}", c, i, all[c][i].first, all[c][i].second);
      rest /= values.size();
    }
  }
  for (std::size_t c = 0; c < all.size() && c < 3; ++c) {
    const auto model = fasdl::build_model(documents(), all[c]);
    if (!model) {
      if (all[c].empty())
        FUZZ_CHECK(false, "the documents do not build: {}", model.error().message);
      check_set_error(model.error());
      continue;
    }
    fasdl::fuzz::check_profile(model->profile());
    fasdl::fuzz::check_workload(model->workload());
    check_values(*model, all[c]);
    if (c == 0) fasdl::fuzz::check_model(model->profile(), model->workload());
  }
  return 0;
}
