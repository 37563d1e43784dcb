// Fuzz target: parse_workload on any bytes. A workload that loads has finite
// numbers in their ranges (law, threads and covariances included),
// round-trips through workload_to_json and gives a model that prints no NaN
// or infinity, on a plain profile (memory law) and on one with every platform
// term on; one that does not load gets one printable line naming the
// document.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fasdl/formats/workload_json.h"
#include "fasdl/model/workload.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto workload = fasdl::parse_workload(text, "w.json");
  if (!workload) {
    fasdl::fuzz::check_error(workload.error(), {"w.json"});
    return 0;
  }
  fasdl::fuzz::check_workload(*workload);
  fasdl::fuzz::check_workload_round_trip(*workload);
  if (workload->compute.law == fasdl::ComputeLaw::kMemory) {
    fasdl::fuzz::check_model(fasdl::fuzz::small_profile(), *workload);
  }
  fasdl::fuzz::check_model(fasdl::fuzz::platform_profile(), *workload);
  return 0;
}
