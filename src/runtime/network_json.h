// The network and data set of a run's spec and of a probe's task, in the
// JSON both carry (internal: fasdl/run.h and fasdl/probe.h use it).
#pragma once

#include <nlohmann/json.hpp>

#include "fasdl/runtime/network.h"
#include "formats/json_fields.h"

namespace fasdl::network_json {

// {"inputs", "width", "hidden_layers", "classes"}
nlohmann::ordered_json shape_json(const NetworkShape& shape);
// {"seed", "samples", "separation"}; inputs and classes are the shape's.
nlohmann::ordered_json data_json(const DatasetSpec& data);

// Reads `net` whole (throws json_fields::FieldError, as Fields does).
NetworkShape read_shape(json_fields::Fields net);
// The samples and separation of `data` (not its seed, which the callers bound
// differently), with inputs and classes from `shape`; `data` is not finished.
DatasetSpec read_data(json_fields::Fields& data, const NetworkShape& shape);

}  // namespace fasdl::network_json
