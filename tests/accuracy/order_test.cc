// Order: Spearman's correlation and the widest opposite order of two sides.
#include "fasdl/accuracy/order.h"

#include <catch2/catch.hpp>

using namespace fasdl;

TEST_CASE("order: Spearman is 1 for the same order, -1 reversed, ties sharing their rank",
          "[order]") {
  CHECK(spearman({1, 2, 3, 4}, {10, 20, 30, 40}) == Approx(1.0));
  CHECK(spearman({1, 2, 3, 4}, {40, 30, 20, 10}) == Approx(-1.0));
  // One swap of neighbours among four: 1 - 6 x 2 / 60.
  CHECK(spearman({1, 2, 3, 4}, {1, 3, 2, 4}) == Approx(0.8));
  // Two: 1 - 6 x 4 / 60.
  CHECK(spearman({1, 2, 3, 4}, {2, 1, 4, 3}) == Approx(0.6));
  // Ranks 1.5, 1.5, 3 against 1, 2, 3.
  CHECK(spearman({5, 5, 7}, {1, 2, 3}) == Approx(0.8660254).epsilon(1e-6));
  CHECK(spearman({1}, {1}) == 0);
  CHECK(spearman({2, 2}, {1, 3}) == 0);
}

TEST_CASE("order: no pair ordered oppositely is no disagreement", "[order]") {
  const OrderDisagreement d = widest_disagreement({1, 2, 4}, {3, 5, 6});
  CHECK_FALSE(d.any);
  CHECK(d.separation == 0);
}

TEST_CASE(
    "order: the separation of a swapped pair is how far apart the nearer side puts it, and the "
    "widest pair is named",
    "[order]") {
  // Pair (1, 2): predicted 20 and 21 (5% apart), measured 23 and 22 (4.5%).
  // Pair (1, 3): predicted 20 and 40 (100%), measured 23 and 16 (43.75%).
  // Pair (2, 3): predicted 21 and 40 (90%), measured 22 and 16 (37.5%).
  const OrderDisagreement d = widest_disagreement({10, 20, 21, 40}, {10, 23, 22, 16});
  REQUIRE(d.any);
  CHECK(d.first == 1);
  CHECK(d.second == 3);
  CHECK(d.separation == Approx(23.0 / 16.0 - 1));
  const OrderDisagreement near = widest_disagreement({20, 21}, {23, 22});
  REQUIRE(near.any);
  CHECK(near.separation == Approx(23.0 / 22.0 - 1));
}
