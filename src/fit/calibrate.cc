#include "fasdl/fit/calibrate.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

#include "base/median.h"
#include "base/text.h"
#include "fasdl/model/iteration.h"
#include "fit/least_squares.h"

namespace fasdl {

namespace {

// Weighted least squares y ~ sum_c beta_c x_c with every beta_c >= 0, for up
// to four columns: the best of the unconstrained fits on every subset of
// the columns whose coefficients come out non-negative (exact for so few).
struct Column {
  std::vector<double> x;
};
using Betas = std::array<double, 4>;

double sse(const std::vector<Column>& cols, const std::vector<double>& y,
           const std::vector<double>& w, const Betas& beta) {
  double total = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    double fitted = 0;
    for (std::size_t c = 0; c < cols.size(); ++c)
      fitted += beta[c] * cols[c].x[i];
    total += w[i] * (fitted - y[i]) * (fitted - y[i]);
  }
  return total;
}

// The unconstrained weighted fit on the columns in `subset`; false when
// they are not independent or a coefficient comes out negative.
bool solve_subset(const std::vector<Column>& cols, const std::vector<double>& y,
                  const std::vector<double>& w, const std::vector<std::size_t>& subset,
                  Betas& beta) {
  const auto n = static_cast<Eigen::Index>(y.size());
  Eigen::MatrixXd design(n, static_cast<Eigen::Index>(subset.size()));
  for (std::size_t c = 0; c < subset.size(); ++c) {
    for (Eigen::Index i = 0; i < n; ++i)
      design(i, static_cast<Eigen::Index>(c)) = cols[subset[c]].x[static_cast<std::size_t>(i)];
  }
  const Eigen::VectorXd rhs = Eigen::Map<const Eigen::VectorXd>(y.data(), n);
  const Eigen::VectorXd weights = Eigen::Map<const Eigen::VectorXd>(w.data(), n);
  const auto x = least_squares::linear(design, rhs, &weights);
  if (!x) return false;
  beta = {0, 0, 0, 0};
  for (std::size_t c = 0; c < subset.size(); ++c)
    beta[subset[c]] = (*x)[static_cast<Eigen::Index>(c)];
  return std::all_of(beta.begin(), beta.end(), [](double b) { return b >= 0 && std::isfinite(b); });
}

Betas non_negative(const std::vector<Column>& cols, const std::vector<double>& y,
                   const std::vector<double>& w, double* best_sse = nullptr) {
  Betas best{0, 0, 0, 0};
  double best_e = sse(cols, y, w, best);
  for (unsigned mask = 1; mask < (1u << cols.size()); ++mask) {
    std::vector<std::size_t> subset;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (mask & (1u << c)) subset.push_back(c);
    }
    Betas beta;
    if (!solve_subset(cols, y, w, subset, beta)) continue;
    const double e = sse(cols, y, w, beta);
    if (e < best_e) {
      best_e = e;
      best = beta;
    }
  }
  if (best_sse != nullptr) *best_sse = best_e;
  return best;
}

// The sync column W (f + f_0) (2 - K / W) of every run.
Column sync_column(const std::vector<CalibrationRun>& runs, double model_mb, double f0) {
  Column x;
  for (const CalibrationRun& r : runs) {
    const double W = r.config.workers;
    const double K = r.config.aggregators;
    x.x.push_back(W * (model_mb / K + f0) * (2 - K / W));
  }
  return x;
}

// c W (f + f_0) (2 - K / W) fitted to y together with `others` (non-negative
// coefficients): f_0 on a grid from 0 to 1000 MB, the rest by least squares.
struct SyncFit {
  SyncCoefficients sync{0, 0};
  Betas others{0, 0, 0, 0};
};
SyncFit fit_sync(const std::vector<CalibrationRun>& runs, double model_mb,
                 const std::vector<Column>& others, const std::vector<double>& y,
                 const std::vector<double>& w) {
  SyncFit best;
  double best_sse = std::numeric_limits<double>::infinity();
  for (int i = 0; i <= 200; ++i) {
    const double f0 = i == 0 ? 0 : 0.01 * std::pow(1e5, (i - 1) / 199.0);  // 0, 0.01 .. 1000 MB
    std::vector<Column> cols = others;
    cols.push_back(sync_column(runs, model_mb, f0));
    double e = 0;
    const Betas beta = non_negative(cols, y, w, &e);
    if (e < best_sse) {
      best_sse = e;
      const double c = beta[others.size()];
      best.sync = {c, c > 0 ? f0 : 0};
      best.others = beta;
      best.others[others.size()] = 0;
    }
  }
  return best;
}

// Standard errors of the unconstrained weighted fit of y on `cols`: how
// well the runs tell each column's coefficient; infinite where they cannot.
std::vector<double> standard_errors(const std::vector<Column>& cols, const std::vector<double>& y,
                                    const std::vector<double>& w) {
  const auto n = static_cast<Eigen::Index>(y.size());
  Eigen::MatrixXd design(n, static_cast<Eigen::Index>(cols.size()));
  for (std::size_t c = 0; c < cols.size(); ++c) {
    for (Eigen::Index i = 0; i < n; ++i)
      design(i, static_cast<Eigen::Index>(c)) = cols[c].x[static_cast<std::size_t>(i)];
  }
  const Eigen::VectorXd rhs = Eigen::Map<const Eigen::VectorXd>(y.data(), n);
  const Eigen::VectorXd weights = Eigen::Map<const Eigen::VectorXd>(w.data(), n);
  const auto covariance = least_squares::linear_covariance(design, rhs, weights);
  std::vector<double> out(cols.size(), std::numeric_limits<double>::infinity());
  if (covariance) {
    for (std::size_t c = 0; c < cols.size(); ++c)
      out[c] = std::sqrt(
          std::max(0.0, (*covariance)(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(c))));
  }
  return out;
}

CoefficientUncertainty uncertainty(std::string name, double value, double standard_error,
                                   const Column& column, double scale) {
  std::vector<double> sizes;
  for (const double x : column.x)
    sizes.push_back(std::fabs(x));
  const double effect = std::isfinite(standard_error)
                            ? 1.96 * standard_error * median(sizes) / scale
                            : std::numeric_limits<double>::infinity();
  return {std::move(name), value, standard_error, effect};
}

// T_sync of a run's configuration (fasdl/model/iteration.h).
double sync_of(const SyncCoefficients& s, const Config& c, double model_mb) {
  return sync_seconds(s, c.workers, model_mb / c.aggregators, c.aggregators);
}

// A run the fit can use: feasible for the model, with positive times and
// no negative part.
std::optional<Error> check_run(const Model& base, const CalibrationRun& r, const Prediction& p) {
  if (!p.feasible()) {
    return Error{fmt::format("calibration: W = {}, M = {}, K = {} is infeasible: {}",
                             r.config.workers, r.config.memory_mb, r.config.aggregators,
                             base.explain(p))};
  }
  const Breakdown& a = r.aggregator;
  bool parts_ok = a.iteration > 0;
  for (const auto& [name, part] : kBreakdownParts)
    parts_ok = parts_ok && a.*part >= 0;
  if (!(r.period > 0) || !(r.seconds > 0) || r.iterations < 1 || !parts_ok) {
    return Error{fmt::format(
        "calibration: W = {}, M = {}, K = {}: expected a positive period, seconds, iterations "
        "and aggregator iteration, and no negative part",
        r.config.workers, r.config.memory_mb, r.config.aggregators)};
  }
  return std::nullopt;
}

// Every figure of a fit is a finite number, or the reason it is not: a period of 5e-324 s makes
// relative errors beyond a double, which must not be printed as "inf%".
std::optional<Error> check_finite(const Calibration& c) {
  const Overheads& o = c.overheads;
  bool finite = true;
  for (const double v :
       {c.rms_relative_error, c.reference_rms_relative_error, c.training_level,
        c.sync.seconds_per_mb, c.sync.offset_mb, c.reference_sync.seconds_per_mb,
        c.reference_sync.offset_mb, o.aggregation_mb_seconds_per_mb, o.iteration_mb_seconds,
        o.start_seconds, o.start_mb_seconds, o.wait_fraction}) {
    finite = finite && std::isfinite(v);
  }
  for (const CalibrationPoint& p : c.points)
    finite = finite && std::isfinite(p.fitted_period) && std::isfinite(p.fitted_outside);
  if (finite) return std::nullopt;
  return Error{
      "the runs give a fit beyond the range of a double (its relative errors are not finite "
      "numbers): a run's period or seconds are out of any realistic range"};
}

// What the fit takes from the runs, one entry per run: the parts of each
// aggregator's iteration the coefficients are fitted to, their weights, and the
// columns the coefficients multiply.
struct Observations {
  std::vector<double> reference;  // T_ref
  std::vector<double> residual;   // P - T_ref
  std::vector<double> weight;     // 1 / P^2
  std::vector<double> merged;     // aggregate - (up + (W - 1) down)
  std::vector<double> between;    // (P - iteration) + (flatten - T_trans)
  std::vector<double> synced;     // sync
  std::vector<double> levels;     // train / T_train(B, M'), where T_train > 0
  std::vector<double> outside;    // Z
  std::vector<double> outside_weight;
  Column merge;       // W f / M'
  Column per_memory;  // 1 / M'
  Column constant;    // 1
  Column wait;        // max(0, T_train(A) - T_train(B) + up) when K < W
};

// The observations of every run, or why a run cannot be used.
Expected<Observations> observe(const Model& base, const std::vector<CalibrationRun>& runs) {
  const double S = base.workload().model_mb;
  Observations o;
  for (const CalibrationRun& r : runs) {
    const Prediction p = base.predict(r.config);
    if (auto error = check_run(base, r, p)) return *error;
    const Breakdown& a = r.aggregator;
    const double memory = base.effective_memory(r.config.memory_mb);
    const Lookups l = base.lookups(r.config);
    const double W = r.config.workers;
    o.reference.push_back(p.breakdown.iteration);
    o.residual.push_back(r.period - p.breakdown.iteration);
    o.weight.push_back(1 / (r.period * r.period));
    o.merged.push_back(a.aggregate - (l.up + (W - 1) * l.down));
    o.between.push_back((r.period - a.iteration) + (a.flatten - l.flatten));
    o.synced.push_back(a.sync);
    if (l.train > 0) o.levels.push_back(a.train / l.train);
    o.outside.push_back(r.seconds - static_cast<double>(r.iterations) * r.period);
    o.outside_weight.push_back(1 / (r.seconds * r.seconds));
    o.merge.x.push_back(W * (S / r.config.aggregators) / memory);
    o.per_memory.x.push_back(1 / memory);
    o.constant.x.push_back(1);
    const double others =
        base.train_seconds(static_cast<double>(r.batch_other), r.config.memory_mb);
    o.wait.x.push_back(
        r.config.aggregators < r.config.workers ? std::max(0.0, others - l.train + l.up) : 0.0);
  }
  return o;
}

// Each run's fitted period and time outside the iterations, and the relative
// errors of the fit and of the reference model with only its sync refitted.
void add_points(Calibration& out, const std::vector<CalibrationRun>& runs, double model_mb,
                const Observations& o) {
  const Overheads& fit = out.overheads;
  double sum = 0;
  double reference_sum = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const CalibrationRun& r = runs[i];
    CalibrationPoint point;
    point.run = r;
    point.reference_iteration = o.reference[i];
    point.fitted_period = o.reference[i] + fit.aggregation_mb_seconds_per_mb * o.merge.x[i] +
                          fit.iteration_mb_seconds * o.per_memory.x[i] +
                          fit.wait_fraction * o.wait.x[i] + sync_of(out.sync, r.config, model_mb);
    point.fitted_outside = fit.start_seconds + fit.start_mb_seconds * o.per_memory.x[i];
    const double e = point.fitted_period / r.period - 1;
    const double e_ref =
        (o.reference[i] + sync_of(out.reference_sync, r.config, model_mb)) / r.period - 1;
    sum += e * e;
    reference_sum += e_ref * e_ref;
    out.points.push_back(point);
  }
  out.rms_relative_error = std::sqrt(sum / static_cast<double>(runs.size()));
  out.reference_rms_relative_error = std::sqrt(reference_sum / static_cast<double>(runs.size()));
}

// The standard errors and effects of every coefficient (Calibration::uncertainties);
// the first one the runs do not determine, as an error.
std::optional<Error> add_uncertainties(Calibration& out, const std::vector<CalibrationRun>& runs,
                                       double model_mb, const Observations& o) {
  std::vector<double> periods, seconds;
  for (const CalibrationRun& r : runs) {
    periods.push_back(r.period);
    seconds.push_back(r.seconds);
  }
  const double period = median(periods);
  const Column sync = sync_column(runs, model_mb, out.sync.offset_mb);
  const auto sync_errors = standard_errors({o.wait, sync}, o.synced, o.weight);
  const auto start_errors =
      standard_errors({o.constant, o.per_memory}, o.outside, o.outside_weight);
  const Overheads& fit = out.overheads;
  out.uncertainties = {
      uncertainty("mu", fit.aggregation_mb_seconds_per_mb,
                  standard_errors({o.merge}, o.merged, o.weight)[0], o.merge, period),
      uncertainty("g", fit.iteration_mb_seconds,
                  standard_errors({o.per_memory}, o.between, o.weight)[0], o.per_memory, period),
      uncertainty("c_sync", out.sync.seconds_per_mb, sync_errors[1], sync, period),
      uncertainty("omega", fit.wait_fraction, sync_errors[0], o.wait, period),
      uncertainty("t_0", fit.start_seconds, start_errors[0], o.constant, median(seconds)),
      uncertainty("s", fit.start_mb_seconds, start_errors[1], o.per_memory, median(seconds))};
  for (const CoefficientUncertainty& u : out.uncertainties) {
    if (!u.determined()) {
      return Error{fmt::format(
          "calibration: {} = {:.4g} is not determined by these {} runs: its 95% interval "
          "moves the median period by {}, more than {:.0f}%; run more or longer calibration "
          "runs (--calibrate, --calibration-iterations)",
          u.name, u.value, runs.size(),
          std::isfinite(u.effect) ? fmt::format("{:.1f}%", 100 * u.effect) : "an unknown amount",
          100 * kMaxCalibrationEffect)};
    }
  }
  return std::nullopt;
}

}  // namespace

bool CoefficientUncertainty::determined() const {
  return effect <= kMaxCalibrationEffect;
}

Expected<Calibration> calibrate(const Model& base, const std::vector<CalibrationRun>& runs,
                                bool require_determined) {
  if (runs.size() < 2) {
    return Error{fmt::format("calibration: {} run(s); expected at least 2", runs.size())};
  }
  const double S = base.workload().model_mb;
  const Expected<Observations> observed = observe(base, runs);
  if (!observed) return observed.error();
  const Observations& o = *observed;
  Calibration out;
  out.reference_sync = fit_sync(runs, S, {}, o.residual, o.weight).sync;
  if (const double level = median(o.levels); level > 0) out.training_level = level;
  const double mu = non_negative({o.merge}, o.merged, o.weight)[0];
  const double g = non_negative({o.per_memory}, o.between, o.weight)[0];
  const SyncFit joint = fit_sync(runs, S, {o.wait}, o.synced, o.weight);
  const double omega = joint.others[0];
  const Betas start = non_negative({o.constant, o.per_memory}, o.outside, o.outside_weight);
  out.overheads = {mu, g, start[0], start[1], omega};
  out.sync = joint.sync;
  if (auto e = check_finite(out)) return *e;  // before any error printed from them
  add_points(out, runs, S, o);
  if (auto e = check_finite(out)) return *e;
  // After the finite check: runs beyond a double's range are that error, not an undetermined
  // coefficient.
  if (auto e = add_uncertainties(out, runs, S, o); e && require_determined) return *e;
  return out;
}

}  // namespace fasdl
