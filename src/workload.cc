#include "fasdl/workload.h"

#include <nlohmann/json.hpp>
#include <fmt/format.h>

#include "json_fields.h"

namespace fasdl {

using json_fields::FieldError;
using json_fields::Fields;
using json_fields::Range;

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
      c.finish();
    }
    {
      Fields f = root.object("flatten");
      w.flatten.k1 = f.number("k1", Range::kNonNegative);
      w.flatten.k2 = f.number("k2", Range::kFinite);
      f.finish();
    }
    {
      Fields b = root.object("batch");
      w.batch.efficiency = b.number("efficiency", Range::kPositive);
      if (w.batch.efficiency >= 1) b.fail("efficiency", "a number strictly between 0 and 1");
      w.batch.max_global = b.integer("max_global", 1, 1'000'000'000'000);
      b.finish();
    }
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
  doc["flatten"] = {{"k1", w.flatten.k1}, {"k2", w.flatten.k2}};
  doc["batch"] = {{"efficiency", w.batch.efficiency}, {"max_global", w.batch.max_global}};
  // Invalid UTF-8 in a name becomes U+FFFD instead of an exception.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace fasdl
