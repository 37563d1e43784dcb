// Fuzz target: parse_transfer_csv and TransferTable::from_measurements on any
// bytes. Parsed rows are finite and in range and read back the same when
// written out again; a table that forms has sorted columns and gives a model
// that prints no NaN or infinity; errors are one printable line naming the
// file.
#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fasdl/formats/transfer_csv.h"
#include "fasdl/model/transfer_table.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using fasdl::fuzz::check_error;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rows = fasdl::parse_transfer_csv(text, "t.csv");
  if (!rows) {
    check_error(rows.error(), {"t.csv"});
    return 0;
  }
  std::string written = "direction,memory_mb,size_mb,seconds\n";
  for (const fasdl::Measurement& m : *rows) {
    FUZZ_CHECK(m.memory_mb >= 1 && m.memory_mb <= 1'000'000, "memory {}", m.memory_mb);
    FUZZ_CHECK(std::isfinite(m.size_mb) && m.size_mb > 0, "size {}", m.size_mb);
    FUZZ_CHECK(std::isfinite(m.seconds) && m.seconds > 0, "seconds {}", m.seconds);
    FUZZ_CHECK(m.source.rfind("t.csv:", 0) == 0, "source {}", m.source);
    written +=
        fmt::format("{},{},{},{}\n", to_string(m.direction), m.memory_mb, m.size_mb, m.seconds);
  }
  const auto again = fasdl::parse_transfer_csv(written, "again.csv");
  FUZZ_CHECK(again.ok() && again->size() == rows->size(), "rows do not read back");
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const fasdl::Measurement& a = (*rows)[i];
    const fasdl::Measurement& b = (*again)[i];
    FUZZ_CHECK(a.direction == b.direction && a.memory_mb == b.memory_mb && a.size_mb == b.size_mb &&
                   a.seconds == b.seconds,
               "row {} reads back differently", i + 1);
  }
  auto table = fasdl::TransferTable::from_measurements(std::move(rows).value(), "t.csv");
  if (!table) {
    check_error(table.error(), {"t.csv"});
    return 0;
  }
  fasdl::Profile profile = fasdl::fuzz::small_profile();
  profile.transfers = std::move(table).value();
  fasdl::fuzz::check_profile(profile);
  fasdl::fuzz::check_profile_round_trip(profile);
  fasdl::fuzz::check_model(profile, fasdl::fuzz::small_workload());
  return 0;
}
