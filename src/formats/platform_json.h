// Reading and writing a profile's "platform" object and its "stores"
// (internal; the format is in docs/formats.md).
#pragma once

#include <nlohmann/json.hpp>

#include "fasdl/model/platform.h"
#include "formats/json_fields.h"

namespace fasdl::platform_json {

Platform read_platform(json_fields::Fields f);
RequestLimits read_request_limits(json_fields::Fields f);
Polling read_polling(json_fields::Fields f);
Provenance read_provenance(json_fields::Fields& f);
// The "name" of a store: not empty, no commas or spaces at its ends.
std::string store_name(json_fields::Fields& f);

// Only the terms that are on; an empty object when none is.
nlohmann::ordered_json write_platform(const Platform& p);
nlohmann::ordered_json write_request_limits(const RequestLimits& r);
nlohmann::ordered_json write_polling(const Polling& p);

}  // namespace fasdl::platform_json
