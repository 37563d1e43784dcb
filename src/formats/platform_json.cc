#include "formats/platform_json.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/text.h"

namespace fasdl {

namespace platform_json {

using json_fields::Fields;
using json_fields::Range;

std::string store_name(Fields& f) {
  std::string name = f.string("name");
  // --stores s3,redis picks stores by name: a name must survive that list.
  if (name.empty() || name.find(',') != std::string::npos || text::trim(name) != name) {
    f.fail("name", "a store name without commas or spaces at its ends, such as \"redis\"");
  }
  return name;
}

Provenance read_provenance(Fields& f) {
  return {f.optional_string("date").value_or(""), f.optional_string("source").value_or("")};
}

namespace {

void write_provenance(nlohmann::ordered_json& j, const Provenance& p) {
  if (!p.date.empty()) j["date"] = p.date;
  if (!p.source.empty()) j["source"] = p.source;
}

TieredPrices read_tiers(Fields f) {
  TieredPrices t;
  t.architecture = f.optional_string("architecture").value_or(t.architecture);
  t.monthly_usage_gb_seconds =
      f.optional_number("monthly_usage_gb_seconds", Range::kNonNegative).value_or(0);
  t.provenance = read_provenance(f);
  Fields by_arch = f.object("tiers");
  if (by_arch.raw().empty()) {
    f.fail("tiers",
           "an object of {up_to_gb_seconds, price} tiers by architecture, such as "
           "{\"x86_64\": [{\"price\": 1.66667e-5}]}");
  }
  for (const auto& [arch, list] : by_arch.raw().items()) {
    const std::string path = by_arch.path_of(arch);
    by_arch.optional(arch);
    if (!list.is_array() || list.empty()) {
      json_fields::fail_at(f.origin(), path, "a non-empty array of {up_to_gb_seconds, price} tiers",
                           &list);
    }
    double previous = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      Fields tier(list[i], f.origin(), fmt::format("{}[{}]", path, i));
      PriceTier p;
      p.price = tier.number("price", Range::kNonNegative);
      const bool last = i + 1 == list.size();
      if (!last) {
        p.up_to_gb_seconds = tier.number("up_to_gb_seconds", Range::kPositive);
        if (p.up_to_gb_seconds <= previous) {
          tier.fail("up_to_gb_seconds",
                    fmt::format("a number above the previous tier's {}", previous));
        }
        previous = p.up_to_gb_seconds;
      } else if (tier.has("up_to_gb_seconds")) {
        tier.fail("up_to_gb_seconds", "no end on the last tier, which covers all further usage");
      }
      tier.finish();
      t.tiers[arch].push_back(p);
    }
  }
  by_arch.finish();
  if (!t.tiers.contains(t.architecture)) {
    // The names are keys of the document: quoted, and only the first few.
    std::vector<std::string> known;
    for (const auto& [arch, tiers] : t.tiers) {
      if (known.size() == 5) {
        known.push_back("...");
        break;
      }
      known.push_back(text::quoted(arch));
    }
    f.fail("architecture",
           fmt::format("an architecture that has tiers ({})", fmt::join(known, ", ")));
  }
  f.finish();
  return t;
}

}  // namespace

RequestLimits read_request_limits(Fields f) {
  RequestLimits r;
  r.writes_per_second = f.number("writes_per_second", Range::kPositive);
  r.reads_per_second = f.number("reads_per_second", Range::kPositive);
  f.finish();
  return r;
}

Polling read_polling(Fields f) {
  Polling p;
  p.seconds_per_list = f.number("seconds_per_list", Range::kPositive);
  p.list_price = f.number("list_price", Range::kNonNegative);
  p.provenance = read_provenance(f);
  f.finish();
  return p;
}

Platform read_platform(Fields f) {
  Platform p;
  if (auto cpu = f.optional_object("cpu")) {
    p.cpu = CpuLimits{cpu->number("mb_per_vcpu", Range::kPositive),
                      cpu->number("max_vcpus", Range::kPositive)};
    cpu->finish();
  }
  if (auto tiers = f.optional_object("gb_second_prices")) p.gb_second_prices = read_tiers(*tiers);
  if (auto inv = f.optional_object("invocations")) {
    p.invocations =
        InvocationPrice{inv->number("price", Range::kNonNegative), read_provenance(*inv)};
    inv->finish();
  }
  if (auto life = f.optional_object("lifetime")) {
    p.lifetime =
        Lifetime{life->number("seconds", Range::kPositive),
                 life->optional_number("cold_start_seconds", Range::kNonNegative).value_or(0)};
    life->finish();
  }
  p.concurrency = f.optional_integer("concurrency", 1, 10'000'000).value_or(0);
  if (auto polling = f.optional_object("polling")) p.polling = read_polling(*polling);
  if (auto limits = f.optional_object("request_limits"))
    p.request_limits = read_request_limits(*limits);
  if (auto o = f.optional_object("overheads")) {
    Overheads v;
    v.aggregation_mb_seconds_per_mb =
        o->optional_number("aggregation_mb_seconds_per_mb", Range::kNonNegative).value_or(0);
    v.iteration_mb_seconds =
        o->optional_number("iteration_mb_seconds", Range::kNonNegative).value_or(0);
    v.start_seconds = o->optional_number("start_seconds", Range::kNonNegative).value_or(0);
    v.start_mb_seconds = o->optional_number("start_mb_seconds", Range::kNonNegative).value_or(0);
    v.wait_fraction = o->optional_number("wait_fraction", Range::kNonNegative).value_or(0);
    o->finish();
    p.overheads = v;
  }
  if (auto store = f.optional_object("store")) {
    p.store = store_name(*store);
    p.store_hourly_price = store->optional_number("hourly_price", Range::kNonNegative).value_or(0);
    p.store_provenance = read_provenance(*store);
    store->finish();
  }
  f.finish();
  return p;
}

nlohmann::ordered_json write_request_limits(const RequestLimits& r) {
  return {{"writes_per_second", r.writes_per_second}, {"reads_per_second", r.reads_per_second}};
}

nlohmann::ordered_json write_polling(const Polling& p) {
  nlohmann::ordered_json j = {{"seconds_per_list", p.seconds_per_list},
                              {"list_price", p.list_price}};
  write_provenance(j, p.provenance);
  return j;
}

nlohmann::ordered_json write_platform(const Platform& p) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (p.cpu) j["cpu"] = {{"mb_per_vcpu", p.cpu->mb_per_vcpu}, {"max_vcpus", p.cpu->max_vcpus}};
  if (const auto& t = p.gb_second_prices) {
    nlohmann::ordered_json g = {{"architecture", t->architecture},
                                {"monthly_usage_gb_seconds", t->monthly_usage_gb_seconds}};
    write_provenance(g, t->provenance);
    nlohmann::ordered_json by_arch = nlohmann::ordered_json::object();
    for (const auto& [arch, tiers] : t->tiers) {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const PriceTier& tier : tiers) {
        nlohmann::ordered_json one = nlohmann::ordered_json::object();
        if (tier.up_to_gb_seconds != std::numeric_limits<double>::infinity()) {
          one["up_to_gb_seconds"] = tier.up_to_gb_seconds;
        }
        one["price"] = tier.price;
        list.push_back(one);
      }
      by_arch[arch] = list;
    }
    g["tiers"] = by_arch;
    j["gb_second_prices"] = g;
  }
  if (p.invocations) {
    nlohmann::ordered_json inv = {{"price", p.invocations->price}};
    write_provenance(inv, p.invocations->provenance);
    j["invocations"] = inv;
  }
  if (p.lifetime) {
    j["lifetime"] = {{"seconds", p.lifetime->seconds},
                     {"cold_start_seconds", p.lifetime->cold_start_seconds}};
  }
  if (p.concurrency > 0) j["concurrency"] = p.concurrency;
  if (p.polling) j["polling"] = write_polling(*p.polling);
  if (p.request_limits) j["request_limits"] = write_request_limits(*p.request_limits);
  if (p.store != "s3" || p.store_hourly_price > 0 || p.store_provenance) {
    nlohmann::ordered_json s = {{"name", p.store}, {"hourly_price", p.store_hourly_price}};
    if (p.store_provenance) write_provenance(s, *p.store_provenance);
    j["store"] = s;
  }
  if (const auto& o = p.overheads) {
    j["overheads"] = {{"aggregation_mb_seconds_per_mb", o->aggregation_mb_seconds_per_mb},
                      {"iteration_mb_seconds", o->iteration_mb_seconds},
                      {"start_seconds", o->start_seconds},
                      {"start_mb_seconds", o->start_mb_seconds}};
    if (o->wait_fraction > 0) j["overheads"]["wait_fraction"] = o->wait_fraction;
  }
  return j;
}

}  // namespace platform_json

}  // namespace fasdl
