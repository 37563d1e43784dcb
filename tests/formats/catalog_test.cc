// Every shipped profile and model loads, plans, and says where it comes from.
#include <catch2/catch.hpp>
#include <map>

#include "fasdl/formats/files.h"
#include "fasdl/search/plan.h"
#include "fasdl/search/search.h"

using namespace fasdl;

TEST_CASE("catalog: the six CIFAR-10 models, the default and the reference profile ship",
          "[catalog]") {
  std::vector<std::string> models;
  for (const CatalogEntry& e : catalog(CatalogKind::kModel))
    models.push_back(e.name);
  for (const char* name :
       {"mobilenet_v2", "resnet101", "resnet18", "resnet34", "resnet50", "vgg16"}) {
    CHECK(std::find(models.begin(), models.end(), name) != models.end());
  }
  CHECK(resolve(kDefaultProfile, CatalogKind::kProfile).ok());
  CHECK(resolve(kReferenceProfile, CatalogKind::kProfile).ok());
  // The names scripts used before today's Lambda became the default still resolve.
  for (const CatalogAlias& alias : kProfileAliases) {
    CHECK(resolve(alias.name, CatalogKind::kProfile).value() ==
          resolve(alias.profile, CatalogKind::kProfile).value());
  }
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
      // Within $10: resnet101 costs at least $6.24 on today's Lambda.
      SearchOptions options;
      options.memory = profile_grid(*model);
      options.budget_dollars = 10;
      options.objective = Objective::kTime;
      const SearchSummary s = search(*model, options);
      if (model->memory_floor_mb() > profile->memory.max_mb) {
        // resnet101 needs 3,816 MB; the reference form ends at 3,008 MB.
        CHECK(s.status == SearchStatus::kInfeasible);
        CHECK_THAT(s.reason, Catch::Contains("its memory floor"));
        continue;
      }
      REQUIRE(s.status == SearchStatus::kOk);
      CHECK(s.plan->feasible());
      CHECK(s.plan->dollars <= 10);
      CHECK(std::isfinite(s.plan->seconds));
    }
  }
}

TEST_CASE("catalog: resnet50 reproduces lambdaDNN's 573 s epoch on 8 x 2560 MB within 1%",
          "[catalog]") {
  // The published point: 8 functions of 2560 MB, local batch 128, one CIFAR-10
  // epoch (I = floor(50000 / 1024) = 48 iterations) in 573 s. The catalog's
  // a was calibrated so that training plus the default profile's
  // ScatterReduce communication (K = W = 8) gives that time; it was made on the
  // reference form, whose transfer times today's profile shares.
  const auto profile = load_profile(resolve(kReferenceProfile, CatalogKind::kProfile).value());
  auto workload = load_workload(resolve("resnet50", CatalogKind::kModel).value());
  REQUIRE(profile.ok());
  REQUIRE(workload.ok());
  // 2,560 MB is 5 MB under the memory floor the catalog now states (2,565 MB):
  // the calibration is of the compute law, so the floor is left out here.
  workload.value().memory_floor = {};
  const auto model = Model::create(*profile, *workload);
  REQUIRE(model.ok());
  const double communication = model->predict({8, 2560, 8}).breakdown.communication();
  const auto& c = workload->compute;
  const double train = c.a * (128 + c.b) / (2560 + c.m);
  CHECK(48 * (train + communication) == Approx(573).epsilon(0.01));
}

namespace {

std::vector<Model> catalog_models(const std::string& profile_name) {
  const auto profile = load_profile(resolve(profile_name, CatalogKind::kProfile).value());
  REQUIRE(profile.ok());
  std::vector<Model> out;
  for (const CatalogEntry& m : catalog(CatalogKind::kModel)) {
    const auto workload = load_workload(m.path);
    REQUIRE(workload.ok());
    auto model = Model::create(*profile, *workload);
    REQUIRE(model.ok());
    out.push_back(std::move(model).value());
  }
  return out;
}

// The least memory a catalog plan may take: twice the exchanged vector and 256 MB (issue 14).
double least_memory(const Model& m) {
  return 2 * m.workload().model_mb + 256;
}

}  // namespace

TEST_CASE("catalog: every model carries the floor docs/profiles.md derives", "[catalog]") {
  const std::map<std::string, int> documented = {{"mobilenet_v2", 1245}, {"resnet101", 3816},
                                                 {"resnet18", 906},      {"resnet34", 1337},
                                                 {"resnet50", 2565},     {"vgg16", 823}};
  for (const Model& m : catalog_models(kDefaultProfile)) {
    INFO(m.workload().name);
    REQUIRE(m.workload().memory_floor.rule);
    CHECK(m.memory_floor_mb() == documented.at(m.workload().name));
    CHECK(m.memory_floor_mb() >= least_memory(m));
  }
}

TEST_CASE("catalog: no plan, baseline or front point takes less memory than its model needs",
          "[catalog]") {
  for (const std::string profile : {kDefaultProfile, kReferenceProfile}) {
    for (const Model& m : catalog_models(profile)) {
      INFO(profile << ", " << m.workload().name);
      const double least = std::max<double>(m.memory_floor_mb(), least_memory(m));
      SearchOptions o;
      o.memory = profile_grid(m);
      for (int constraint = 0; constraint < 3; ++constraint) {
        o.deadline_seconds.reset();
        o.budget_dollars.reset();
        o.objective = Objective::kCost;
        if (constraint == 1) o.deadline_seconds = 7200;
        if (constraint == 2) {
          o.budget_dollars = 5;
          o.objective = Objective::kTime;
        }
        const PlanReport r = make_plan(m, o, search(m, o));
        for (const auto& p : {r.summary.plan, r.scatter_reduce, r.all_reduce}) {
          if (p) CHECK(p->config.memory_mb >= least);
        }
        if (r.nearest_miss) CHECK(r.nearest_miss->plan.config.memory_mb >= least);
      }
      o.deadline_seconds.reset();
      o.budget_dollars.reset();
      for (const Prediction& p : pareto_front(m, o).plans)
        CHECK(p.config.memory_mb >= least);
    }
  }
}

TEST_CASE("catalog: every covariance is symmetric positive semi-definite", "[catalog]") {
  for (const Model& m : catalog_models(kDefaultProfile)) {
    INFO(m.workload().name);
    const auto& c = m.workload().compute.covariance;
    const auto& f = m.workload().flatten.covariance;
    REQUIRE(c);
    REQUIRE(f);
    // Sylvester's criterion on the leading minors, with a little room for rounding to 6 digits.
    const auto& s = *c;
    const double m1 = s[0];
    const double m2 = s[0] * s[4] - s[1] * s[3];
    const double m3 = s[0] * (s[4] * s[8] - s[5] * s[7]) - s[1] * (s[3] * s[8] - s[5] * s[6]) +
                      s[2] * (s[3] * s[7] - s[4] * s[6]);
    CHECK(m1 > 0);
    CHECK(m2 > 0);
    CHECK(m3 > 0);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        CHECK(s[3 * i + j] == s[3 * j + i]);
    CHECK((*f)[0] >= 0);
    CHECK((*f)[3] >= 0);
    CHECK((*f)[0] * (*f)[3] - (*f)[1] * (*f)[2] >= 0);
  }
}

TEST_CASE("catalog: --confidence 0.9 plans every model on the default profile", "[catalog]") {
  for (const Model& m : catalog_models(kDefaultProfile)) {
    INFO(m.workload().name);
    SearchOptions o;
    o.memory = profile_grid(m);
    o.confidence = 0.9;
    o.budget_dollars = 20;
    o.objective = Objective::kTime;
    REQUIRE_FALSE(check_options(m, o));
    const SearchSummary s = search(m, o);
    REQUIRE(s.status == SearchStatus::kOk);
    // The margin: the plan's upper end at 0.9, not its expectation, meets the budget.
    CHECK(s.plan->dollars < 20);
  }
}
