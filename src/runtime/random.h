// Portable, seedable random numbers (internal): the same bits on every
// platform, unlike std::normal_distribution, so data sets and initial
// weights never depend on the standard library.
#pragma once

#include <cmath>
#include <cstdint>

namespace fasdl::random {

// SplitMix64: a fast generator whose every output is a good hash of its
// position; also used to derive independent seeds.
inline std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

inline std::uint64_t derive(std::uint64_t seed, std::uint64_t stream) {
  return mix(seed ^ mix(stream));
}

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    const std::uint64_t out = mix(state_);
    state_ += 0x9e3779b97f4a7c15ULL;
    return out;
  }
  // Uniform in (0, 1): never 0, so log() is safe.
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  // Standard normal (Box-Muller; the second value is dropped for simplicity).
  double normal() {
    const double u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }

 private:
  std::uint64_t state_;
};

}  // namespace fasdl::random
