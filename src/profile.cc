#include "fasdl/profile.h"

#include <nlohmann/json.hpp>
#include <fmt/format.h>

#include "json_fields.h"

namespace fasdl {

namespace {

using json_fields::FieldError;
using json_fields::Fields;
using json_fields::Range;

constexpr long long kMaxMemoryMb = 1'000'000;

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
        if (!points[i].is_array() || points[i].size() != 2) {
          json_fields::fail_at(f.origin(), at, "a [size_mb, seconds] pair", &points[i]);
        }
        Measurement m;
        m.direction = d;
        m.memory_mb = memory;
        m.size_mb = json_fields::checked_number(points[i][0], Range::kPositive, f.origin(),
                                                at + "[0]");
        m.seconds = json_fields::checked_number(points[i][1], Range::kPositive, f.origin(),
                                                at + "[1]");
        if (i > 0 && !(m.size_mb > rows.back().size_mb)) {
          json_fields::fail_at(f.origin(), at + "[0]",
                               fmt::format("a size above the previous point's {} MB (points by "
                                           "increasing size_mb)",
                                           rows.back().size_mb),
                               &points[i][0]);
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

}  // namespace

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
    Fields transfers = root.object("transfers");
    std::vector<Measurement> rows;
    std::string rows_origin(origin);
    if (transfers.has("csv")) {
      const std::string path = transfers.string("csv");
      transfers.finish();
      const Expected<Source> source = load(path);
      if (!source) {
        return Error{fmt::format("{}: transfers.csv: {}", origin, source.error().message)};
      }
      auto parsed = parse_transfer_csv(source->text, source->origin);
      if (!parsed) return parsed.error();
      rows = std::move(parsed).value();
      rows_origin = source->origin;
    } else {
      rows = read_inline(transfers);
    }
    root.finish();
    auto table = TransferTable::from_measurements(std::move(rows), rows_origin);
    if (!table) return table.error();
    p.transfers = std::move(table).value();
    return p;
  } catch (const FieldError& e) {
    return Error{e.what()};
  }
}

std::string profile_to_json(const Profile& p) {
  nlohmann::ordered_json doc;
  doc["name"] = p.name;
  if (!p.description.empty()) doc["description"] = p.description;
  doc["memory_mb"] = {{"min", p.memory.min_mb}, {"max", p.memory.max_mb}, {"step", p.memory.step_mb}};
  doc["prices"] = {{"function_mb_second", p.prices.function_mb_second},
                   {"put_request", p.prices.put_request},
                   {"get_request", p.prices.get_request}};
  doc["sync"] = {{"seconds_per_mb", p.sync.seconds_per_mb}, {"offset_mb", p.sync.offset_mb}};
  // The transfers are written by hand, one [size, seconds] pair per line, so
  // that the document stays readable (a regex over the dump also rewrote
  // names and overflowed the stack on long ones).
  // Invalid UTF-8 in a name becomes U+FFFD instead of an exception.
  std::string out = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  out.resize(out.size() - 2);  // "\n}"
  out += ",\n  \"transfers\": {";
  const auto number = [](double v) { return nlohmann::json(v).dump(); };
  const Direction directions[] = {Direction::kUpload, Direction::kDownload};
  for (const Direction d : directions) {
    const auto& columns = p.transfers.columns(d);
    out += fmt::format("{}\n    \"{}\": [", d == directions[0] ? "" : ",", to_string(d));
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const TransferColumn& column = columns[c];
      out += fmt::format("{}\n      {{\n        \"memory_mb\": {},\n        \"points\": [",
                         c == 0 ? "" : ",", column.memory_mb);
      for (std::size_t i = 0; i < column.sizes_mb.size(); ++i) {
        out += fmt::format("{}\n          [{}, {}]", i == 0 ? "" : ",", number(column.sizes_mb[i]),
                           number(column.seconds[i]));
      }
      out += column.sizes_mb.empty() ? "]\n      }" : "\n        ]\n      }";
    }
    out += columns.empty() ? "]" : "\n    ]";
  }
  return out + "\n  }\n}\n";
}

}  // namespace fasdl
