#include "fasdl/base/enum_names.h"

#include <fmt/format.h>

#include "base/text.h"

namespace fasdl {

Error unknown_name(std::string_view what, std::span<const std::string_view> names,
                   std::string_view got) {
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) list += i + 1 == names.size() ? " or " : ", ";
    list += names[i];
  }
  return Error{fmt::format("{}{}expected {}, got {}", what, what.empty() ? "" : ": ", list,
                           text::quoted(got))};
}

}  // namespace fasdl
