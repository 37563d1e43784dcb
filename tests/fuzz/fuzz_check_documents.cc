// The fuzz checks of parsed profiles and workloads (fuzz_check.h): every
// value in its documented range, and round trips through JSON that change
// nothing.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string>

#include "fasdl/formats/profile_json.h"
#include "fasdl/formats/workload_json.h"
#include "fuzz_check.h"

namespace fasdl::fuzz {

namespace {

void check_table(const TransferTable& table) {
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    const auto& columns = table.columns(d);
    FUZZ_CHECK(!columns.empty(), "no {} columns", to_string(d));
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const TransferColumn& col = columns[c];
      FUZZ_CHECK(col.memory_mb >= 1 && col.memory_mb <= 1'000'000, "column memory {}",
                 col.memory_mb);
      FUZZ_CHECK(c == 0 || columns[c - 1].memory_mb < col.memory_mb, "columns out of order");
      const std::size_t n = col.sizes_mb.size();
      FUZZ_CHECK(
          n >= 2 && col.seconds.size() == n && col.repeats.size() == n && col.mad.size() == n,
          "column of {} points", n);
      for (std::size_t i = 0; i < n; ++i) {
        FUZZ_CHECK(std::isfinite(col.sizes_mb[i]) && col.sizes_mb[i] > 0, "size {}",
                   col.sizes_mb[i]);
        FUZZ_CHECK(i == 0 || col.sizes_mb[i - 1] < col.sizes_mb[i], "sizes out of order");
        FUZZ_CHECK(std::isfinite(col.seconds[i]) && col.seconds[i] > 0, "seconds {}",
                   col.seconds[i]);
        FUZZ_CHECK(col.repeats[i] >= 1 && std::isfinite(col.mad[i]) && col.mad[i] >= 0,
                   "repeats {} mad {}", col.repeats[i], col.mad[i]);
      }
    }
  }
}

bool non_negative(double v) {
  return std::isfinite(v) && v >= 0;
}
bool positive(double v) {
  return std::isfinite(v) && v > 0;
}

void check_provenance(const Provenance& p) {
  if (!p.date.empty()) check_line(p.date);
  if (!p.source.empty()) check_line(p.source);
}

// A store name can be chosen with --stores a,b: one line, no comma, not empty.
void check_store_name(const std::string& name) {
  check_line(name);
  FUZZ_CHECK(name.find(',') == std::string::npos, "store name with a comma: {}", name);
}

void check_limits_and_polling(const std::optional<RequestLimits>& limits,
                              const std::optional<Polling>& polling) {
  if (limits) {
    FUZZ_CHECK(positive(limits->writes_per_second) && positive(limits->reads_per_second),
               "request limits {} {}", limits->writes_per_second, limits->reads_per_second);
  }
  if (polling) {
    FUZZ_CHECK(positive(polling->seconds_per_list) && non_negative(polling->list_price),
               "polling {} {}", polling->seconds_per_list, polling->list_price);
    check_provenance(polling->provenance);
  }
}

void check_tiers(const TieredPrices& t) {
  FUZZ_CHECK(!t.tiers.empty() && t.tiers.contains(t.architecture),
             "architecture without tiers ({} tables)", t.tiers.size());
  FUZZ_CHECK(non_negative(t.monthly_usage_gb_seconds), "monthly usage {}",
             t.monthly_usage_gb_seconds);
  check_provenance(t.provenance);
  for (const auto& [arch, tiers] : t.tiers) {
    FUZZ_CHECK(!tiers.empty(), "architecture with no tiers");
    for (std::size_t i = 0; i < tiers.size(); ++i) {
      FUZZ_CHECK(non_negative(tiers[i].price), "tier price {}", tiers[i].price);
      if (i + 1 == tiers.size()) {
        FUZZ_CHECK(tiers[i].up_to_gb_seconds == std::numeric_limits<double>::infinity(),
                   "the last tier ends at {}", tiers[i].up_to_gb_seconds);
      } else {
        FUZZ_CHECK(positive(tiers[i].up_to_gb_seconds) &&
                       (i == 0 || tiers[i - 1].up_to_gb_seconds < tiers[i].up_to_gb_seconds),
                   "tier {} ends at {}", i, tiers[i].up_to_gb_seconds);
      }
    }
  }
  // Dollars of more usage: finite, never negative, never falling as usage grows.
  double previous = 0;
  for (const double gb_seconds : {0.0, 1e-3, 1.0, 1e3, 1e6, 1e9, 1e12, 1e15}) {
    const double dollars = t.cost(gb_seconds);
    FUZZ_CHECK(non_negative(dollars) && dollars >= previous, "cost({}) = {} after {}", gb_seconds,
               dollars, previous);
    previous = dollars;
  }
}

void check_platform(const Platform& p) {
  if (p.cpu) {
    FUZZ_CHECK(positive(p.cpu->mb_per_vcpu) && positive(p.cpu->max_vcpus), "cpu {} {}",
               p.cpu->mb_per_vcpu, p.cpu->max_vcpus);
  }
  if (p.gb_second_prices) check_tiers(*p.gb_second_prices);
  if (p.invocations) {
    FUZZ_CHECK(non_negative(p.invocations->price), "invocation price {}", p.invocations->price);
    check_provenance(p.invocations->provenance);
  }
  if (p.lifetime) {
    FUZZ_CHECK(positive(p.lifetime->seconds) && non_negative(p.lifetime->cold_start_seconds),
               "lifetime {} {}", p.lifetime->seconds, p.lifetime->cold_start_seconds);
  }
  FUZZ_CHECK(p.concurrency >= 0 && p.concurrency <= 10'000'000, "concurrency {}", p.concurrency);
  check_limits_and_polling(p.request_limits, p.polling);
  check_store_name(p.store);
  FUZZ_CHECK(non_negative(p.store_hourly_price), "store hourly price {}", p.store_hourly_price);
  if (p.store_provenance) check_provenance(*p.store_provenance);
}

template <class T>
bool same_optional(const std::optional<T>& a, const std::optional<T>& b,
                   bool (*same)(const T&, const T&)) {
  return a.has_value() == b.has_value() && (!a || same(*a, *b));
}

bool same_provenance(const Provenance& a, const Provenance& b) {
  return a.date == b.date && a.source == b.source;
}

bool same_limits(const RequestLimits& a, const RequestLimits& b) {
  return a.writes_per_second == b.writes_per_second && a.reads_per_second == b.reads_per_second;
}

bool same_polling(const Polling& a, const Polling& b) {
  return a.seconds_per_list == b.seconds_per_list && a.list_price == b.list_price &&
         same_provenance(a.provenance, b.provenance);
}

bool same_tiers(const TieredPrices& a, const TieredPrices& b) {
  if (a.architecture != b.architecture ||
      a.monthly_usage_gb_seconds != b.monthly_usage_gb_seconds ||
      !same_provenance(a.provenance, b.provenance) || a.tiers.size() != b.tiers.size()) {
    return false;
  }
  for (const auto& [arch, tiers] : a.tiers) {
    const auto it = b.tiers.find(arch);
    if (it == b.tiers.end() || it->second.size() != tiers.size()) return false;
    for (std::size_t i = 0; i < tiers.size(); ++i) {
      if (tiers[i].up_to_gb_seconds != it->second[i].up_to_gb_seconds ||
          tiers[i].price != it->second[i].price) {
        return false;
      }
    }
  }
  return true;
}

bool same_cpu(const CpuLimits& a, const CpuLimits& b) {
  return a.mb_per_vcpu == b.mb_per_vcpu && a.max_vcpus == b.max_vcpus;
}

bool same_invocations(const InvocationPrice& a, const InvocationPrice& b) {
  return a.price == b.price && same_provenance(a.provenance, b.provenance);
}

bool same_lifetime(const Lifetime& a, const Lifetime& b) {
  return a.seconds == b.seconds && a.cold_start_seconds == b.cold_start_seconds;
}

bool same_platform(const Platform& a, const Platform& b) {
  return same_optional(a.cpu, b.cpu, same_cpu) &&
         same_optional(a.gb_second_prices, b.gb_second_prices, same_tiers) &&
         same_optional(a.invocations, b.invocations, same_invocations) &&
         same_optional(a.lifetime, b.lifetime, same_lifetime) && a.concurrency == b.concurrency &&
         same_optional(a.polling, b.polling, same_polling) &&
         same_optional(a.request_limits, b.request_limits, same_limits) && a.store == b.store &&
         a.store_hourly_price == b.store_hourly_price &&
         same_optional(a.store_provenance, b.store_provenance, same_provenance);
}

bool same_table(const TransferTable& p, const TransferTable& q) {
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    const auto& a = p.columns(d);
    const auto& b = q.columns(d);
    if (a.size() != b.size()) return false;
    for (std::size_t c = 0; c < a.size(); ++c) {
      if (a[c].memory_mb != b[c].memory_mb || a[c].sizes_mb != b[c].sizes_mb ||
          a[c].seconds != b[c].seconds || a[c].repeats != b[c].repeats || a[c].mad != b[c].mad) {
        return false;
      }
    }
  }
  return true;
}

bool same_store(const StoreOption& a, const StoreOption& b) {
  return a.name == b.name && a.put_request == b.put_request && a.get_request == b.get_request &&
         a.hourly_price == b.hourly_price &&
         same_optional(a.request_limits, b.request_limits, same_limits) &&
         same_optional(a.polling, b.polling, same_polling) &&
         same_optional(a.provenance, b.provenance, same_provenance) &&
         same_table(a.transfers, b.transfers);
}

template <std::size_t N>
void check_covariance(const std::optional<std::array<double, N * N>>& c, std::string_view what) {
  if (!c) return;
  for (std::size_t i = 0; i < N; ++i) {
    FUZZ_CHECK(non_negative((*c)[i * N + i]), "{} covariance diagonal {}", what, (*c)[i * N + i]);
    for (std::size_t j = 0; j < N; ++j) {
      const double x = (*c)[i * N + j];
      const double y = (*c)[j * N + i];
      FUZZ_CHECK(
          std::isfinite(x) && std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y)),
          "{} covariance ({}, {}) = {} against {}", what, i, j, x, y);
    }
  }
}

}  // namespace

void check_profile(const Profile& p) {
  const MemoryRange& m = p.memory;
  FUZZ_CHECK(m.min_mb >= 1 && m.min_mb <= m.max_mb && m.max_mb <= 1'000'000 && m.step_mb >= 1,
             "memory range {}..{} by {}", m.min_mb, m.max_mb, m.step_mb);
  for (const double v : {p.prices.function_mb_second, p.prices.put_request, p.prices.get_request,
                         p.sync.seconds_per_mb, p.sync.offset_mb}) {
    FUZZ_CHECK(std::isfinite(v) && v >= 0, "price or sync coefficient {}", v);
  }
  check_table(p.transfers);
  check_platform(p.platform);
  std::set<std::string> names = {p.platform.store};
  for (const StoreOption& s : p.stores) {
    check_store_name(s.name);
    FUZZ_CHECK(names.insert(s.name).second, "store {} named twice (or the profile's own)", s.name);
    FUZZ_CHECK(
        non_negative(s.put_request) && non_negative(s.get_request) && non_negative(s.hourly_price),
        "store {} prices {} {} {}", s.name, s.put_request, s.get_request, s.hourly_price);
    check_limits_and_polling(s.request_limits, s.polling);
    if (s.provenance) check_provenance(*s.provenance);
    check_table(s.transfers);
  }
}

void check_workload(const Workload& w) {
  FUZZ_CHECK(std::isfinite(w.model_mb) && w.model_mb > 0 && w.model_mb <= 1e6, "model_mb {}",
             w.model_mb);
  FUZZ_CHECK(w.samples >= 1 && w.epochs >= 1, "samples {} epochs {}", w.samples, w.epochs);
  FUZZ_CHECK(std::isfinite(w.compute.a) && w.compute.a > 0 && std::isfinite(w.compute.b) &&
                 w.compute.b > 0 && std::isfinite(w.compute.m),
             "compute {} {} {}", w.compute.a, w.compute.b, w.compute.m);
  FUZZ_CHECK(std::isfinite(w.flatten.k1) && w.flatten.k1 >= 0 && std::isfinite(w.flatten.k2),
             "flatten {} {}", w.flatten.k1, w.flatten.k2);
  FUZZ_CHECK(w.batch.efficiency > 0 && w.batch.efficiency < 1 && w.batch.max_global >= 1,
             "batch {} {}", w.batch.efficiency, w.batch.max_global);
  FUZZ_CHECK(w.compute.law == ComputeLaw::kVcpu
                 ? w.compute.threads >= 1 && w.compute.threads <= 1024
                 : w.compute.threads == 0,
             "law {} with {} threads", to_string(w.compute.law), w.compute.threads);
  check_covariance<3>(w.compute.covariance, "compute");
  check_covariance<2>(w.flatten.covariance, "flatten");
}

void check_profile_round_trip(const Profile& p) {
  const std::string json = profile_to_json(p);
  const auto again = parse_profile(json, "round-trip.json", [](const std::string& path) {
    return Expected<Source>(Error{path + ": no files in a round trip"});
  });
  FUZZ_CHECK(again.ok(), "profile_to_json does not load back: {}\n{}", again.error().message, json);
  const Profile& q = *again;
  FUZZ_CHECK(q.name == p.name && q.description == p.description, "name or description changed");
  FUZZ_CHECK(q.memory.min_mb == p.memory.min_mb && q.memory.max_mb == p.memory.max_mb &&
                 q.memory.step_mb == p.memory.step_mb,
             "memory range changed");
  FUZZ_CHECK(q.prices.function_mb_second == p.prices.function_mb_second &&
                 q.prices.put_request == p.prices.put_request &&
                 q.prices.get_request == p.prices.get_request,
             "prices changed");
  FUZZ_CHECK(q.sync.seconds_per_mb == p.sync.seconds_per_mb && q.sync.offset_mb == p.sync.offset_mb,
             "sync changed");
  FUZZ_CHECK(same_table(p.transfers, q.transfers), "the transfer table changed:\n{}", json);
  FUZZ_CHECK(same_platform(p.platform, q.platform), "the platform changed:\n{}", json);
  FUZZ_CHECK(p.stores.size() == q.stores.size(), "{} stores became {}", p.stores.size(),
             q.stores.size());
  for (std::size_t i = 0; i < p.stores.size(); ++i) {
    FUZZ_CHECK(same_store(p.stores[i], q.stores[i]), "store {} changed:\n{}", i, json);
  }
  FUZZ_CHECK(profile_to_json(q) == json, "profile_to_json is not stable");
}

void check_workload_round_trip(const Workload& w) {
  const std::string json = workload_to_json(w);
  const auto again = parse_workload(json, "round-trip.json");
  FUZZ_CHECK(again.ok(), "workload_to_json does not load back: {}\n{}", again.error().message,
             json);
  const Workload& q = *again;
  FUZZ_CHECK(q.name == w.name && q.description == w.description && q.model_mb == w.model_mb &&
                 q.samples == w.samples && q.epochs == w.epochs && q.compute.a == w.compute.a &&
                 q.compute.b == w.compute.b && q.compute.m == w.compute.m &&
                 q.flatten.k1 == w.flatten.k1 && q.flatten.k2 == w.flatten.k2 &&
                 q.batch.efficiency == w.batch.efficiency &&
                 q.batch.max_global == w.batch.max_global,
             "a value changed in the round trip:\n{}", json);
  FUZZ_CHECK(q.compute.law == w.compute.law && q.compute.threads == w.compute.threads,
             "law or threads changed:\n{}", json);
  FUZZ_CHECK(
      q.compute.covariance == w.compute.covariance && q.flatten.covariance == w.flatten.covariance,
      "a covariance changed:\n{}", json);
  FUZZ_CHECK(workload_to_json(q) == json, "workload_to_json is not stable");
}

}  // namespace fasdl::fuzz
