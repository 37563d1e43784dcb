#include "fasdl/formats/profile_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "fasdl/formats/transfer_csv.h"
#include "formats/json_fields.h"
#include "formats/json_writer.h"
#include "formats/platform_json.h"

namespace fasdl {

namespace {

using json_fields::FieldError;
using json_fields::Fields;
using json_fields::Range;

constexpr long long kMaxMemoryMb = 1'000'000;
constexpr double kMaxRepeats = 1'000'000'000;

MemoryRange read_memory(Fields f) {
  MemoryRange r;
  r.min_mb = static_cast<int>(f.integer("min", 1, kMaxMemoryMb));
  r.max_mb = static_cast<int>(f.integer("max", 1, kMaxMemoryMb));
  r.step_mb = static_cast<int>(f.integer("step", 1, kMaxMemoryMb));
  if (r.max_mb < r.min_mb) f.fail("max", fmt::format("a number of MB at least min ({})", r.min_mb));
  f.finish();
  return r;
}

Prices read_prices(Fields f) {
  Prices p;
  p.function_mb_second = f.number("function_mb_second", Range::kNonNegative);
  p.put_request = f.number("put_request", Range::kNonNegative);
  p.get_request = f.number("get_request", Range::kNonNegative);
  f.finish();
  return p;
}

SyncCoefficients read_sync(Fields f) {
  SyncCoefficients s;
  s.seconds_per_mb = f.number("seconds_per_mb", Range::kNonNegative);
  s.offset_mb = f.number("offset_mb", Range::kNonNegative);
  f.finish();
  return s;
}

// Inline form: {"upload": [{"memory_mb": 128, "points": [[1, 0.18], ...]}, ...], ...}
std::vector<Measurement> read_inline(Fields f) {
  std::vector<Measurement> rows;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    const std::string key(to_string(d));
    const nlohmann::json& columns = f.array(key);
    if (columns.empty()) f.fail(key, "a non-empty array of memory columns");
    int previous_memory = 0;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      Fields column(columns[c], f.origin(), fmt::format("{}[{}]", f.path_of(key), c));
      const int memory = static_cast<int>(column.integer("memory_mb", 1, kMaxMemoryMb));
      // Out of order or repeated columns are typing mistakes, not a table to guess at.
      if (memory <= previous_memory) {
        column.fail("memory_mb", fmt::format("a memory above the previous column's {} MB "
                                             "(columns by increasing memory_mb)",
                                             previous_memory));
      }
      previous_memory = memory;
      const nlohmann::json& points = column.array("points");
      const std::string points_path = column.path_of("points");
      if (points.size() < 2) {
        column.fail("points", "at least two [size_mb, seconds] points");
      }
      for (std::size_t i = 0; i < points.size(); ++i) {
        const std::string at = fmt::format("{}[{}]", points_path, i);
        const nlohmann::json& point = points[i];
        if (!point.is_array() || (point.size() != 2 && point.size() != 4)) {
          json_fields::fail_at(f.origin(), at,
                               "a [size_mb, seconds] or [size_mb, seconds, repeats, mad_seconds] "
                               "point",
                               &point);
        }
        Measurement m;
        m.direction = d;
        m.memory_mb = memory;
        m.size_mb = json_fields::checked_number(point[0], Range::kPositive, f.origin(), at + "[0]");
        m.seconds = json_fields::checked_number(point[1], Range::kPositive, f.origin(), at + "[1]");
        // Sorted by size; equal sizes are repeats, combined by their median.
        if (i > 0 && m.size_mb < rows.back().size_mb) {
          json_fields::fail_at(f.origin(), at + "[0]",
                               fmt::format("a size of at least the previous point's {} MB (points "
                                           "by increasing size_mb)",
                                           rows.back().size_mb),
                               &point[0]);
        }
        if (point.size() == 4) {
          const double repeats =
              json_fields::checked_number(point[2], Range::kPositive, f.origin(), at + "[2]");
          if (repeats != std::floor(repeats) || repeats > kMaxRepeats) {
            json_fields::fail_at(f.origin(), at + "[2]",
                                 fmt::format("a whole number of repeats from 1 to {}", kMaxRepeats),
                                 &point[2]);
          }
          m.repeats = static_cast<int>(repeats);
          m.mad =
              json_fields::checked_number(point[3], Range::kNonNegative, f.origin(), at + "[3]");
        }
        m.source = fmt::format("{}: {}", f.origin(), column.path());
        rows.push_back(m);
      }
      column.finish();
    }
  }
  f.finish();
  return rows;
}

// A "transfers" object, inline or from a CSV the loader reads.
TransferTable read_transfers(Fields transfers, std::string_view origin, const SourceLoader& load) {
  std::vector<Measurement> rows;
  std::string rows_origin(origin);
  if (transfers.has("csv")) {
    const std::string path = transfers.string("csv");
    transfers.finish();
    const Expected<Source> source = load(path);
    if (!source) {
      throw FieldError(
          fmt::format("{}: {}: {}", origin, transfers.path_of("csv"), source.error().message));
    }
    auto parsed = parse_transfer_csv(source->text, source->origin);
    if (!parsed) throw FieldError(parsed.error().message);
    rows = std::move(parsed).value();
    rows_origin = source->origin;
  } else {
    rows = read_inline(transfers);
  }
  auto table = TransferTable::from_measurements(std::move(rows), rows_origin);
  if (!table) throw FieldError(table.error().message);
  return std::move(table).value();
}

std::vector<StoreOption> read_stores(const nlohmann::json& list, const Fields& root,
                                     std::string_view origin, const SourceLoader& load,
                                     const std::string& own_store) {
  std::vector<StoreOption> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Fields f(list[i], root.origin(), fmt::format("stores[{}]", i));
    StoreOption s;
    s.name = platform_json::store_name(f);
    if (s.name == own_store) {
      f.fail("name", fmt::format("a store other than the profile's own (platform.store.name: {})",
                                 text::quoted(own_store)));
    }
    for (const StoreOption& other : out) {
      if (other.name == s.name) f.fail("name", "a store name not used before");
    }
    Fields prices = f.object("prices");
    s.put_request = prices.number("put_request", Range::kNonNegative);
    s.get_request = prices.number("get_request", Range::kNonNegative);
    prices.finish();
    s.hourly_price = f.optional_number("hourly_price", Range::kNonNegative).value_or(0);
    if (f.has("date") || f.has("source")) s.provenance = platform_json::read_provenance(f);
    if (auto l = f.optional_object("request_limits"))
      s.request_limits = platform_json::read_request_limits(*l);
    if (auto p = f.optional_object("polling")) s.polling = platform_json::read_polling(*p);
    s.transfers = read_transfers(f.object("transfers"), origin, load);
    f.finish();
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

Expected<Platform> parse_platform(std::string_view json, std::string_view origin) {
  try {
    const nlohmann::json doc = json_fields::parse_document(json, origin);
    return platform_json::read_platform(Fields(doc, std::string(origin), ""));
  } catch (const FieldError& e) {
    return Error{e.what()};
  }
}

Expected<Profile> parse_profile(std::string_view json, std::string_view origin,
                                const SourceLoader& load) {
  try {
    const nlohmann::json doc = json_fields::parse_document(json, origin);
    Fields root(doc, std::string(origin), "");
    Profile p;
    p.name = root.string("name");
    p.description = root.optional_string("description").value_or("");
    p.memory = read_memory(root.object("memory_mb"));
    p.prices = read_prices(root.object("prices"));
    p.sync = read_sync(root.object("sync"));
    p.transfers = read_transfers(root.object("transfers"), origin, load);
    if (auto platform = root.optional_object("platform"))
      p.platform = platform_json::read_platform(*platform);
    if (auto probe = root.optional_object("reference_probe")) {
      p.reference_probe =
          ReferenceProbe{probe->number("seconds", Range::kPositive), probe->string("work")};
      probe->finish();
    }
    if (const nlohmann::json* stores = root.optional("stores")) {
      if (!stores->is_array()) json_fields::fail_at(origin, "stores", "an array of stores", stores);
      p.stores = read_stores(*stores, root, origin, load, p.platform.store);
    }
    root.finish();
    return p;
  } catch (const FieldError& e) {
    return Error{e.what()};
  }
}

namespace {

nlohmann::ordered_json write_transfers(const TransferTable& table) {
  nlohmann::ordered_json transfers;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    nlohmann::ordered_json columns = nlohmann::ordered_json::array();
    for (const TransferColumn& c : table.columns(d)) {
      // Count and spread are written only when some point combines repeats.
      const bool with_repeats =
          std::any_of(c.repeats.begin(), c.repeats.end(), [](int r) { return r > 1; });
      nlohmann::ordered_json points = nlohmann::ordered_json::array();
      for (std::size_t i = 0; i < c.sizes_mb.size(); ++i) {
        if (with_repeats) {
          points.push_back({c.sizes_mb[i], c.seconds[i], c.repeats[i], c.mad[i]});
        } else {
          points.push_back({c.sizes_mb[i], c.seconds[i]});
        }
      }
      columns.push_back({{"memory_mb", c.memory_mb}, {"points", points}});
    }
    transfers[std::string(to_string(d))] = columns;
  }
  return transfers;
}

nlohmann::ordered_json write_store(const StoreOption& s) {
  nlohmann::ordered_json j;
  j["name"] = s.name;
  j["prices"] = {{"put_request", s.put_request}, {"get_request", s.get_request}};
  if (s.hourly_price > 0) j["hourly_price"] = s.hourly_price;
  if (s.provenance) {
    if (!s.provenance->date.empty()) j["date"] = s.provenance->date;
    if (!s.provenance->source.empty()) j["source"] = s.provenance->source;
  }
  if (s.request_limits)
    j["request_limits"] = platform_json::write_request_limits(*s.request_limits);
  if (s.polling) j["polling"] = platform_json::write_polling(*s.polling);
  j["transfers"] = write_transfers(s.transfers);
  return j;
}

}  // namespace

std::string profile_to_json(const Profile& p) {
  nlohmann::ordered_json doc;
  doc["name"] = p.name;
  if (!p.description.empty()) doc["description"] = p.description;
  doc["memory_mb"] = {
      {"min", p.memory.min_mb}, {"max", p.memory.max_mb}, {"step", p.memory.step_mb}};
  doc["prices"] = {{"function_mb_second", p.prices.function_mb_second},
                   {"put_request", p.prices.put_request},
                   {"get_request", p.prices.get_request}};
  doc["sync"] = {{"seconds_per_mb", p.sync.seconds_per_mb}, {"offset_mb", p.sync.offset_mb}};
  doc["transfers"] = write_transfers(p.transfers);
  if (auto platform = platform_json::write_platform(p.platform); !platform.empty())
    doc["platform"] = platform;
  if (p.reference_probe) {
    doc["reference_probe"] = {{"seconds", p.reference_probe->seconds},
                              {"work", p.reference_probe->work}};
  }
  if (!p.stores.empty()) {
    nlohmann::ordered_json stores = nlohmann::ordered_json::array();
    for (const StoreOption& s : p.stores)
      stores.push_back(write_store(s));
    doc["stores"] = stores;
  }
  // Points one a line; invalid UTF-8 in a name becomes U+FFFD.
  return json_out::pretty(doc);
}

}  // namespace fasdl
