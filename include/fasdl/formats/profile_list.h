// Profile list: what `fasdl-plan profiles` prints of the catalog's profiles:
// each one's memory range, measured transfer columns, architecture, price
// date, lifetime and the platform terms it includes (docs/profiles.md).
#pragma once

#include <string>
#include <vector>

#include "fasdl/base/output_format.h"
#include "fasdl/model/profile.h"

namespace fasdl {

struct ProfileListing {
  std::string name;
  std::vector<std::string> aliases;  // old names that resolve to it
  bool is_default = false;
  Profile profile;
};

// The platform terms a profile includes, by their names in docs/model.md:
// "vcpu", "tiered_prices", "invocations", "lifetime", "polling",
// "concurrency", "request_limits", "store_hourly_price", "overheads",
// "stores"; empty for the reference form.
std::vector<std::string> platform_terms(const Profile& profile);

// Table: one line per profile, then the default and the old names. JSON:
// {"default", "profiles": [{name, aliases, default, description,
// memory_range_mb {min, max, step}, measured_memory_mb {min, max},
// architecture, architectures, price_date, lifetime_seconds,
// cold_start_seconds, terms}]} with null where a profile has no such term.
std::string format_profile_list(const std::vector<ProfileListing>& profiles, OutputFormat format);

}  // namespace fasdl
