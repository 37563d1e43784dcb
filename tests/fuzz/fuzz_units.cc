// Fuzz target: parse_duration and parse_money on any bytes. A value is finite
// and in range (positive seconds, non-negative dollars, never -0) and its
// shortest printed form reads back the same; an error is one printable line
// starting with "duration" or "money".
#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fasdl/base/units.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto seconds = fasdl::parse_duration(text)) {
    FUZZ_CHECK(std::isfinite(*seconds) && *seconds > 0, "duration {}", *seconds);
    const auto again = fasdl::parse_duration(fmt::format("{}", *seconds));
    FUZZ_CHECK(again.ok() && *again == *seconds, "duration {} does not read back", *seconds);
  } else {
    fasdl::fuzz::check_error(seconds.error(), {"duration"});
  }
  if (const auto dollars = fasdl::parse_money(text)) {
    FUZZ_CHECK(std::isfinite(*dollars) && *dollars >= 0 && !std::signbit(*dollars), "money {}",
               *dollars);
    const auto again = fasdl::parse_money(fmt::format("${}", *dollars));
    FUZZ_CHECK(again.ok() && *again == *dollars, "money {} does not read back", *dollars);
  } else {
    fasdl::fuzz::check_error(dollars.error(), {"money"});
  }
  return 0;
}
