// Every shipped profile and model loads, plans, and says where it comes from.
#include <catch2/catch.hpp>

#include "fasdl/formats/files.h"
#include "fasdl/search/search.h"

using namespace fasdl;

TEST_CASE("catalog: the six CIFAR-10 models and the default profile ship", "[catalog]") {
  std::vector<std::string> models;
  for (const CatalogEntry& e : catalog(CatalogKind::kModel))
    models.push_back(e.name);
  for (const char* name :
       {"mobilenet_v2", "resnet101", "resnet18", "resnet34", "resnet50", "vgg16"}) {
    CHECK(std::find(models.begin(), models.end(), name) != models.end());
  }
  CHECK(resolve(kDefaultProfile, CatalogKind::kProfile).ok());
}

TEST_CASE("catalog: every shipped profile and model loads and plans", "[catalog]") {
  const auto profiles = catalog(CatalogKind::kProfile);
  const auto models = catalog(CatalogKind::kModel);
  REQUIRE_FALSE(profiles.empty());
  REQUIRE(models.size() >= 6);
  for (const CatalogEntry& p : profiles) {
    const auto profile = load_profile(p.path);
    INFO(p.path);
    REQUIRE(profile.ok());
    for (const CatalogEntry& m : models) {
      const auto workload = load_workload(m.path);
      INFO(m.path);
      REQUIRE(workload.ok());
      CHECK(workload->name == m.name);
      CHECK_THAT(workload->description, Catch::Contains("docs/profiles.md"));
      const auto model = Model::create(*profile, *workload);
      REQUIRE(model.ok());
      SearchOptions options;
      options.memory = profile_grid(*model);
      options.budget_dollars = 5;
      options.objective = Objective::kTime;
      const SearchSummary s = search(*model, options);
      REQUIRE(s.status == SearchStatus::kOk);
      CHECK(s.plan->feasible());
      CHECK(s.plan->dollars <= 5);
      CHECK(std::isfinite(s.plan->seconds));
    }
  }
}

TEST_CASE("catalog: resnet50 reproduces lambdaDNN's 573 s epoch on 8 x 2560 MB within 1%",
          "[catalog]") {
  // The published point: 8 functions of 2560 MB, local batch 128, one CIFAR-10
  // epoch (I = floor(50000 / 1024) = 48 iterations) in 573 s. The catalog's
  // a was calibrated so that training plus the default profile's
  // ScatterReduce communication (K = W = 8) gives that time.
  const auto profile = load_profile(resolve(kDefaultProfile, CatalogKind::kProfile).value());
  const auto workload = load_workload(resolve("resnet50", CatalogKind::kModel).value());
  REQUIRE(profile.ok());
  REQUIRE(workload.ok());
  const auto model = Model::create(*profile, *workload);
  REQUIRE(model.ok());
  const double communication = model->predict({8, 2560, 8}).breakdown.communication();
  const auto& c = workload->compute;
  const double train = c.a * (128 + c.b) / (2560 + c.m);
  CHECK(48 * (train + communication) == Approx(573).epsilon(0.01));
}
