// Validate: the model's predictions against real runs of fasdl-run
// (docs/accuracy.md). For each configuration the model's plan (W, M, K and
// its batches B and A) is trained on this machine and its wall time compared
// with the prediction:
//   predicted = I T_iter + T_start        (the model's, for the run's I)
//   accuracy  = 1 - |predicted - measured| / measured
// then the median and the worst accuracy over the set, and whether the
// configuration the model prices cheapest is the one that measured cheapest.
// A second model (the reference form, say) can be scored on the same runs.
//
// Units: memory in MB, time in seconds, money in US dollars.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/accuracy/gate.h"
#include "fasdl/base/expected.h"
#include "fasdl/base/output_format.h"
#include "fasdl/model/model.h"
#include "fasdl/runtime/run_report.h"

namespace fasdl {

// The configurations of a validation: `full` spans W 2..8, K from 1 to W and
// M 512..1769 MB in 12 runs; `quick`, for CI, is 4 of them.
enum class ValidationSet { kQuick, kFull };
std::string_view to_string(ValidationSet s);
Expected<ValidationSet> validation_set_from_string(std::string_view s);
std::vector<Config> validation_configs(ValidationSet s);

// "W:M:K,W:M:K,...", each with 1 <= K <= W.
Expected<std::vector<Config>> parse_configs(std::string_view text);

// What one run measured (a fasdl-run summary, reduced).
struct MeasuredRun {
  Config config;
  long long batch_aggregator = 0;  // B
  long long batch_other = 0;       // A
  long long iterations = 0;        // I
  double seconds = 0;              // wall: first invocation to the last exit
  double dollars = 0;              // priced with the profile's prices
  double period = 0;               // the training's wall span / I
  Breakdown breakdown;             // the aggregators' mean per iteration
  // The reference probe around the run (fasdl/accuracy/reference_probe.h):
  // the mean of its seconds before and after; 0 when not timed.
  double reference_seconds = 0;
};
MeasuredRun measured_run(const RunSummary& summary);

// One model's prediction of one run.
struct Scored {
  double seconds = 0;    // I T_iter + T_start, for the run's I
  double iteration = 0;  // T_iter
  double dollars = 0;    // the model's dollars for its own plan
  double accuracy = 0;   // 1 - |seconds - measured| / measured
  // c = the run's reference probe / the profile's (1 without either), and the
  // accuracy against the measured seconds divided by c.
  bool corrected = false;  // both probes there
  double slowness = 1;
  double corrected_accuracy = 0;
  Breakdown breakdown;
};
Scored score(const Model& model, const MeasuredRun& run);

struct ValidationCase {
  MeasuredRun measured;
  Scored predicted;                // the model that planned the run
  std::optional<Scored> baseline;  // the second model, when given
};

// The pair of configurations that the model and the runs order oppositely
// and that both put furthest apart (fasdl/accuracy/order.h).
struct OrderSummary {
  bool any = false;  // some pair ordered oppositely
  Config first;
  Config second;
  double separation = 0;  // relative: 0.25 when both put them 25% apart
};

struct AccuracySummary {
  double median = 0;
  double worst = 0;
  Config worst_config;
  // The same corrected for the machine's drift, when every run and the
  // profile carry a reference probe.
  bool corrected = false;
  double corrected_median = 0;
  double corrected_worst = 0;
  Config corrected_worst_config;
  Config predicted_cheapest;  // lowest predicted dollars
  Config measured_cheapest;   // lowest measured dollars
  bool cheapest_agrees = false;
  // Measured dollars of the predicted cheapest over the measured cheapest's, - 1.
  double cheapest_excess = 0;
  double rank_correlation = 0;          // Spearman's, predicted against measured dollars
  double seconds_rank_correlation = 0;  // the same for seconds
  OrderSummary dollars_order;           // the widest opposite order of dollars
  OrderSummary seconds_order;           // the same for seconds
  double scale = 1;         // s = median of predicted / measured seconds (fasdl/accuracy/gate.h)
  double shape_median = 0;  // median of 1 - |predicted / s - measured| / measured
  // The training part's own speed factor, median of predicted / measured
  // train seconds per iteration (the aggregators'), over s: 1 when the model
  // splits an iteration between training and the rest as the runs do.
  double training_split = 1;
  bool finite = true;  // every figure finite and every time positive
};
// Over `cases` using the primary prediction, or the baseline's.
AccuracySummary summarize(const std::vector<ValidationCase>& cases, bool baseline = false);

struct ValidationReport {
  std::string model_name;     // "<workload> on <profile>"
  std::string baseline_name;  // "" without a baseline
  std::vector<ValidationCase> cases;
  AccuracySummary summary;
  std::optional<AccuracySummary> baseline;
  GateOptions gate;
  GateResult result;  // judge(summary, baseline, gate)
  bool passed() const { return result.passed; }
};

// Scores the runs with `model` (and `baseline`) and summarises; an error names
// the first run that either model finds infeasible.
Expected<ValidationReport> validate_runs(const std::vector<MeasuredRun>& runs, const Model& model,
                                         const Model* baseline, const GateOptions& gate);

// Table for people, JSON, or CSV (one row per configuration).
std::string format_validation(const ValidationReport& report, OutputFormat format);
// The Markdown tables of docs/accuracy.md.
std::string validation_markdown(const ValidationReport& report);

// Runs as JSON ({"runs": [{workers, memory_mb, aggregators, batch_aggregator,
// batch_other, iterations, seconds, dollars, period, breakdown {...}}]}), so
// that they can be scored again without running (`fasdl-validate --runs`).
std::string runs_to_json(const std::vector<MeasuredRun>& runs);
Expected<std::vector<MeasuredRun>> parse_runs(std::string_view json, std::string_view origin);

// A gnuplot script of predicted against measured seconds, both models, with
// the line of equality and the +-6% band; `terminal` "svg" or "png". The
// picture goes to gnuplot's standard output (fasdl/formats/plot.h).
std::string accuracy_plot_script(const ValidationReport& report, std::string_view terminal);

}  // namespace fasdl
