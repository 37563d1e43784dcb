#include "fasdl/runtime/network.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using namespace fasdl;

namespace {

std::vector<float> parameters_of(const Network& n) {
  std::vector<float> v(static_cast<std::size_t>(n.parameter_count()));
  n.flatten(v);
  return v;
}

}  // namespace

TEST_CASE("network: the parameter count follows the shape's formula") {
  const NetworkShape s{32, 128, 2, 10};
  CHECK(s.parameters() == 33 * 128 + 129 * 128 + 129 * 10);
  CHECK(s.megabytes() == Approx(4.0 * s.parameters() / (1024 * 1024)));
  const NetworkShape one{5, 7, 1, 3};
  CHECK(one.parameters() == 6 * 7 + 8 * 3);
  CHECK(Network(one, 1).parameter_count() == one.parameters());
}

TEST_CASE("network: --params-mb gives the widest network within the size, from 1 to 100 MB") {
  for (const double mb : {1.0, 4.0, 25.0, 100.0}) {
    const auto shape = shape_for_megabytes(NetworkShape{}, mb);
    REQUIRE(shape.ok());
    CHECK(shape->megabytes() <= mb);
    NetworkShape wider = *shape;
    wider.width += 1;
    CHECK(wider.megabytes() > mb);
    CHECK(shape->megabytes() > 0.99 * mb);
  }
  CHECK_FALSE(shape_for_megabytes(NetworkShape{}, 0.0001).ok());  // width 1 is 0.0002 MB
  CHECK_FALSE(shape_for_megabytes(NetworkShape{}, -1).ok());
}

TEST_CASE("network: shapes outside the limits are refused with the field named") {
  CHECK_FALSE(check_shape(NetworkShape{32, 128, 2, 10}).has_value());
  CHECK(check_shape(NetworkShape{0, 128, 2, 10})->message.find("inputs") != std::string::npos);
  CHECK(check_shape(NetworkShape{32, 128, 0, 10})->message.find("hidden layers") !=
        std::string::npos);
  CHECK(check_shape(NetworkShape{32, 128, 2, 1})->message.find("classes") != std::string::npos);
  CHECK(check_shape(NetworkShape{32, 60000, 2, 10})->message.find("2^31") != std::string::npos);
}

TEST_CASE("network: the same seed gives the same bits, and flatten and load round-trip exactly") {
  const NetworkShape s{8, 16, 2, 4};
  const auto a = parameters_of(Network(s, 7));
  CHECK(a == parameters_of(Network(s, 7)));
  CHECK(a != parameters_of(Network(s, 8)));
  Network n(s, 9);
  n.load(a);
  CHECK(parameters_of(n) == a);
  CHECK(digest(a) == digest(parameters_of(n)));
  CHECK(digest(a) != digest(parameters_of(Network(s, 8))));
  CHECK(digest(a).size() == 16);
}

TEST_CASE(
    "network: an SGD step moves the parameters along the finite-difference gradient within 2%") {
  // theta' = theta - rate * grad, so (theta - theta') / rate is the gradient.
  const NetworkShape s{3, 5, 2, 3};
  const Dataset data({11, 64, 3, 3, 1.0});
  const Batch batch = data.batch(0, 16);
  Network n(s, 3);
  // Off the initial zero biases first: a sample whose hidden units are all
  // off sits exactly on a ReLU kink there, where differences see half a slope.
  for (int step = 1; step <= 5; ++step)
    n.train_step(data.batch(16 * step, 16), 0.05);
  const auto before = parameters_of(n);
  const double rate = 1e-2;
  n.train_step(batch, rate);
  const auto after = parameters_of(n);
  Network probe(s, 3);
  int checked = 0;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const double analytic = (static_cast<double>(before[i]) - after[i]) / rate;
    auto plus = before;
    auto minus = before;
    const float h = 1e-3f;
    plus[i] += h;
    minus[i] -= h;
    probe.load(plus);
    const double up = probe.loss(batch);
    probe.load(minus);
    const double down = probe.loss(batch);
    const double numeric = (up - down) / (2.0 * h);
    CHECK(analytic == Approx(numeric).epsilon(0.02).margin(1e-3));
    ++checked;
  }
  CHECK(checked == s.parameters());
}

TEST_CASE("network: SGD on separable blobs halves the loss within 300 steps") {
  const NetworkShape s{16, 32, 2, 5};
  const Dataset data({5, 2048, 16, 5, 3.0});
  Network n(s, 1);
  const Batch all = data.batch(0, 2048);
  const double initial = n.loss(all);
  for (int step = 0; step < 300; ++step)
    n.train_step(data.batch(step * 32LL, 32), 0.05);
  CHECK(n.loss(all) < 0.5 * initial);
}

TEST_CASE("dataset: sample i depends only on (seed, i), and positions wrap around D") {
  const Dataset data({42, 10, 4, 3, 2.0});
  const Batch all = data.batch(0, 10);
  const Batch middle = data.batch(5, 3);
  for (int j = 0; j < 3; ++j) {
    CHECK(middle.labels[j] == all.labels[5 + j]);
    for (int i = 0; i < 4; ++i)
      CHECK(middle.features[j * 4 + i] == all.features[(5 + j) * 4 + i]);
  }
  const Batch wrapped = data.batch(18, 4);  // positions 18, 19, 20, 21: samples 8, 9, 0, 1
  CHECK(wrapped.labels ==
        std::vector<int>{all.labels[8], all.labels[9], all.labels[0], all.labels[1]});
  const Dataset larger({42, 20, 4, 3, 2.0});
  CHECK(larger.batch(0, 10).features == all.features);  // D does not change the samples
  const Dataset other({43, 10, 4, 3, 2.0});
  CHECK(other.batch(0, 10).features != all.features);
}
