// The model against every probe of ../shared/reference/cases/examples.json.
#include <catch2/catch.hpp>

#include "fasdl/model/model.h"
#include "support/reference.h"

using namespace fasdl;

namespace {
bool close(double got, double want, double rel) {
  return std::abs(got - want) <= rel * std::abs(want);
}
}  // namespace

TEST_CASE("conformance: every reference probe is reproduced", "[conformance]") {
  const auto& cases = testing::reference_cases();
  REQUIRE(cases.size() == 16);
  int probes = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    const auto model = Model::create(testing::reference_profile(c["Mlower"].get<int>()),
                                     testing::reference_workload(c));
    REQUIRE(model.ok());
    CHECK(model->batch_aggregator() == c["B"].get<long long>());
    for (const auto& probe : c["probes"]) {
      const Config config{probe["W"].get<int>(), probe["M"].get<int>(), probe["K"].get<int>()};
      const Prediction p = model->predict(config);
      INFO("case " << i << " W=" << config.workers << " M=" << config.memory_mb
                   << " K=" << config.aggregators);
      REQUIRE(p.feasible());
      CHECK(p.batch_other == probe["A"].get<long long>());
      CHECK(p.iterations == probe["I"].get<long long>());
      CHECK(close(p.seconds, probe["T"].get<double>(), 1e-9));
      CHECK(close(p.dollars, probe["C"].get<double>(), 1e-9));
      CHECK(close(p.breakdown.train, probe["Ttrain"].get<double>(), 1e-9));
      CHECK(close(p.breakdown.communication(), probe["Tcomm"].get<double>(), 1e-9));
      ++probes;
    }
  }
  CHECK(probes == 192);
}
