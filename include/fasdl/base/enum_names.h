// The one way every choice (a search strategy, a format, a gate...) is read
// from its name: an enum with to_string(E) lists its values once, and
// enum_from_string finds the value whose name is `s`, or fails with
// "WHAT: expected a, b or c, got "s"" (`s` quoted, escaped and shortened).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include "fasdl/base/expected.h"

namespace fasdl {

// The error of a name that is none of `names`; `what` (an option or a key)
// leads the message when it is not empty.
Error unknown_name(std::string_view what, std::span<const std::string_view> names,
                   std::string_view got);

template <class E, std::size_t N>
Expected<E> enum_from_string(std::string_view s, const E (&values)[N], std::string_view what) {
  std::array<std::string_view, N> names;
  for (std::size_t i = 0; i < N; ++i) {
    if (s == to_string(values[i])) return values[i];
    names[i] = to_string(values[i]);
  }
  return unknown_name(what, names, s);
}

}  // namespace fasdl
