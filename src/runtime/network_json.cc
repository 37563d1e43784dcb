#include "runtime/network_json.h"

namespace fasdl::network_json {

using json_fields::Fields;
using json_fields::Range;

nlohmann::ordered_json shape_json(const NetworkShape& shape) {
  return {{"inputs", shape.inputs},
          {"width", shape.width},
          {"hidden_layers", shape.hidden_layers},
          {"classes", shape.classes}};
}

nlohmann::ordered_json data_json(const DatasetSpec& data) {
  return {{"seed", data.seed}, {"samples", data.samples}, {"separation", data.separation}};
}

NetworkShape read_shape(Fields net) {
  NetworkShape s;
  s.inputs = static_cast<int>(net.integer("inputs", 1, 1'000'000));
  s.width = static_cast<int>(net.integer("width", 1, 1'000'000));
  s.hidden_layers = static_cast<int>(net.integer("hidden_layers", 1, 16));
  s.classes = static_cast<int>(net.integer("classes", 2, 1'000'000));
  net.finish();
  return s;
}

DatasetSpec read_data(Fields& data, const NetworkShape& shape) {
  DatasetSpec d;
  d.samples = data.integer("samples", 1, 1'000'000'000);
  d.separation = data.number("separation", Range::kNonNegative);
  d.inputs = shape.inputs;
  d.classes = shape.classes;
  return d;
}

}  // namespace fasdl::network_json
