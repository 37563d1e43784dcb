#include "fasdl/model/transfer_table.h"

#include <catch2/catch.hpp>

#include "fasdl/formats/transfer_csv.h"

using namespace fasdl;

namespace {

TransferTable table_of(std::vector<Measurement> rows) {
  auto t = TransferTable::from_measurements(std::move(rows), "test");
  REQUIRE(t.ok());
  return std::move(t).value();
}

// Two memory columns whose upload time is exactly 0.1 + size / (M / 10).
TransferTable linear_table() {
  std::vector<Measurement> rows;
  for (const int m : {500, 1000}) {
    for (const double size : {1.0, 4.0, 10.0}) {
      rows.push_back({Direction::kUpload, m, size, 0.1 + size / (m / 10.0), "t"});
      rows.push_back({Direction::kDownload, m, size, 2 * size, "t"});
    }
  }
  return table_of(rows);
}

}  // namespace

TEST_CASE("transfer table: a measured point is returned as measured", "[transfer]") {
  const TransferTable t = linear_table();
  CHECK(t.seconds(Direction::kUpload, 500, 4) == 0.1 + 4 / 50.0);
  CHECK(t.seconds(Direction::kDownload, 1000, 10) == 20);
}

TEST_CASE("transfer table: sizes are interpolated, and extrapolated beyond a column",
          "[transfer]") {
  const TransferTable t = linear_table();
  CHECK(t.seconds(Direction::kUpload, 500, 7) == Approx(0.1 + 7 / 50.0).epsilon(1e-12));
  CHECK(t.seconds(Direction::kUpload, 500, 0.5) == Approx(0.1 + 0.5 / 50.0).epsilon(1e-12));
  CHECK(t.seconds(Direction::kUpload, 500, 40) == Approx(0.1 + 40 / 50.0).epsilon(1e-12));
}

TEST_CASE("transfer table: memory is interpolated between columns and clamped outside",
          "[transfer]") {
  const TransferTable t = linear_table();
  const double at500 = 0.1 + 4 / 50.0;
  const double at1000 = 0.1 + 4 / 100.0;
  CHECK(t.seconds(Direction::kUpload, 750, 4) == Approx((at500 + at1000) / 2).epsilon(1e-12));
  CHECK(t.seconds(Direction::kUpload, 128, 4) == at500);
  CHECK(t.seconds(Direction::kUpload, 3008, 4) == at1000);
}

TEST_CASE("transfer table: columns need not share sizes", "[transfer]") {
  const TransferTable t = table_of({{Direction::kUpload, 128, 1, 1, "a"},
                                    {Direction::kUpload, 128, 3, 3, "a"},
                                    {Direction::kUpload, 256, 2, 10, "a"},
                                    {Direction::kUpload, 256, 6, 30, "a"},
                                    {Direction::kDownload, 128, 1, 1, "a"},
                                    {Direction::kDownload, 128, 2, 2, "a"}});
  // 128 MB column at 4 MB: 4 s (extrapolated); 256 MB column: 20 s; halfway: 12 s.
  CHECK(t.seconds(Direction::kUpload, 192, 4) == Approx(12).epsilon(1e-12));
}

TEST_CASE("transfer table: repeats are combined by their median, with count and spread",
          "[transfer]") {
  const TransferTable t = table_of({{Direction::kUpload, 128, 1, 0.5, "a"},
                                    {Direction::kUpload, 128, 1, 0.2, "a"},
                                    {Direction::kUpload, 128, 1, 0.3, "a"},
                                    {Direction::kUpload, 128, 1, 0.25, "a"},
                                    {Direction::kUpload, 128, 2, 1.0, "a"},
                                    {Direction::kDownload, 128, 1, 1, "a"},
                                    {Direction::kDownload, 128, 2, 2, "a"}});
  const TransferColumn& c = t.columns(Direction::kUpload)[0];
  CHECK(c.seconds[0] == Approx(0.275));
  CHECK(c.repeats[0] == 4);
  CHECK(c.mad[0] == Approx(0.05));
  CHECK(c.repeats[1] == 1);
}

TEST_CASE("transfer table: a column with one size is refused with its location", "[transfer]") {
  const auto t = TransferTable::from_measurements({{Direction::kUpload, 128, 1, 0.5, "t.csv:2"},
                                                   {Direction::kUpload, 128, 1, 0.6, "t.csv:3"},
                                                   {Direction::kDownload, 128, 1, 1, "t.csv:4"},
                                                   {Direction::kDownload, 128, 2, 2, "t.csv:5"}},
                                                  "t.csv");
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().message ==
        "t.csv:2: upload column at 128 MB has 1 object size; expected at least two");
}

TEST_CASE("transfer table: a missing direction is refused", "[transfer]") {
  const auto t = TransferTable::from_measurements(
      {{Direction::kUpload, 128, 1, 0.5, "a"}, {Direction::kUpload, 128, 2, 0.6, "a"}}, "t.csv");
  REQUIRE_FALSE(t.ok());
  CHECK(
      t.error().message ==
      "t.csv: no download measurements; expected at least one memory column with two object sizes");
}

TEST_CASE("transfer CSV: BOM, CRLF, blank lines and spaces are accepted", "[transfer][csv]") {
  const auto rows = parse_transfer_csv(
      "\xEF\xBB\xBF"
      "direction, memory_mb ,size_mb,seconds\r\n\r\nupload, 128, 1 ,0.5\r\n",
      "t.csv");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  CHECK((*rows)[0].memory_mb == 128);
  CHECK((*rows)[0].seconds == 0.5);
  CHECK((*rows)[0].source == "t.csv:3");
}

TEST_CASE("transfer CSV: each bad cell is named with its line", "[transfer][csv]") {
  const std::string header = "direction,memory_mb,size_mb,seconds\n";
  const auto message = [&](const std::string& row) {
    const auto r = parse_transfer_csv(header + row, "t.csv");
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK(message("sideways,128,1,0.5") ==
        "t.csv:2: direction: expected upload or download, got \"sideways\"");
  CHECK(message("upload,12.5,1,0.5") ==
        "t.csv:2: memory_mb: expected a whole number of MB from 1 to 1000000, got \"12.5\"");
  CHECK(message("upload,128,0,0.5") == "t.csv:2: size_mb: expected a positive number, got \"0\"");
  CHECK(message("upload,128,1,abc") == "t.csv:2: seconds: expected a positive number, got \"abc\"");
  CHECK(message("upload,128,1,nan") == "t.csv:2: seconds: expected a positive number, got \"nan\"");
  CHECK(message("upload,128,1") ==
        "t.csv:2: expected 4 comma-separated cells (direction,memory_mb,size_mb,seconds), got 3");
  CHECK(parse_transfer_csv("memory,size\n", "t.csv").error().message ==
        "t.csv:1: expected the header \"direction,memory_mb,size_mb,seconds\", got \"memory\" in "
        "column "
        "1");
  // Never a file's first line: a profile may name any readable file as its CSV.
  CHECK(parse_transfer_csv("direction,memory_mb,size_mb,seconds,x\n", "t.csv").error().message ==
        "t.csv:1: expected the header \"direction,memory_mb,size_mb,seconds\", got 5 cells");
  CHECK(parse_transfer_csv("root:$y$j9T$abcdefghijklmnop:19000:0:99999:7:::\n", "t.csv")
            .error()
            .message ==
        "t.csv:1: expected the header \"direction,memory_mb,size_mb,seconds\", got "
        "\"root:$y$j9T$abcd...\" in column 1");
  CHECK(parse_transfer_csv("", "t.csv").error().message ==
        "t.csv: empty file; expected the header \"direction,memory_mb,size_mb,seconds\"");
}
