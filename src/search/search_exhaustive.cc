// Exhaustive search: every (W, K, M) of the space, W spread over threads.
#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>

#include "search/search_internal.h"

namespace fasdl::search_internal {

namespace {
constexpr int kMaxThreads = 256;
}  // namespace

SearchSummary exhaustive_search(const Model& model, const SearchOptions& o) {
  const GridEvaluator evaluator(model, o.memory);
  const int max_workers = worker_limit(model, o);
  const int wanted = o.threads > 0
                         ? o.threads
                         : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // More threads than worker counts would idle, and --jobs 100000 made the
  // system refuse a thread (std::system_error, an abort).
  const int threads = std::clamp(wanted, 1, std::clamp(max_workers, 1, kMaxThreads));
  std::atomic<int> next_workers{std::max(1, o.min_workers)};
  std::vector<Goal> goals(threads, Goal(model, o));
  std::vector<long long> evaluated(threads, 0);
  const auto work = [&](int t) {
    GridEvaluator::Columns columns;
    for (int w = next_workers++; w <= max_workers; w = next_workers++) {
      const auto [first, last] = aggregator_range(o.aggregators, w);
      for (int k = first; k <= last; ++k) {
        evaluator.fill(k, columns);
        for (int i = 0; i < evaluator.size(); ++i)
          goals[t].offer(evaluator.evaluate(w, i, columns));
        evaluated[t] += evaluator.size();
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(work, t);
    } catch (const std::system_error&) {
      break;  // fewer threads share the same work: the same result
    }
  }
  work(0);
  for (std::thread& th : pool)
    th.join();

  // The ranking is a total order, so the merged best is the same for any split.
  Goal merged(model, o);
  SearchSummary s;
  for (int t = 0; t < threads; ++t) {
    for (const Prediction& p : goals[t].kept())
      merged.offer(p);
    s.evaluated += evaluated[t];
  }
  merged.finish(s);
  return s;
}

}  // namespace fasdl::search_internal
