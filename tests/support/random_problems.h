// Seeded random planning problems for checking searches against each other.
#pragma once

#include <cstdint>

#include "fasdl/search/search.h"

namespace fasdl::testing {

struct Problem {
  Model model;
  SearchOptions options;
};

// Problem `index` of the family seeded with `seed`: random transfer tables
// (including steep and negative extrapolations), coefficients, batch
// policy, memory grid, worker limit, objective, aggregator rule, and a
// deadline, a budget or both drawn around random configurations.
Problem random_problem(std::uint64_t seed, int index);

}  // namespace fasdl::testing
