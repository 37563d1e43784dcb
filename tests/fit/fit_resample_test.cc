#include <catch2/catch.hpp>

#include "fasdl/fit/fit.h"
#include "fasdl/fit/transfer_fit.h"
#include "fasdl/formats/transfer_csv.h"

using namespace fasdl;

TEST_CASE("fit: isotonic regression pools adjacent violators by weight", "[fit]") {
  // Halves and quarters are exact in binary, so these compare exactly.
  CHECK(isotonic({1, 3, 2, 4}, {1, 1, 1, 1}) == std::vector<double>{1, 2.5, 2.5, 4});
  CHECK(isotonic({1, 2, 3}, {1, 1, 1}) == std::vector<double>{1, 2, 3});
  CHECK(isotonic({3, 2, 1}, {1, 1, 1}) == std::vector<double>{2, 2, 2});
  // Weight 3 against 1: the pooled mean is (3 * 3 + 1 * 1) / 4.
  CHECK(isotonic({0, 3, 1, 5}, {1, 3, 1, 1}) == std::vector<double>{0, 2.5, 2.5, 5});
  CHECK(isotonic({}, {}).empty());
}

namespace {

// A long upload/download column (1..50 MB) and a short one (1..10 MB) with a dip.
TransferTable two_columns() {
  std::vector<Measurement> rows;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    for (const double s : {1.0, 2.0, 4.0, 6.0, 8.0, 10.0}) {
      rows.push_back({d, 128, s, s == 6 ? 0.05 * 4 : 0.05 * s, "t"});  // 6 MB dips to 4 MB's time
    }
    for (const double s : {1.0, 5.0, 10.0, 20.0, 50.0})
      rows.push_back({d, 1024, s, 0.01 * s, "t"});
  }
  return TransferTable::from_measurements(rows, "t").value();
}

}  // namespace

TEST_CASE("fit: resampling smooths monotone and never extrapolates a column", "[fit]") {
  const TransferTable t = resample(two_columns(), {3, 7, 30, 40, 100}).value();
  const TransferColumn& small = t.columns(Direction::kUpload)[0];
  // Requested 3 and 7 lie inside 1..10; 30, 40 and 100 do not. The first two
  // and last two measured sizes stay.
  CHECK(small.sizes_mb == std::vector<double>{1, 2, 3, 7, 8, 10});
  // 4 and 6 MB (0.2, 0.2) were already monotone; 7 MB lies between 6 and 8.
  CHECK(small.seconds[2] == Approx(0.15));
  CHECK(small.seconds[3] == Approx(0.3));
  for (std::size_t i = 1; i < small.seconds.size(); ++i)
    CHECK(small.seconds[i] >= small.seconds[i - 1]);
  const TransferColumn& large = t.columns(Direction::kDownload)[1];
  // 3 and 7 lie inside this column's 1..50 MB too; 10 is neither requested nor an end.
  CHECK(large.sizes_mb == std::vector<double>{1, 3, 5, 7, 20, 30, 40, 50});
  CHECK(large.seconds[5] == Approx(0.3));
  CHECK(large.repeats == std::vector<int>(8, 1));
}

TEST_CASE("fit: resampling pools a dip so the smoothed column never falls", "[fit]") {
  std::vector<Measurement> rows;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    for (const auto& [size, seconds] :
         std::vector<std::pair<double, double>>{{1, 0.1}, {2, 0.3}, {3, 0.2}, {4, 0.4}, {5, 0.5}}) {
      rows.push_back({d, 512, size, seconds, "t"});
    }
  }
  const auto table = TransferTable::from_measurements(rows, "t").value();
  const TransferTable smooth = resample(table, {2.5}).value();
  const TransferColumn& c = smooth.columns(Direction::kUpload)[0];
  CHECK(c.sizes_mb == std::vector<double>{1, 2, 2.5, 4, 5});
  const std::vector<double> want = {0.1, 0.25, 0.25, 0.4, 0.5};
  REQUIRE(c.seconds.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i)
    CHECK(c.seconds[i] == Approx(want[i]));
}

TEST_CASE("fit: size lists take numbers and START:STOP:STEP ranges", "[fit]") {
  CHECK(parse_size_list("1:4:1,6:10:2,100").value() ==
        std::vector<double>{1, 2, 3, 4, 6, 8, 10, 100});
  CHECK(parse_size_list(" 50 , 1,1 ").value() == std::vector<double>{1, 50});
  CHECK(parse_size_list("0.1:0.5:0.1").value() == std::vector<double>{0.1, 0.2, 0.3, 0.4, 0.5});
  CHECK(parse_size_list("1:10:4").value() == std::vector<double>{1, 5, 9});
  const std::string expected =
      "expected positive sizes in MB and START:STOP:STEP ranges separated by commas, such as "
      "1:20:1,50,100; got ";
  CHECK(parse_size_list("abc").error().message == expected + "\"abc\"");
  CHECK(parse_size_list("0").error().message == expected + "\"0\"");
  CHECK(parse_size_list("1,,2").error().message == expected + "\"\"");
  CHECK(parse_size_list("5:1:1").error().message == expected + "\"5:1:1\"");
  CHECK(parse_size_list("1:5").error().message == expected + "\"1:5\"");
  CHECK(parse_size_list("1:1000000:1").error().message ==
        "\"1:1000000:1\" gives 1000000 sizes; expected at most 100000");
}
