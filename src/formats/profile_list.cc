#include "fasdl/formats/profile_list.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "formats/json_writer.h"

namespace fasdl {

namespace {

using json_out::Json;

std::string price_date(const Profile& p) {
  return p.platform.gb_second_prices ? p.platform.gb_second_prices->provenance.date : "";
}

std::vector<std::string> architectures(const Profile& p) {
  std::vector<std::string> out;
  if (p.platform.gb_second_prices) {
    for (const auto& [arch, tiers] : p.platform.gb_second_prices->tiers)
      out.push_back(arch);
  }
  return out;
}

Json listing_json(const ProfileListing& l) {
  const Profile& p = l.profile;
  const TransferTable::MeasuredRange measured = p.transfers.measured_memory();
  const auto& life = p.platform.lifetime;
  Json j;
  j["name"] = l.name;
  j["aliases"] = l.aliases;
  j["default"] = l.is_default;
  j["description"] = p.description;
  j["memory_range_mb"] = {
      {"min", p.memory.min_mb}, {"max", p.memory.max_mb}, {"step", p.memory.step_mb}};
  j["measured_memory_mb"] = {{"min", measured.min_mb}, {"max", measured.max_mb}};
  j["architecture"] =
      p.platform.gb_second_prices ? Json(p.platform.gb_second_prices->architecture) : Json(nullptr);
  j["architectures"] = architectures(p);
  j["price_date"] = price_date(p).empty() ? Json(nullptr) : Json(price_date(p));
  j["lifetime_seconds"] = life ? Json(life->seconds) : Json(nullptr);
  j["cold_start_seconds"] = life ? Json(life->cold_start_seconds) : Json(nullptr);
  j["terms"] = platform_terms(p);
  return j;
}

}  // namespace

std::vector<std::string> platform_terms(const Profile& p) {
  const Platform& t = p.platform;
  std::vector<std::string> out;
  if (t.cpu) out.emplace_back("vcpu");
  if (t.gb_second_prices) out.emplace_back("tiered_prices");
  if (t.invocations) out.emplace_back("invocations");
  if (t.lifetime) out.emplace_back("lifetime");
  if (t.polling) out.emplace_back("polling");
  if (t.concurrency > 0) out.emplace_back("concurrency");
  if (t.request_limits) out.emplace_back("request_limits");
  if (t.store_hourly_price > 0) out.emplace_back("store_hourly_price");
  if (t.overheads) out.emplace_back("overheads");
  if (!p.stores.empty()) out.emplace_back("stores");
  return out;
}

std::string format_profile_list(const std::vector<ProfileListing>& profiles, OutputFormat format) {
  std::string default_name;
  for (const ProfileListing& l : profiles) {
    if (l.is_default) default_name = l.name;
  }
  if (format == OutputFormat::kJson) {
    Json list = Json::array();
    for (const ProfileListing& l : profiles)
      list.push_back(listing_json(l));
    Json j;
    j["default"] = default_name;
    j["profiles"] = list;
    return json_out::dump(j);
  }
  std::string out =
      fmt::format("{:<16} {:<18} {:<14} {:<16} {:<11} {:<9} {}\n", "name", "memory (MB)",
                  "measured (MB)", "architecture", "prices of", "lifetime", "terms");
  std::vector<std::string> aliases;
  for (const ProfileListing& l : profiles) {
    const Profile& p = l.profile;
    const TransferTable::MeasuredRange measured = p.transfers.measured_memory();
    std::string arch = "-";
    if (const auto& prices = p.platform.gb_second_prices) {
      arch = prices->architecture;
      for (const std::string& a : architectures(p)) {
        if (a != prices->architecture) arch += fmt::format(" ({})", a);
      }
    }
    const std::vector<std::string> terms = platform_terms(p);
    out += fmt::format(
        "{:<16} {:<18} {:<14} {:<16} {:<11} {:<9} {}\n", l.name,
        fmt::format("{}..{} by {}", p.memory.min_mb, p.memory.max_mb, p.memory.step_mb),
        fmt::format("{}..{}", measured.min_mb, measured.max_mb), arch,
        price_date(p).empty() ? "-" : price_date(p),
        p.platform.lifetime ? fmt::format("{:g} s", p.platform.lifetime->seconds) : "none",
        terms.empty() ? "none (the FasDL reference form)"
                      : fmt::format("{}", fmt::join(terms, ", ")));
    for (const std::string& a : l.aliases)
      aliases.push_back(fmt::format("{} = {}", a, l.name));
  }
  if (!default_name.empty()) out += fmt::format("\nDefault: {}.", default_name);
  if (!aliases.empty()) out += fmt::format(" Old names: {}.", fmt::join(aliases, ", "));
  out +=
      "\nTerms and data of each: docs/profiles.md; arm64 prices: --set "
      "platform.gb_second_prices.architecture=arm64.\n";
  return out;
}

}  // namespace fasdl
