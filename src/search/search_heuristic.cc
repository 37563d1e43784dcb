// The released FasDL optimizer, reproduced step by step (spec: "The released
// FasDL heuristic"). It prunes by time only and stops at the first cheaper
// memory; it exists so that users can see what the exact search saves.
#include <cmath>
#include <limits>

#include "search/search_internal.h"

namespace fasdl::search_internal {

namespace {

// Total seconds of (W, M, K) when non-aggregators train `batch_other`
// samples: the released code's T(W, M, K, A). Infinite when A < 1, where the
// released code would divide by a non-positive global batch (no fixture gets
// there).
double seconds_with_batch(const Model& model, const Prediction& p, long long batch_other) {
  if (batch_other < 1) return std::numeric_limits<double>::infinity();
  const Workload& w = model.workload();
  const long long B = p.batch_aggregator;
  const long long K = p.config.aggregators;
  const long long global = B * K + (p.config.workers - K) * batch_other;
  const long long iterations = w.samples * w.epochs / global;
  return static_cast<double>(iterations) * p.breakdown.iteration;
}

}  // namespace

SearchSummary heuristic_search(const Model& model, const SearchOptions& o) {
  const GridEvaluator evaluator(model, o.memory);
  const double deadline = *o.deadline_seconds;
  const int max_workers = worker_limit(model, o);
  const int top = evaluator.size() - 1;  // the largest memory of the grid (3008 MB in the spec)
  const long long B = model.batch_aggregator();
  SearchSummary s;
  const auto predict = [&](int w, int i, int k) {
    ++s.evaluated;
    return evaluator.evaluate(w, i, evaluator.columns(k));
  };

  // Step 1: the fallback plan.
  double best_dollars = std::numeric_limits<double>::infinity();
  int workers = max_workers;
  int memory_index = top;
  double t_cur = seconds_with_batch(model, predict(workers, top, workers), B);

  // Step 2: ScatterReduce (K = W), the first cheaper memory for each W.
  for (int w = 1; w <= max_workers; ++w) {
    if (seconds_with_batch(model, predict(w, top, w), B) > deadline) continue;
    for (int i = 0; i <= top; ++i) {
      const Prediction p = predict(w, i, w);
      if (p.feasible() && p.dollars < best_dollars && p.seconds < deadline) {
        workers = w;
        memory_index = i;
        best_dollars = p.dollars;
        t_cur = p.seconds;
        break;
      }
    }
  }

  // Step 3: lower K while the time (with the lagging A) keeps falling.
  int k = workers;
  if (k > 1) {
    long long batch = predict(workers, memory_index, k - 1).batch_other;
    double t = seconds_with_batch(model, predict(workers, memory_index, k - 1), batch);
    while (t < t_cur) {
      --k;
      t_cur = t;
      batch = predict(workers, memory_index, k).batch_other;
      if (k == 1) break;
      t = seconds_with_batch(model, predict(workers, memory_index, k - 1), batch);
    }
  }

  // Step 4: the plan and the heuristic's verdict on its own figure.
  s.plan = predict(workers, memory_index, k);
  if (!std::isfinite(t_cur)) {
    // Its running figure overflowed (absurd coefficients): no number to report.
    s.reason = "the released heuristic's running time is beyond the range of a double";
    return s;
  }
  s.heuristic_seconds = t_cur;
  s.status =
      t_cur <= deadline && s.plan->feasible() ? SearchStatus::kOk : SearchStatus::kInfeasible;
  if (s.status == SearchStatus::kInfeasible) {
    s.reason = "the released heuristic found no plan that meets the deadline";
  }
  return s;
}

}  // namespace fasdl::search_internal
