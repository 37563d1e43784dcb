// Fuzz target: parse_profile on any bytes. A profile that loads has finite
// numbers in their ranges (platform terms and stores included), round-trips
// through profile_to_json and gives a model that prints no NaN or infinity,
// also under the vCPU law when it has platform.cpu and with each of its first
// two other stores; one that does not load gets one printable line naming
// the document (or the CSV it refers to).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fasdl/formats/profile_json.h"
#include "fasdl/model/profile.h"
#include "fuzz_check.h"

namespace {

// `transfers.csv` may name t.csv, a small valid table; anything else is missing.
constexpr std::string_view kCsv =
    "direction,memory_mb,size_mb,seconds\n"
    "upload,512,1,0.11\nupload,512,10,0.3\nupload,1024,1,0.12\nupload,1024,10,0.2\n"
    "download,512,1,0.05\ndownload,512,10,0.12\ndownload,1024,1,0.03\ndownload,1024,10,0.11\n";

fasdl::Expected<fasdl::Source> load(const std::string& path) {
  if (path == "t.csv") return fasdl::Source{"t.csv", std::string(kCsv)};
  return fasdl::Error{path + ": cannot read: No such file or directory"};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto profile = fasdl::parse_profile(text, "p.json", load);
  if (!profile) {
    fasdl::fuzz::check_error(profile.error(), {"p.json", "t.csv"});
    return 0;
  }
  fasdl::fuzz::check_profile(*profile);
  fasdl::fuzz::check_profile_round_trip(*profile);
  fasdl::fuzz::check_model(*profile, fasdl::fuzz::small_workload());
  if (profile->platform.cpu) fasdl::fuzz::check_model(*profile, fasdl::fuzz::vcpu_workload());
  for (std::size_t i = 0; i < profile->stores.size() && i < 2; ++i) {
    const auto other = fasdl::with_store(*profile, profile->stores[i].name);
    FUZZ_CHECK(other.ok(), "with_store({}) fails: {}", profile->stores[i].name,
               other.error().message);
    fasdl::fuzz::check_profile(*other);
    fasdl::fuzz::check_model(*other, fasdl::fuzz::small_workload());
  }
  return 0;
}
