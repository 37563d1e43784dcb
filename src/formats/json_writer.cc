#include "formats/json_writer.h"

#include <string>

namespace fasdl::json_out {

namespace {

bool all_numbers(const Json& array) {
  for (const Json& v : array) {
    if (!v.is_number()) return false;
  }
  return !array.empty();
}

std::string scalar(const Json& v) {
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void write(const Json& j, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent) + 2, ' ');
  const std::string close(static_cast<std::size_t>(indent), ' ');
  if (j.is_object() && !j.empty()) {
    out += "{";
    bool first = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      out += first ? "\n" : ",\n";
      first = false;
      out += pad + scalar(Json(it.key())) + ": ";
      write(it.value(), indent + 2, out);
    }
    out += "\n" + close + "}";
  } else if (j.is_array() && all_numbers(j)) {
    out += "[";
    for (std::size_t i = 0; i < j.size(); ++i)
      out += (i ? ", " : "") + scalar(j[i]);
    out += "]";
  } else if (j.is_array() && !j.empty()) {
    out += "[";
    for (std::size_t i = 0; i < j.size(); ++i) {
      out += (i ? ",\n" : "\n") + pad;
      write(j[i], indent + 2, out);
    }
    out += "\n" + close + "]";
  } else {
    out += scalar(j);
  }
}

}  // namespace

Json without_negative_zeros(Json j) {
  if (j.is_number_float() && j.get<double>() == 0) return 0.0;
  if (j.is_structured()) {
    for (auto& v : j)
      v = without_negative_zeros(std::move(v));
  }
  return j;
}

std::string pretty(const Json& j) {
  std::string out;
  write(without_negative_zeros(j), 0, out);
  return out + "\n";
}

}  // namespace fasdl::json_out
