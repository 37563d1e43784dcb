#include "search/block_bounds.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>
#include <vector>

#include "fasdl/model/iteration.h"
#include "search/search_internal.h"

namespace fasdl {

namespace {

// Floating-point slack: a bound is lowered by this much of itself (and raised
// for upper bounds) so that rounding in the model can never make it exceed a
// value the model computes.
constexpr double kSlack = 1e-9;

// A bound that overflowed stays infinite; one that is NaN (inf - inf, 0 inf from absurd
// coefficients) says nothing, so it becomes -inf, which bounds everything.
double lower(double v) {
  if (std::isnan(v)) return -std::numeric_limits<double>::infinity();
  if (std::isinf(v)) return v;
  return v - kSlack * std::fabs(v) - 1e-300;
}

long long floor_div(long long n, long long d) {
  const long long q = n / d;
  return (n % d != 0 && ((n < 0) != (d < 0))) ? q - 1 : q;
}

// The product of non-negative factors, smallest first: an intermediate
// overflows only when the whole product exceeds the largest double.
double ascending_product(std::initializer_list<double> factors) {
  std::vector<double> sorted(factors);
  std::sort(sorted.begin(), sorted.end());
  double product = 1;
  for (const double f : sorted)
    product *= f;
  return product;
}

// The column index of the upper end of a memory position.
int upper_column(const MemoryPosition& p) {
  return p.t == 0 ? p.lo : p.hi;
}

}  // namespace

BlockBounds::BlockBounds(const GridEvaluator& evaluator) : ev_(&evaluator) {
  const double m = evaluator.model().workload().compute.m;
  while (first_index_ < evaluator.size() && !(evaluator.grid().at(first_index_) + m > 0)) {
    ++first_index_;
  }
}

Interval BlockBounds::column_range(const TransferColumn& c, double f_lo, double f_hi) const {
  if (f_lo == f_hi) return Interval::point(c.at(f_lo));
  Interval r = Interval::of(c.at(f_lo), c.at(f_hi));
  // The interpolant is piecewise linear: its extremes are at the ends or at
  // measured sizes inside.
  for (std::size_t i = 0; i < c.sizes_mb.size(); ++i) {
    if (c.sizes_mb[i] > f_lo && c.sizes_mb[i] < f_hi) r = r.hull(Interval::point(c.seconds[i]));
  }
  return r;
}

Interval BlockBounds::transfer(Direction d, const Block& b, double f_lo, double f_hi) const {
  const auto& cols = ev_->model().profile().transfers.columns(d);
  const auto position = [&](int i) {
    return d == Direction::kUpload ? ev_->up_position(i) : ev_->down_position(i);
  };
  const MemoryPosition first = position(b.memory_lo);
  const MemoryPosition last = position(b.memory_hi);
  const int c0 = first.lo;
  const int c1 = upper_column(last);
  if (c1 - c0 <= 1) {
    // One segment: the value is (1 - t) c0(f) + t c1(f), linear in t, so its
    // extremes over the block are at the block's two ends.
    const Interval r0 = column_range(cols[c0], f_lo, f_hi);
    const Interval r1 = c1 == c0 ? r0 : column_range(cols[c1], f_lo, f_hi);
    const double t0 = first.t;
    const double t1 = (c1 != c0 && last.t == 0) ? 1.0 : last.t;
    const auto mix = [](double x, double y, double t) { return x + (y - x) * t; };
    // A NaN mix (infinite column values) says nothing about that end.
    const auto low = [](double a, double b) {
      return std::isnan(a) || std::isnan(b) ? -Interval::kInf : std::min(a, b);
    };
    const auto high = [](double a, double b) {
      return std::isnan(a) || std::isnan(b) ? Interval::kInf : std::max(a, b);
    };
    return {low(mix(r0.lo, r1.lo, t0), mix(r0.lo, r1.lo, t1)),
            high(mix(r0.hi, r1.hi, t0), mix(r0.hi, r1.hi, t1))};
  }
  // Several segments: every value is a convex mix of the spanned columns.
  Interval r = column_range(cols[c0], f_lo, f_hi);
  for (int c = c0 + 1; c <= c1; ++c)
    r = r.hull(column_range(cols[c], f_lo, f_hi));
  return r;
}

int BlockBounds::columns_spanned(const Block& b) const {
  int most = 0;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    const auto& pos_lo =
        d == Direction::kUpload ? ev_->up_position(b.memory_lo) : ev_->down_position(b.memory_lo);
    const auto& pos_hi =
        d == Direction::kUpload ? ev_->up_position(b.memory_hi) : ev_->down_position(b.memory_hi);
    most = std::max(most, upper_column(pos_hi) - pos_lo.lo + 1);
  }
  return most;
}

int BlockBounds::column_split(const Block& b) const {
  // Column memories strictly inside the block's memory range, both directions.
  const auto& t = ev_->model().profile().transfers;
  const int m_lo = ev_->grid().at(b.memory_lo);
  const int m_hi = ev_->grid().at(b.memory_hi);
  const double middle = 0.5 * (m_lo + m_hi);
  int best = -1;
  for (const Direction d : {Direction::kUpload, Direction::kDownload}) {
    for (const TransferColumn& c : t.columns(d)) {
      if (c.memory_mb > m_lo && c.memory_mb < m_hi &&
          (best < 0 || std::fabs(c.memory_mb - middle) < std::fabs(best - middle))) {
        best = c.memory_mb;
      }
    }
  }
  if (best < 0) return (b.memory_lo + b.memory_hi) / 2;
  // The last grid index at or below that column.
  const int split = b.memory_lo + (best - m_lo) / ev_->grid().step_mb;
  return std::clamp(split, b.memory_lo, b.memory_hi - 1);
}

bool BlockBounds::split(const Block& b, Block& left, Block& right) const {
  const int sizes = b.memory_hi - b.memory_lo + 1;
  left = right = Block{b.workers, b.k_lo, b.k_hi, b.memory_lo, b.memory_hi, 0, 0};
  if (sizes > 1 && columns_spanned(b) > 2) {
    left.memory_hi = column_split(b);
    right.memory_lo = left.memory_hi + 1;
  } else if (b.k_lo < b.k_hi) {
    left.k_hi = b.k_lo + (b.k_hi - b.k_lo) / 2;
    right.k_lo = left.k_hi + 1;
  } else if (sizes > kLeafSize) {
    left.memory_hi = b.memory_lo + (sizes - 1) / 2;
    right.memory_lo = left.memory_hi + 1;
  } else {
    return false;
  }
  return true;
}

std::vector<Block> BlockBounds::roots(int min_workers, int max_workers, AggregatorRule rule) const {
  std::vector<Block> out;
  if (first_index_ >= ev_->size()) return out;
  for (int w = std::max(1, min_workers); w <= max_workers; ++w) {
    const auto [k_lo, k_hi] = search_internal::aggregator_range(rule, w);
    out.push_back({w, k_lo, k_hi, first_index_, ev_->size() - 1, 0, 0});
  }
  return out;
}

// The block's ranges of one iteration's parts (fasdl/model/iteration.h) and of
// the quantities the run's bounds take from them.
struct BlockBounds::IterationRange {
  Interval memory;     // M, MB
  Interval effective;  // M', MB
  Interval k;          // K
  Interval down;       // down(M, f)
  Interval sync;       // T_sync
  Interval download;   // T_down
  Interval aggregate;  // T_agg
  Interval iteration;  // T_iter
  Interval work;       // M T_iter, MB-seconds
  const Overheads* overheads = nullptr;
};

// The run's quantities bounded from its iterations: lower bounds unless an
// interval.
struct BlockBounds::RunRange {
  Interval iterations;    // I
  double storage = 0;     // the requests' dollars, I (K W puts + 2 K (W - 1) gets)
  double start_work = 0;  // the start's MB-seconds, t_0 M + s
  double seconds = 0;     // I T_iter + the start, before any relaunch
};

// Relaunches the platform's lifetime forces and the seconds each takes.
struct BlockBounds::Relaunches {
  double count = 0;
  double seconds = 0;
};

Interval BlockBounds::train_memory(const Block& b, const Interval& memory) const {
  // T_train M = a (B + b) M / (M' + m) is monotone on each side of the vCPU cap
  // of M', so its extremes are at the ends or the cap.
  const Model& model = ev_->model();
  Interval range =
      Interval::of(ev_->train(b.memory_lo) * memory.lo, ev_->train(b.memory_hi) * memory.hi);
  const double cap = model.memory_cap();
  if (cap > memory.lo && cap < memory.hi) {
    const double at_cap =
        model.train_seconds(static_cast<double>(model.batch_aggregator()), cap) * cap;
    range = range.hull(Interval::point(at_cap));
  }
  return range;
}

BlockBounds::IterationRange BlockBounds::iteration_range(const Block& b) const {
  const Model& model = ev_->model();
  const Profile& p = model.profile();
  const double S = model.workload().model_mb;
  IterationRange r;
  r.memory = {static_cast<double>(ev_->grid().at(b.memory_lo)),
              static_cast<double>(ev_->grid().at(b.memory_hi))};
  const double f_lo = S / b.k_hi;
  const double f_hi = S / b.k_lo;
  const Interval up = transfer(Direction::kUpload, b, f_lo, f_hi);
  r.down = transfer(Direction::kDownload, b, f_lo, f_hi);
  // T_train falls with M; T_trans is monotone.
  const Interval train{ev_->train(b.memory_hi), ev_->train(b.memory_lo)};
  const Interval flatten = Interval::of(ev_->flatten(b.memory_lo), ev_->flatten(b.memory_hi));
  r.effective = {model.effective_memory(r.memory.lo), model.effective_memory(r.memory.hi)};
  r.k = {static_cast<double>(b.k_lo), static_cast<double>(b.k_hi)};
  const Interval k_down{merged_downloads(b.k_lo), merged_downloads(b.k_hi)};
  const auto Wd = static_cast<double>(b.workers);
  // T_sync falls as K grows; a runtime's averaging grows with f = S / K and
  // both overheads fall with M', so each part's extremes are at the block's ends.
  r.sync = {sync_seconds(p.sync, Wd, f_lo, b.k_hi), sync_seconds(p.sync, Wd, f_hi, b.k_lo)};
  r.overheads = p.platform.overheads ? &*p.platform.overheads : nullptr;
  const Interval merge{merge_seconds(r.overheads, Wd, f_lo, r.effective.hi),
                       merge_seconds(r.overheads, Wd, f_hi, r.effective.lo)};
  const Interval bookkeeping{bookkeeping_seconds(r.overheads, r.effective.hi),
                             bookkeeping_seconds(r.overheads, r.effective.lo)};
  const IterationParts<Interval> parts =
      iteration_parts(r.k, k_down, Wd, up, r.down, train, flatten, r.sync, merge, bookkeeping);
  r.download = parts.download;
  r.aggregate = parts.aggregate;
  r.iteration = parts.iteration;
  r.work = train_memory(b, r.memory) + r.memory * parts.communication;
  return r;
}

std::optional<Interval> BlockBounds::global_batch(const Block& b, const IterationRange& r) const {
  const Model& model = ev_->model();
  const Workload& w = model.workload();
  const long long W = b.workers;
  const long long B = model.batch_aggregator();
  const long long G = w.batch.max_global;
  Interval global{std::numeric_limits<double>::infinity(),
                  -std::numeric_limits<double>::infinity()};
  bool any = false;
  const int k_below = std::min(b.k_hi, b.workers - 1);  // largest K < W in the block
  if (b.k_lo <= k_below) {
    // A before the cap: round(T_agg (M' + m) / a + B), as T_train (M' + m) / a = B + b.
    const Interval x =
        r.aggregate * ((1.0 / w.compute.a) * (r.effective + w.compute.m)) + static_cast<double>(B);
    const double x_lo = std::isfinite(x.lo) ? x.lo - kSlack * std::fabs(x.lo) - 1e-6 : x.lo;
    const double x_hi = std::isfinite(x.hi) ? x.hi + kSlack * std::fabs(x.hi) + 1e-6 : x.hi;
    const double cap_lo = static_cast<double>(floor_div(G - B * b.k_lo, W - b.k_lo));
    const double cap_hi = static_cast<double>(floor_div(G - B * k_below, W - k_below));
    const double a_lo = std::max(std::min(std::floor(x_lo), cap_lo), 1.0);
    const double a_hi = std::min(std::ceil(x_hi), cap_hi);
    if (a_hi >= 1) {
      any = true;
      global = {static_cast<double>(B * b.k_lo) + static_cast<double>(W - k_below) * a_lo,
                std::min(static_cast<double>(G), static_cast<double>(B * k_below) +
                                                     static_cast<double>(W - b.k_lo) * a_hi)};
    }
  }
  if (b.k_hi == b.workers) {
    any = true;
    global = global.hull(Interval::point(static_cast<double>(B * W)));
  }
  if (!any) return std::nullopt;
  return global;
}

BlockBounds::RunRange BlockBounds::run_range(const Block& b, const IterationRange& r,
                                             const Interval& iterations) const {
  const Profile& p = ev_->model().profile();
  const long long W = b.workers;
  const double per_iteration_lo =
      p.prices.put_request * b.k_lo * W + p.prices.get_request * 2 * b.k_lo * (W - 1);
  const double per_iteration_hi =
      p.prices.put_request * b.k_hi * W + p.prices.get_request * 2 * b.k_hi * (W - 1);
  // The start of a run: t_0 + s / M' seconds, and at least t_0 M + s MB-seconds (M >= M').
  const Overheads none;
  const Overheads& start = r.overheads ? *r.overheads : none;
  const double start_seconds = start.start_seconds + start.start_mb_seconds / r.effective.hi;
  RunRange run;
  run.iterations = iterations;
  run.storage = (iterations * Interval{per_iteration_lo, per_iteration_hi}).lo;
  run.start_work = start.start_seconds * r.memory.lo + start.start_mb_seconds;
  run.seconds = lower((iterations * r.iteration).lo + start_seconds);
  return run;
}

double BlockBounds::mb_seconds_times(double scale, const IterationRange& r, const RunRange& run) {
  // One worker's MB-seconds, I M T_iter + start. Where the interval product
  // overflows but the model's need not, the same factors smallest first overflow
  // only when their product does (the start, left out there, only lowers the bound).
  const double direct = scale * ((run.iterations * r.work).lo + run.start_work);
  if (direct != Interval::kInf) return direct;
  return std::isfinite(r.work.lo)
             ? ascending_product({scale, run.iterations.lo, r.work.lo})
             : ascending_product({scale, run.iterations.lo, r.memory.lo, r.iteration.lo});
}

std::optional<BlockBounds::Relaunches> BlockBounds::relaunches(const Block& b,
                                                               double run_seconds) const {
  const auto& life = ev_->model().profile().platform.lifetime;
  Relaunches out;
  if (!life || !(run_seconds > life->seconds)) return out;
  const double S = ev_->model().workload().model_mb;
  // A relaunch writes and reads a checkpoint of the whole model, then starts cold.
  const Interval checkpoint =
      transfer(Direction::kUpload, b, S, S) + transfer(Direction::kDownload, b, S, S);
  out.seconds = std::max(0.0, checkpoint.lo) + life->cold_start_seconds;
  if (out.seconds >= life->seconds) return std::nullopt;
  out.count = std::ceil(run_seconds / (life->seconds - out.seconds)) - 1;
  return out;
}

double BlockBounds::platform_dollars(const Block& b, const IterationRange& r, const RunRange& run,
                                     const Relaunches& again) const {
  // Today's terms (model.h), each nondecreasing in the quantities bounded above.
  const Profile& p = ev_->model().profile();
  const Platform& platform = p.platform;
  const long long W = b.workers;
  const double relaunch_mb_seconds = again.count * again.seconds * r.memory.lo;
  double dollars = platform.gb_second_prices
                       ? platform.gb_second_prices->cost(lower(
                             mb_seconds_times(W / 1024.0, r, run) + relaunch_mb_seconds * W / 1024))
                       : mb_seconds_times(p.prices.function_mb_second * W, r, run) +
                             p.prices.function_mb_second * W * relaunch_mb_seconds;
  dollars += run.storage + again.count * W * (p.prices.put_request + p.prices.get_request);
  if (const auto& poll = platform.polling) {
    const Interval waiting =
        r.k * (static_cast<double>(W - 1) * r.down + r.sync) + static_cast<double>(W) * r.download;
    dollars +=
        run.iterations.lo * std::max(0.0, waiting.lo) / poll->seconds_per_list * poll->list_price;
  }
  if (platform.invocations) dollars += W * (again.count + 1) * platform.invocations->price;
  dollars += platform.store_hourly_price * b.seconds / 3600;
  return dollars;
}

bool BlockBounds::bound(Block& b) const {
  const Model& model = ev_->model();
  const Workload& w = model.workload();
  const Profile& p = model.profile();
  IterationRange r = iteration_range(b);
  // Feasible configurations take a positive time per iteration.
  // The aggregators' wait (platform.overheads.wait_fraction, unbounded above
  // here) may lift a non-positive iteration time, so only without it is the
  // block surely infeasible.
  const bool waits = p.platform.overheads && p.platform.overheads->wait_fraction > 0;
  if (r.iteration.hi <= 0 && !waits) return false;  // NaN: unknown, so kept
  if (!(r.iteration.lo > 0)) r.iteration.lo = 0;

  // The global batch of the feasible configurations (A >= 1), hence I.
  const std::optional<Interval> global = global_batch(b, r);
  if (!global) return false;
  const double sample_epochs = static_cast<double>(w.samples) * static_cast<double>(w.epochs);
  const double most_iterations = std::floor(sample_epochs / global->lo);
  if (most_iterations < 1) return false;
  const Interval iterations{std::max(1.0, std::floor(sample_epochs / global->hi)), most_iterations};
  const RunRange run = run_range(b, r, iterations);

  const Platform& platform = p.platform;
  const long long W = b.workers;
  if (!platform.lifetime && !platform.gb_second_prices && !platform.polling &&
      !platform.invocations && platform.store_hourly_price == 0) {
    b.seconds = run.seconds;
    b.dollars = lower(mb_seconds_times(p.prices.function_mb_second * W, r, run) + run.storage);
    return true;
  }
  const std::optional<Relaunches> again = relaunches(b, run.seconds);
  if (!again) return false;
  b.seconds = lower(run.seconds + again->count * again->seconds);
  b.dollars = lower(platform_dollars(b, r, run, *again));
  return true;
}

}  // namespace fasdl
