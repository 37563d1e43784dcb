#include "fasdl/model/profile.h"

#include <fmt/format.h>

namespace fasdl {

Expected<Profile> with_store(const Profile& profile, std::string_view store) {
  if (store == profile.platform.store) return profile;
  for (const StoreOption& s : profile.stores) {
    if (s.name != store) continue;
    Profile p = profile;
    p.transfers = s.transfers;
    p.prices.put_request = s.put_request;
    p.prices.get_request = s.get_request;
    p.platform.store = s.name;
    p.platform.store_hourly_price = s.hourly_price;
    p.platform.request_limits = s.request_limits;
    p.platform.polling = s.polling;
    p.platform.store_provenance = s.provenance;
    p.stores.clear();
    return p;
  }
  std::string known = profile.platform.store;
  for (const StoreOption& s : profile.stores)
    known += ", " + s.name;
  return Error{fmt::format("store \"{}\": the profile {} describes no such store; it has: {}",
                           store, profile.name, known)};
}

}  // namespace fasdl
