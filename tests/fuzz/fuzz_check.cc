#include "fuzz_check.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <vector>

#include "fasdl/base/output_format.h"
#include "fasdl/formats/plan_format.h"
#include "fasdl/formats/profile_json.h"
#include "fasdl/formats/workload_json.h"
#include "fasdl/model/model.h"
#include "fasdl/search/plan.h"
#include "fasdl/search/search.h"

namespace fasdl::fuzz {

namespace {

// The code point of the UTF-8 sequence at `at` (advanced past it), or -1 when
// the bytes are not UTF-8 (overlong forms and surrogates included).
long next_code_point(std::string_view s, std::size_t& at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(at);
  int extra = -1;
  if (lead < 0x80) {
    extra = 0;
  } else if (lead >= 0xc2 && lead < 0xe0) {
    extra = 1;
  } else if (lead >= 0xe0 && lead < 0xf0) {
    extra = 2;
  } else if (lead >= 0xf0 && lead < 0xf5) {
    extra = 3;
  }
  if (extra < 0 || at + extra >= s.size()) return -1;
  long cp = extra == 0 ? lead : lead & (0x3f >> extra);
  for (int i = 1; i <= extra; ++i) {
    if ((byte(at + i) & 0xc0) != 0x80) return -1;
    cp = (cp << 6) | (byte(at + i) & 0x3f);
  }
  const long smallest[] = {0, 0x80, 0x800, 0x10000};
  if (cp < smallest[extra] || (cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff) return -1;
  at += extra + 1;
  return cp;
}

}  // namespace

void check_line(std::string_view m) {
  FUZZ_CHECK(!m.empty() && m.size() <= 2000, "message of {} bytes", m.size());
  // Input copied into a message is either escaped or a path a document named
  // (UTF-8 by JSON's rules): no control characters, no line separators.
  for (std::size_t at = 0; at < m.size();) {
    const long cp = next_code_point(m, at);
    FUZZ_CHECK(cp >= 0x20 && !(cp >= 0x7f && cp < 0xa0) && cp != 0x2028 && cp != 0x2029,
               "code point {} (-1: not UTF-8) in the message: {}", cp, m);
  }
}

void check_error(const Error& error, std::initializer_list<std::string_view> origins) {
  const std::string& m = error.message;
  check_line(m);
  bool named = false;
  for (const std::string_view origin : origins) {
    named = named || (m.size() > origin.size() && m.compare(0, origin.size(), origin) == 0 &&
                      m[origin.size()] == ':');
  }
  FUZZ_CHECK(named, "the message does not start with its origin: {}", m);
}

bool has_word(std::string_view text, std::string_view word) {
  const auto letter = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !letter(text[at - 1]);
    const bool ends = at + word.size() == text.size() || !letter(text[at + word.size()]);
    if (starts && ends) return true;
  }
  return false;
}

void check_no_inf_nan(std::string_view text, std::string_view what) {
  for (const std::string_view word : {"inf", "nan", "infinity", "NaN"}) {
    FUZZ_CHECK(!has_word(text, word), "{} prints {}:\n{}", what, word, text);
  }
}

namespace {

// `infeasible`: inside a prediction with "feasible": false, whose figures are
// null by design (no zeros a script could mistake for a bargain).
void walk_json(const nlohmann::json& j, const std::string& key, std::string_view what,
               bool infeasible = false) {
  static const std::set<std::string> kNullable = {
      "deadline_seconds", "budget_dollars", "elapsed_ms",       "plan",           "scatter_reduce",
      "all_reduce",       "savings",        "lifetime_seconds", "memory_floor_mb"};
  static const std::set<std::string> kInfeasibleNullable = {"iterations", "seconds", "dollars",
                                                            "breakdown", "cost"};
  if (j.is_null()) {
    FUZZ_CHECK(kNullable.contains(key) || (infeasible && kInfeasibleNullable.contains(key)),
               "{}: {} is null", what, key);
  }
  if (j.is_number()) FUZZ_CHECK(std::isfinite(j.get<double>()), "{}: {} is not finite", what, key);
  if (j.is_object()) {
    const bool object_infeasible = j.contains("feasible") && j["feasible"] == false;
    for (auto it = j.begin(); it != j.end(); ++it)
      walk_json(it.value(), it.key(), what, object_infeasible);
  }
  if (j.is_array()) {
    for (const auto& e : j)
      walk_json(e, key, what);
  }
}

void check_prediction(const Model& model, const Prediction& p) {
  const Breakdown& b = p.breakdown;
  for (const double v :
       {p.seconds, p.dollars, b.train, b.flatten, b.upload, b.aggregate, b.download, b.sync,
        b.iteration, p.cost.function, p.cost.storage, p.cost.invocations, p.cost.store}) {
    FUZZ_CHECK(std::isfinite(v), "W={} M={} K={}: a figure is not finite ({})", p.config.workers,
               p.config.memory_mb, p.config.aggregators, to_string(p.infeasibility));
  }
  if (p.feasible()) {
    FUZZ_CHECK(p.seconds > 0 && p.dollars >= 0 && p.iterations >= 1 && p.batch_other >= 1 &&
                   b.iteration > 0,
               "feasible W={} M={} K={}: T={} C={} I={} A={}", p.config.workers, p.config.memory_mb,
               p.config.aggregators, p.seconds, p.dollars, p.iterations, p.batch_other);
  } else {
    const std::string why = model.explain(p);
    check_line(why);
  }
  check_json_numbers(format_prediction(model, p, OutputFormat::kJson), "prediction JSON");
  check_no_inf_nan(format_prediction(model, p, OutputFormat::kCsv), "prediction CSV");
  check_no_inf_nan(format_prediction(model, p, OutputFormat::kTable), "prediction table");
}

// Every feasible configuration of the space, then the sweep that keeps what
// nothing dominates (as tests/pareto_test.cc).
std::vector<Prediction> brute_force_front(const Model& model, const SearchOptions& o) {
  std::vector<Prediction> all;
  for (int w = 1; w <= std::min(o.max_workers, model.max_workers()); ++w) {
    for (int k = 1; k <= w; ++k) {
      for (int i = 0; i < o.memory.size(); ++i) {
        const Prediction p = model.predict({w, o.memory.at(i), k});
        if (p.feasible()) all.push_back(p);
      }
    }
  }
  std::sort(all.begin(), all.end(), [](const Prediction& a, const Prediction& b) {
    return ranks_before(a, b, Objective::kTime);
  });
  std::vector<Prediction> front;
  for (const Prediction& p : all) {
    if (front.empty() || p.dollars < front.back().dollars) front.push_back(p);
  }
  return front;
}

bool same_plan(const SearchSummary& a, const SearchSummary& b) {
  if (a.status != b.status || a.plan.has_value() != b.plan.has_value()) return false;
  return !a.plan || (a.plan->config == b.plan->config && a.plan->seconds == b.plan->seconds &&
                     a.plan->dollars == b.plan->dollars);
}

}  // namespace

void check_json_numbers(std::string_view text, std::string_view what) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  FUZZ_CHECK(!j.is_discarded(), "{} is not JSON:\n{}", what, text);
  walk_json(j, "", what);
}

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

// A store name can be chosen with --store a,b: one line, no comma, not empty.
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

void check_model(const Profile& profile_in, const Workload& workload_in) {
  // Fixed names: a fuzzed name such as "resnet nan" would read as a NaN in the tables.
  Profile profile = profile_in;
  Workload workload = workload_in;
  profile.name = "profile";
  workload.name = "workload";
  const auto model = Model::create(profile, workload);
  if (!model) {
    check_line(model.error().message);
    FUZZ_CHECK(model.error().message.rfind("B = round(", 0) == 0, "{}", model.error().message);
    return;
  }
  const int w_max = model->max_workers();
  FUZZ_CHECK(w_max >= 1, "max_workers {}", w_max);
  const MemoryRange& r = profile.memory;
  // A tiny space: at most 4 workers and 6 memory sizes from the bottom of the range.
  SearchOptions o;
  o.memory = {r.min_mb, static_cast<int>(std::min<long long>(r.max_mb, r.min_mb + 5LL * r.step_mb)),
              r.step_mb};
  o.max_workers = std::min(w_max, 4);
  o.threads = 1;
  for (int w = 1; w <= o.max_workers; ++w) {
    for (const int k : {1, (w + 1) / 2, w}) {
      for (const int m : {o.memory.min_mb, o.memory.max_mb})
        check_prediction(*model, model->predict({w, m, k}));
    }
  }
  check_prediction(*model, model->predict({w_max, r.max_mb, 1}));  // the far corner
  FUZZ_CHECK(!check_options(*model, o), "tiny options refused");
  const SearchSummary exact = search(*model, o);
  o.strategy = Strategy::kExhaustive;
  const SearchSummary all = search(*model, o);
  FUZZ_CHECK(same_plan(exact, all), "exact {} and exhaustive {} disagree", to_string(exact.status),
             to_string(all.status));
  if (exact.plan) check_prediction(*model, *exact.plan);
  o.strategy = Strategy::kExact;
  const PlanReport report = make_plan(*model, o, exact);
  check_json_numbers(format_plan(*model, report, OutputFormat::kJson), "plan JSON");
  check_no_inf_nan(format_plan(*model, report, OutputFormat::kCsv), "plan CSV");
  const ParetoFront front = pareto_front(*model, o);
  const std::vector<Prediction> want = brute_force_front(*model, o);
  FUZZ_CHECK(front.plans.size() == want.size(), "front of {} plans, brute force {}",
             front.plans.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    FUZZ_CHECK(front.plans[i].config == want[i].config &&
                   front.plans[i].seconds == want[i].seconds &&
                   front.plans[i].dollars == want[i].dollars,
               "front point {} differs from brute force", i);
  }
  check_json_numbers(format_pareto(*model, front, o, std::nullopt, OutputFormat::kJson),
                     "front JSON");
  // The released heuristic under a deadline the exact plan sets.
  if (exact.plan) {
    o.deadline_seconds = exact.plan->seconds;
    o.strategy = Strategy::kHeuristic;
    const PlanReport heuristic = make_plan(*model, o, search(*model, o));
    check_json_numbers(format_plan(*model, heuristic, OutputFormat::kJson), "heuristic JSON");
    check_no_inf_nan(format_plan(*model, heuristic, OutputFormat::kTable), "heuristic table");
  }
}

Profile small_profile() {
  std::vector<Measurement> rows;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    for (const int memory : {512, 1024, 2048}) {
      for (const double size : {1.0, 10.0, 100.0}) {
        const double seconds =
            0.05 + size / (40.0 * memory / 1024.0) * (d == Direction::kUpload ? 1.5 : 1);
        rows.push_back({d, memory, size, seconds, "small"});
      }
    }
  }
  Profile p;
  p.name = "small";
  p.transfers = TransferTable::from_measurements(rows, "small").value();
  return p;
}

Workload small_workload() {
  Workload w;
  w.name = "small";
  w.model_mb = 89.7;
  w.samples = 50000;
  w.epochs = 10;
  w.compute = {173.4, 16, 215};
  w.flatten = {5.0, -0.5};
  w.batch = {0.8, 1024};
  return w;
}

Profile platform_profile() {
  Profile p = small_profile();
  p.name = "platform";
  Platform& pl = p.platform;
  pl.cpu = CpuLimits{1769, 6};
  TieredPrices tiers;
  tiers.tiers["x86_64"] = {{6e9, 1.66667e-5}, {1.5e10, 1.5e-5}, {}};
  tiers.tiers["x86_64"].back().price = 1.33334e-5;
  tiers.tiers["arm64"] = {{7.5e9, 1.33334e-5}, {}};
  tiers.tiers["arm64"].back().price = 1.06667e-5;
  pl.gb_second_prices = tiers;
  pl.invocations = InvocationPrice{2e-7, {}};
  pl.lifetime = Lifetime{900, 8};
  pl.concurrency = 1000;
  pl.polling = Polling{0.03, 5e-6, {}};
  pl.request_limits = RequestLimits{3500, 5500};
  pl.store_hourly_price = 0.01;
  StoreOption redis;
  redis.name = "redis";
  redis.transfers = small_profile().transfers;
  redis.hourly_price = 0.068;
  redis.request_limits = RequestLimits{1e5, 1e5};
  p.stores.push_back(redis);
  return p;
}

Workload vcpu_workload() {
  Workload w = small_workload();
  w.compute.law = ComputeLaw::kVcpu;
  w.compute.threads = 2;
  w.compute.covariance =
      std::array<double, 9>{0.18, -0.037, 0.87, -0.037, 0.017, 0.0009, 0.87, 0.0009, 10.07};
  w.flatten.covariance = std::array<double, 4>{3.7e-4, -3.7e-5, -3.7e-5, 3.8e-6};
  return w;
}

}  // namespace fasdl::fuzz
