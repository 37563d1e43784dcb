// The time-versus-dollars Pareto front by branch and bound: blocks are taken
// fastest bound first and dropped when a front point is at least as fast and
// as cheap as anything they hold.
#include <map>
#include <tuple>

#include "search/branch_and_bound.h"
#include "search/search_internal.h"

namespace fasdl {

namespace {

// Front points keyed by seconds; dollars fall strictly as seconds grow.
class Front {
 public:
  // True when a point at least as fast and as cheap as (seconds, dollars) is held.
  bool covers(double seconds, double dollars) const {
    auto it = points_.upper_bound(seconds);
    if (it == points_.begin()) return false;
    return std::prev(it)->second.dollars <= dollars;
  }

  void offer(const Prediction& p) {
    auto it = points_.upper_bound(p.seconds);
    if (it != points_.begin()) {
      const Prediction& q = std::prev(it)->second;
      if (q.dollars <= p.dollars) {
        // Equal on both: keep the configuration that ranks first.
        const bool same = q.seconds == p.seconds && q.dollars == p.dollars;
        if (!same || !ranks_before(p, q, Objective::kTime)) return;
        std::prev(it)->second = p;
        return;
      }
    }
    // Drop the points p dominates: as slow or slower and as dear or dearer.
    auto first = points_.lower_bound(p.seconds);
    auto last = first;
    while (last != points_.end() && last->second.dollars >= p.dollars)
      ++last;
    points_.erase(first, last);
    points_.emplace(p.seconds, p);
  }

  std::vector<Prediction> plans() const {
    std::vector<Prediction> out;
    for (const auto& [seconds, p] : points_)
      out.push_back(p);
    return out;
  }

 private:
  std::map<double, Prediction> points_;
};

struct Slower {
  bool operator()(const Block& a, const Block& b) const {
    return std::tie(a.seconds, a.dollars, a.workers, a.k_lo, a.memory_lo) >
           std::tie(b.seconds, b.dollars, b.workers, b.k_lo, b.memory_lo);
  }
};

}  // namespace

ParetoFront pareto_front(const Model& model, const SearchOptions& requested) {
  using search_internal::Verdict;
  SearchOptions o = requested;
  o.memory = floored_grid(model, requested.memory);
  ParetoFront out;
  if (o.memory.size() == 0) return out;
  const GridEvaluator evaluator(model, o.memory);
  const BlockBounds bounds(evaluator);
  Front front;
  // Within the deadline and budget; a block whose bounds miss either holds nothing that meets it.
  const auto meets = [&o](double seconds, double dollars) {
    return (!o.deadline_seconds || seconds < *o.deadline_seconds) &&
           (!o.budget_dollars || dollars <= *o.budget_dollars);
  };
  const auto verdict = [&](const Block& b) {
    return meets(b.seconds, b.dollars) && !front.covers(b.seconds, b.dollars) ? Verdict::kKeep
                                                                              : Verdict::kDrop;
  };
  const auto counts = search_internal::branch_and_bound(
      evaluator, bounds,
      bounds.roots(o.min_workers, search_internal::worker_limit(model, o), o.aggregators), Slower{},
      verdict, [&](const Prediction& p) {
        if (p.feasible() && meets(p.seconds, p.dollars)) front.offer(p);
      });
  out.evaluated = counts.evaluated;
  out.plans = front.plans();
  return out;
}

}  // namespace fasdl
