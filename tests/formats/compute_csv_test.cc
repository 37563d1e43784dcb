#include "fasdl/formats/compute_csv.h"

#include <catch2/catch.hpp>

#include "fasdl/fit/fit.h"

using namespace fasdl;

TEST_CASE("compute csv: rows become samples with their line", "[compute_csv]") {
  const auto s = parse_compute_csv(
      "\xEF\xBB\xBF batch, memory_mb ,train_seconds,flatten_seconds\r\n"
      "16,512,2.5,0.05\r\n\r\n 64 ,1024, 3 ,0.04\n",
      "c.csv");
  REQUIRE(s.ok());
  REQUIRE(s->size() == 2);
  CHECK((*s)[0].batch == 16);
  CHECK((*s)[0].memory_mb == 512);
  CHECK((*s)[0].train_seconds == 2.5);
  CHECK((*s)[0].flatten_seconds == 0.05);
  CHECK((*s)[0].source == "c.csv:2");
  CHECK((*s)[1].source == "c.csv:4");
  CHECK((*s)[1].train_seconds == 3);
}

TEST_CASE("compute csv: bad input is one line naming the file, line and cell", "[compute_csv]") {
  const std::string header = "batch,memory_mb,train_seconds,flatten_seconds\n";
  const auto error = [](std::string_view text) {
    return parse_compute_csv(text, "c.csv").error().message;
  };
  CHECK(error("") ==
        "c.csv: empty file; expected the header \"batch,memory_mb,train_seconds,flatten_seconds\"");
  CHECK(error("batch,memory,train,flatten\n") ==
        "c.csv:1: expected the header \"batch,memory_mb,train_seconds,flatten_seconds\", got "
        "\"memory\" in column 2");
  CHECK(error(header) == "c.csv: no measurements after the header");
  CHECK(error(header + "16,512,2.5\n") ==
        "c.csv:2: expected 4 comma-separated cells (batch,memory_mb,train_seconds,"
        "flatten_seconds), got 3");
  CHECK(error(header + "0,512,2.5,0.1\n") ==
        "c.csv:2: batch: expected a whole number of samples from 1 to 1000000000, got \"0\"");
  CHECK(error(header + "16.5,512,2.5,0.1\n") ==
        "c.csv:2: batch: expected a whole number of samples from 1 to 1000000000, got \"16.5\"");
  CHECK(error(header + "16,big,2.5,0.1\n") ==
        "c.csv:2: memory_mb: expected a whole number of MB from 1 to 1000000, got \"big\"");
  CHECK(error(header + "16,512,0,0.1\n") ==
        "c.csv:2: train_seconds: expected a positive, finite number of seconds, got \"0\"");
  CHECK(error(header + "16,512,-1,0.1\n") ==
        "c.csv:2: train_seconds: expected a positive, finite number of seconds, got \"-1\"");
  CHECK(error(header + "16,512,nan,0.1\n") ==
        "c.csv:2: train_seconds: expected a positive, finite number of seconds, got \"nan\"");
  CHECK(error(header + "16,512,2,inf\n") ==
        "c.csv:2: flatten_seconds: expected a positive, finite number of seconds, got \"inf\"");
}
