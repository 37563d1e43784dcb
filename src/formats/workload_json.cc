#include "fasdl/formats/workload_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formats/json_fields.h"
#include "formats/json_writer.h"

namespace fasdl {

using json_fields::FieldError;
using json_fields::Fields;
using json_fields::Range;

namespace {

// A covariance is positive semi-definite: every principal minor (the determinant of the rows
// and columns of any set of coefficients) is non-negative, to rounding. A matrix that is not
// would give a negative variance to some combination, and an interval of zero width.
template <std::size_t N>
void check_semi_definite(const std::array<double, N * N>& c, std::string_view origin,
                         std::string_view path, std::string_view order) {
  std::vector<std::string> names;
  for (std::size_t start = 0; start <= order.size();) {
    const auto comma = order.find(", ", start);
    names.emplace_back(
        order.substr(start, comma == std::string_view::npos ? order.npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 2;
  }
  for (unsigned mask = 1; mask < (1u << N); ++mask) {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < N; ++i) {
      if ((mask >> i) & 1u) idx.push_back(i);
    }
    if (idx.size() < 2) continue;  // the diagonal is checked as it is read
    const auto at = [&](std::size_t r, std::size_t k) { return c[idx[r] * N + idx[k]]; };
    double det = 0;
    double scale = 1;
    for (std::size_t r = 0; r < idx.size(); ++r)
      scale *= at(r, r);
    if (idx.size() == 2) {
      det = at(0, 0) * at(1, 1) - at(0, 1) * at(1, 0);
    } else {
      det = at(0, 0) * (at(1, 1) * at(2, 2) - at(1, 2) * at(2, 1)) -
            at(0, 1) * (at(1, 0) * at(2, 2) - at(1, 2) * at(2, 0)) +
            at(0, 2) * (at(1, 0) * at(2, 1) - at(1, 1) * at(2, 0));
    }
    const double largest = std::max(scale, [&] {
      double m = 0;
      for (std::size_t r = 0; r < idx.size(); ++r)
        for (std::size_t k = 0; k < idx.size(); ++k)
          m = std::max(m, std::pow(std::fabs(at(r, k)), static_cast<double>(idx.size())));
      return m;
    }());
    if (det < -1e-9 * largest) {
      std::string which;
      for (const std::size_t i : idx)
        which += (which.empty() ? "" : ", ") + (i < names.size() ? names[i] : std::to_string(i));
      throw FieldError(fmt::format(
          "{}: {}: expected a positive semi-definite matrix (a covariance: every correlation "
          "from -1 to 1), got one whose minor of {} is negative ({:.3g})",
          origin, path, which, det));
    }
  }
}

// An N x N covariance of the coefficients `order` ("a, b, m"), row-major.
template <std::size_t N>
std::optional<std::array<double, N * N>> read_covariance(Fields& f, std::string_view order) {
  const nlohmann::json* doc = f.optional("covariance");
  if (doc == nullptr) return std::nullopt;
  const std::string path = f.path_of("covariance");
  const std::string shape =
      fmt::format("a {} x {} array of arrays of numbers (order {})", N, N, order);
  if (!doc->is_array() || doc->size() != N) json_fields::fail_at(f.origin(), path, shape, doc);
  std::array<double, N * N> c{};
  for (std::size_t i = 0; i < N; ++i) {
    const nlohmann::json& row = (*doc)[i];
    const std::string row_path = fmt::format("{}[{}]", path, i);
    if (!row.is_array() || row.size() != N) {
      json_fields::fail_at(f.origin(), row_path, fmt::format("an array of {} numbers", N), &row);
    }
    for (std::size_t j = 0; j < N; ++j) {
      const std::string at = fmt::format("{}[{}]", row_path, j);
      c[i * N + j] = json_fields::checked_number(
          row[j], i == j ? Range::kNonNegative : Range::kFinite, f.origin(), at);
    }
  }
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const double upper = c[j * N + i];
      const double lower = c[i * N + j];
      if (std::fabs(upper - lower) > 1e-9 * std::max(std::fabs(upper), std::fabs(lower))) {
        json_fields::fail_at(
            f.origin(), fmt::format("{}[{}][{}]", path, i, j),
            fmt::format("the value of {}[{}][{}] ({}) within 1e-9 relative (a symmetric matrix)",
                        path, j, i, (*doc)[j][i].dump()),
            &(*doc)[i][j]);
      }
    }
  }
  check_semi_definite<N>(c, f.origin(), path, order);
  return c;
}

template <std::size_t N>
nlohmann::ordered_json covariance_json(const std::array<double, N * N>& c) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < N; ++i) {
    nlohmann::ordered_json row = nlohmann::ordered_json::array();
    for (std::size_t j = 0; j < N; ++j) {
      row.push_back(c[i * N + j]);
    }
    rows.push_back(row);
  }
  return rows;
}

// memory_min_mb, or the rule memory_floor {runtime_mb, vector_copies,
// activation_mb_per_sample}; at most one of them.
MemoryFloor read_memory_floor(Fields& root) {
  MemoryFloor floor;
  constexpr double kMaxMb = 1e6;  // as memory sizes
  if (root.has("memory_min_mb")) {
    floor.stated_mb = root.number("memory_min_mb", Range::kNonNegative);
    if (*floor.stated_mb > kMaxMb)
      root.fail("memory_min_mb", "a non-negative number up to 1000000");
  }
  if (root.has("memory_floor")) {
    if (floor.stated_mb) {
      root.fail("memory_floor", "no memory_floor rule beside memory_min_mb (give one of the two)");
    }
    Fields r = root.object("memory_floor");
    const auto megabytes = [&r](std::string_view key) {
      const double v = r.number(key, Range::kNonNegative);
      if (v > kMaxMb) r.fail(key, "a non-negative number up to 1000000");
      return v;
    };
    MemoryRule rule;
    rule.runtime_mb = megabytes("runtime_mb");
    rule.vector_copies = megabytes("vector_copies");
    rule.activation_mb_per_sample = megabytes("activation_mb_per_sample");
    r.finish();
    floor.rule = rule;
  }
  return floor;
}

}  // namespace

Expected<Workload> parse_workload(std::string_view json, std::string_view origin) {
  try {
    const nlohmann::json doc = json_fields::parse_document(json, origin);
    Fields root(doc, std::string(origin), "");
    Workload w;
    w.name = root.string("name");
    w.description = root.optional_string("description").value_or("");
    w.model_mb = root.number("model_mb", Range::kPositive);
    if (w.model_mb > 1e6) root.fail("model_mb", "a positive number of MB up to 1000000");
    w.samples = root.integer("samples", 1, 1'000'000'000'000);
    w.epochs = root.integer("epochs", 1, 1'000'000);
    {
      Fields c = root.object("compute");
      w.compute.a = c.number("a", Range::kPositive);
      w.compute.b = c.number("b", Range::kPositive);
      w.compute.m = c.number("m", Range::kFinite);
      w.compute.covariance = read_covariance<3>(c, "a, b, m");
      if (const auto law = c.optional_string("law")) {
        if (*law == "vcpu") {
          w.compute.law = ComputeLaw::kVcpu;
        } else if (*law != "memory") {
          c.fail("law", "\"memory\" or \"vcpu\"");
        }
      }
      if (w.compute.law == ComputeLaw::kVcpu) {
        w.compute.threads = static_cast<int>(c.integer("threads", 1, 1024));
      } else if (c.has("threads")) {
        c.fail("threads", "no thread count unless law is \"vcpu\"");
      }
      c.finish();
    }
    {
      Fields f = root.object("flatten");
      w.flatten.k1 = f.number("k1", Range::kNonNegative);
      w.flatten.k2 = f.number("k2", Range::kFinite);
      w.flatten.covariance = read_covariance<2>(f, "k1, k2");
      f.finish();
    }
    {
      Fields b = root.object("batch");
      w.batch.efficiency = b.number("efficiency", Range::kPositive);
      if (w.batch.efficiency >= 1) b.fail("efficiency", "a number strictly between 0 and 1");
      w.batch.max_global = b.integer("max_global", 1, 1'000'000'000'000);
      b.finish();
    }
    w.memory_floor = read_memory_floor(root);
    root.finish();
    return w;
  } catch (const FieldError& e) {
    return Error{e.what()};
  }
}

std::string workload_to_json(const Workload& w) {
  nlohmann::ordered_json doc;
  doc["name"] = w.name;
  if (!w.description.empty()) doc["description"] = w.description;
  doc["model_mb"] = w.model_mb;
  doc["samples"] = w.samples;
  doc["epochs"] = w.epochs;
  doc["compute"] = {{"a", w.compute.a}, {"b", w.compute.b}, {"m", w.compute.m}};
  if (w.compute.covariance) {
    doc["compute"]["covariance"] = covariance_json<3>(*w.compute.covariance);
  }
  if (w.compute.law == ComputeLaw::kVcpu) {
    doc["compute"]["law"] = "vcpu";
    doc["compute"]["threads"] = w.compute.threads;
  }
  doc["flatten"] = {{"k1", w.flatten.k1}, {"k2", w.flatten.k2}};
  if (w.flatten.covariance) {
    doc["flatten"]["covariance"] = covariance_json<2>(*w.flatten.covariance);
  }
  doc["batch"] = {{"efficiency", w.batch.efficiency}, {"max_global", w.batch.max_global}};
  if (w.memory_floor.stated_mb) doc["memory_min_mb"] = *w.memory_floor.stated_mb;
  if (const auto& r = w.memory_floor.rule) {
    doc["memory_floor"] = {{"runtime_mb", r->runtime_mb},
                           {"vector_copies", r->vector_copies},
                           {"activation_mb_per_sample", r->activation_mb_per_sample}};
  }
  // Covariance rows one a line; invalid UTF-8 in a name becomes U+FFFD.
  return json_out::pretty(doc);
}

}  // namespace fasdl
