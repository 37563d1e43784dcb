#include "fasdl/runtime/kreduce.h"

#include <catch2/catch.hpp>
#include <set>
#include <vector>

#include "runtime/glob.h"

using namespace fasdl;

TEST_CASE("kreduce: K chunks cover the vector without gaps and differ in size by at most one") {
  for (const long long n : {1LL, 7LL, 1000LL, 26'214'400LL}) {
    for (const int K : {1, 3, 4, 8}) {
      long long next = 0;
      long long smallest = n;
      long long largest = 0;
      for (int k = 0; k < K; ++k) {
        const Span c = chunk_of(n, K, k);
        CHECK(c.begin == next);
        next = c.end;
        smallest = std::min(smallest, c.size());
        largest = std::max(largest, c.size());
      }
      CHECK(next == n);
      CHECK(largest - smallest <= 1);
    }
  }
}

TEST_CASE(
    "kreduce: a step gives B samples to each aggregator and A to every other worker, in order") {
  const Partition p{8, 3, 16, 40};
  CHECK(p.global_batch() == 3 * 16 + 5 * 40);
  long long next = 7 * p.global_batch();
  for (int w = 0; w < 8; ++w) {
    const Span s = p.positions(w, 7);
    CHECK(s.begin == next);
    CHECK(s.size() == (w < 3 ? 16 : 40));
    CHECK(p.batch_of(w) == s.size());
    next = s.end;
  }
  CHECK(next == 8 * p.global_batch());
}

TEST_CASE("kreduce: iterations are floor(D E / G), as the model counts them") {
  CHECK(iteration_count(50000, 10, 1024) == 488);
  CHECK(iteration_count(100, 1, 101) == 0);
  CHECK(epoch_of(0, 248, 4096) == 0);
  CHECK(epoch_of(16, 248, 4096) == 0);  // 3968 < 4096
  CHECK(epoch_of(17, 248, 4096) == 1);  // 4216 >= 4096
}

TEST_CASE("kreduce: aggregators start from merge t - 1, the others from merge t - 2") {
  CHECK(role_of(0, 3) == Role::kAggregator);
  CHECK(role_of(2, 3) == Role::kAggregator);
  CHECK(role_of(3, 3) == Role::kOther);
  CHECK(base_merge(Role::kAggregator, 5) == 4);
  CHECK(base_merge(Role::kOther, 5) == 3);
  CHECK(base_merge(Role::kOther, 0) == -2);  // the initial parameters
  CHECK(role_from_string(to_string(Role::kOther)).value() == Role::kOther);
  CHECK_FALSE(role_from_string("boss").ok());
}

TEST_CASE("kreduce: a merge is the mean of the workers' chunks, the same bits in any run") {
  const std::vector<float> a{1, 2, 3};
  const std::vector<float> b{3, 4, 5};
  const std::vector<float> c{0.1f, 0.2f, 0.3f};
  const auto mean_of = [](const std::vector<std::vector<float>>& chunks) {
    ChunkMean mean(chunks.front().size());
    for (const auto& chunk : chunks)
      mean.add(chunk);
    CHECK(mean.count() == static_cast<int>(chunks.size()));
    std::vector<float> out(chunks.front().size());
    mean.result(out);
    return out;
  };
  const std::vector<float> out = mean_of({a, b, c});
  CHECK(out[0] == Approx((1 + 3 + 0.1) / 3).epsilon(1e-7));
  CHECK(out[2] == Approx((3 + 5 + 0.3) / 3).epsilon(1e-7));
  CHECK(mean_of({a, b, c}) == out);
  // Summed in double: in float, 1e8 + 1 - 1e8 would lose the 1.
  CHECK(mean_of({{1e8f}, {1}, {-1e8f}}) == std::vector<float>{static_cast<float>(1.0 / 3)});
}

TEST_CASE("kreduce: requests per iteration are the model's K W puts and 2 K (W - 1) gets") {
  for (const Config c :
       {Config{8, 1024, 1}, Config{8, 1024, 4}, Config{8, 1024, 8}, Config{1, 128, 1}}) {
    const StoreRequests r = requests_of(c, 5);
    CHECK(r.puts == c.aggregators * c.workers);
    CHECK(r.gets == 2LL * c.aggregators * (c.workers - 1));
  }
  // Iteration 0: the other workers start from the initial parameters.
  CHECK(requests_of({8, 1024, 4}, 0).gets == 4 * 7 + 4 * 3);
}

TEST_CASE("kreduce: a run's keys are distinct and under its own prefix only") {
  const KeySpace a("abc");
  const KeySpace b("abd");
  const std::set<std::string> keys{a.spec(),       a.chunk(3, 1, 2),  a.chunk(3, 2, 1),
                                   a.merged(3, 1), a.merged(31, 1),   a.checkpoint(2),
                                   a.log(),        a.final_digest(2), a.failure(2)};
  CHECK(keys.size() == 9);
  for (const std::string& k : keys) {
    CHECK(glob_match(a.pattern(), k));
    CHECK_FALSE(glob_match(b.pattern(), k));
  }
}

TEST_CASE("glob: * and ? match as Redis matches keys") {
  CHECK(glob_match("fasdl:x:*", "fasdl:x:chunk:1"));
  CHECK(glob_match("fasdl:x:*", "fasdl:x:"));
  CHECK_FALSE(glob_match("fasdl:x:*", "fasdl:y:chunk"));
  CHECK(glob_match("a?c", "abc"));
  CHECK_FALSE(glob_match("a?c", "ac"));
  CHECK(glob_match("*b*", "abc"));
  CHECK_FALSE(glob_match("", "a"));
}
