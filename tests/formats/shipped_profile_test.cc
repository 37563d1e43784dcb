// The shipped reference profile (fasdl-reference; the default aws-lambda shares its
// transfer times) against the raw measurements it was made from:
// how far its transfer times move, and what that costs the plans of the
// reference cases (docs/profiles.md reports these figures).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "fasdl/formats/files.h"
#include "fasdl/formats/transfer_csv.h"
#include "fasdl/search/search.h"
#include "support/reference.h"

using namespace fasdl;

namespace {

Profile shipped_profile(int min_mb) {
  auto p = load_profile(resolve(kReferenceProfile, CatalogKind::kProfile).value());
  REQUIRE(p.ok());
  p.value().memory.min_mb = min_mb;
  return std::move(p).value();
}

}  // namespace

TEST_CASE("shipped profile: transfer times stay close to the raw measurements", "[shipped]") {
  const std::string path = testing::shared_dir() + "/reference/aws-lambda-s3/transfers.csv";
  const auto rows = parse_transfer_csv(read_file(path).value(), path).value();
  const Profile shipped = shipped_profile(128);
  std::vector<double> differences;
  for (const Measurement& m : rows) {
    const double s = shipped.transfers.seconds(m.direction, m.memory_mb, m.size_mb);
    differences.push_back(std::fabs(s / m.seconds - 1));
  }
  std::sort(differences.begin(), differences.end());
  const double median = differences[differences.size() / 2];
  const double largest = differences.back();
  CAPTURE(median, largest);
  // Measured when the profile was made: median 1.05%, largest 28.2% (a noisy
  // point that monotone smoothing pools with its neighbours).
  CHECK(median < 0.02);
  CHECK(largest < 0.30);
}

TEST_CASE("shipped profile: its plans cost under 2% more than the raw table's on every case",
          "[shipped]") {
  int compared = 0;
  for (const auto& c : testing::reference_cases()) {
    const int min_mb = c["Mlower"].get<int>();
    const double deadline = c["Tcon"].get<double>();
    const Workload workload = testing::reference_workload(c);
    const auto raw = Model::create(testing::reference_profile(min_mb), workload);
    const auto shipped = Model::create(shipped_profile(min_mb), workload);
    REQUIRE(raw.ok());
    REQUIRE(shipped.ok());
    SearchOptions options;
    options.memory = profile_grid(*raw);
    options.deadline_seconds = deadline;
    const SearchSummary best = search(*raw, options);
    const SearchSummary picked = search(*shipped, options);
    INFO("case seed " << c["seed"]);
    REQUIRE(best.status == picked.status);
    if (best.status != SearchStatus::kOk) continue;
    // The shipped profile's choice, priced and timed with the raw measurements.
    const Prediction actual = raw->predict(picked.plan->config);
    const double extra = actual.dollars / best.plan->dollars - 1;
    CAPTURE(extra, actual.seconds, deadline);
    CHECK(extra < 0.02);
    CHECK(actual.seconds < deadline);
    ++compared;
  }
  CHECK(compared == 14);  // two of the sixteen cases have no feasible plan
}
