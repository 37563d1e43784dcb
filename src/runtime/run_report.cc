#include "fasdl/runtime/run_report.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "fasdl/base/output_format.h"
#include "formats/json_fields.h"
#include "formats/prediction_fields.h"

namespace fasdl {

namespace {

using Json = nlohmann::ordered_json;
using json_fields::FieldError;
using json_fields::Fields;
using json_fields::Range;

void add(Breakdown& sum, const Breakdown& b) {
  for (const auto& part : kBreakdownParts)
    sum.*part.second += b.*part.second;
}

Breakdown divided(Breakdown b, double n) {
  if (n <= 0) return {};
  for (const auto& part : kBreakdownParts)
    b.*part.second /= n;
  return b;
}

}  // namespace

std::string to_json_line(const IterationRecord& r) {
  Json j;
  j["event"] = "iteration";
  j["worker"] = r.worker;
  j["invocation"] = r.invocation;
  j["pid"] = r.pid;
  j["iteration"] = r.iteration;
  j["role"] = to_string(r.role);
  j["batch"] = r.batch;
  j["loss"] = r.loss;
  const Breakdown& s = r.seconds;
  j["train"] = s.train;
  j["flatten"] = s.flatten;
  j["upload"] = s.upload;
  j["aggregate"] = s.aggregate;
  j["download"] = s.download;
  j["sync"] = s.sync;
  j["iteration_seconds"] = s.iteration;
  j["checkpoint"] = r.checkpoint;
  j["started"] = r.started;
  j["puts"] = r.puts;
  j["gets"] = r.gets;
  j["replay"] = r.replay;
  return j.dump();
}

Expected<IterationRecord> parse_iteration_record(std::string_view json, std::string_view origin) {
  try {
    const nlohmann::json doc = json_fields::parse_document(json, origin);
    Fields f(doc, std::string(origin), "");
    if (f.string("event") != "iteration") f.fail("event", "\"iteration\"");
    IterationRecord r;
    r.worker = static_cast<int>(f.integer("worker", 0, 1'000'000));
    r.invocation = static_cast<int>(f.integer("invocation", 0, 1'000'000));
    r.pid = static_cast<int>(f.integer("pid", 0, 1LL << 31));
    r.iteration = f.integer("iteration", 0, 1'000'000'000'000);
    auto role = role_from_string(f.string("role"));
    if (!role) f.fail("role", "aggregator or other");
    r.role = *role;
    r.batch = f.integer("batch", 1, 1'000'000'000);
    r.loss = f.number("loss", Range::kNonNegative);
    Breakdown& s = r.seconds;
    s.train = f.number("train", Range::kNonNegative);
    s.flatten = f.number("flatten", Range::kNonNegative);
    s.upload = f.number("upload", Range::kNonNegative);
    s.aggregate = f.number("aggregate", Range::kNonNegative);
    s.download = f.number("download", Range::kNonNegative);
    s.sync = f.number("sync", Range::kNonNegative);
    s.iteration = f.number("iteration_seconds", Range::kNonNegative);
    r.checkpoint = f.number("checkpoint", Range::kNonNegative);
    r.started = f.number("started", Range::kFinite);
    r.puts = f.integer("puts", 0, 1'000'000'000);
    r.gets = f.integer("gets", 0, 1'000'000'000);
    const nlohmann::json* replay = f.optional("replay");
    if (replay == nullptr || !replay->is_boolean()) f.fail("replay", "true or false");
    r.replay = replay->get<bool>();
    f.finish();
    return r;
  } catch (const FieldError& e) {
    return Error{e.what()};
  }
}

Measurements measure(const std::vector<IterationRecord>& records, const RunSpec& spec) {
  Measurements m;
  const RunPlan& plan = spec.plan;
  m.aggregator.workers = plan.config.aggregators;
  m.aggregator.batch = plan.batch_aggregator;
  m.other.workers = plan.config.workers - plan.config.aggregators;
  m.other.batch = m.other.workers > 0 ? plan.batch_other : 0;

  std::map<std::pair<int, long long>, const IterationRecord*> last;
  for (const IterationRecord& r : records) {
    m.puts += r.puts;
    m.gets += r.gets;
    m.checkpoint_seconds += r.checkpoint;
    if (r.replay) ++m.replayed;
    const IterationRecord*& slot = last[{r.worker, r.iteration}];
    if (slot == nullptr || slot->invocation <= r.invocation) slot = &r;
  }
  Breakdown sums[2];
  double counts[2] = {0, 0};
  const long long G = plan.partition().global_batch();
  std::vector<double> loss_sum;
  std::vector<double> loss_weight;
  for (const auto& [key, r] : last) {
    const int role = r->role == Role::kAggregator ? 0 : 1;
    add(sums[role], r->seconds);
    counts[role] += 1;
    const auto epoch =
        static_cast<std::size_t>(epoch_of(r->iteration, G, spec.training.data.samples));
    if (epoch >= loss_sum.size()) {
      loss_sum.resize(epoch + 1, 0.0);
      loss_weight.resize(epoch + 1, 0.0);
    }
    loss_sum[epoch] += r->loss * static_cast<double>(r->batch);
    loss_weight[epoch] += static_cast<double>(r->batch);
  }
  m.aggregator.breakdown = divided(sums[0], counts[0]);
  m.other.breakdown = divided(sums[1], counts[1]);
  for (std::size_t e = 0; e < loss_sum.size(); ++e) {
    if (loss_weight[e] > 0) m.loss_by_epoch.push_back(loss_sum[e] / loss_weight[e]);
  }
  return m;
}

CostSplit price_run(const Prices& prices, int memory_mb, double function_seconds, long long puts,
                    long long gets) {
  CostSplit c;
  c.function = prices.function_mb_second * memory_mb * function_seconds;
  c.storage = prices.put_request * static_cast<double>(puts) +
              prices.get_request * static_cast<double>(gets);
  return c;
}

namespace {

Json role_json(const RoleSummary& r) {
  Json j(nullptr);
  if (r.workers > 0) {
    j = Json::object();
    j["workers"] = r.workers;
    j["batch"] = r.batch;
    j["breakdown"] = prediction_fields::breakdown_json(r.breakdown);
  }
  return j;
}

Json summary_json(const RunSummary& s, bool as_event) {
  const RunPlan& p = s.spec.plan;
  const TrainingSpec& t = s.spec.training;
  Json j;
  if (as_event) j["event"] = "summary";
  j["workers"] = p.config.workers;
  j["memory_mb"] = p.config.memory_mb;
  j["aggregators"] = p.config.aggregators;
  j["batch_aggregator"] = p.batch_aggregator;
  j["batch_other"] = p.partition().batch_other;
  j["iterations"] = s.iterations;
  j["seconds"] = s.seconds;
  j["dollars"] = s.dollars;
  j["breakdown"] = prediction_fields::breakdown_json(s.breakdown);
  j["cost"] = {{"function", s.cost.function}, {"storage", s.cost.storage}};
  j["run_id"] = s.spec.run_id;
  j["epochs"] = t.epochs;
  j["samples"] = t.data.samples;
  j["network"] = {{"inputs", t.network.inputs},
                  {"width", t.network.width},
                  {"hidden_layers", t.network.hidden_layers},
                  {"classes", t.network.classes},
                  {"parameters", t.network.parameters()},
                  {"megabytes", t.network.megabytes()}};
  j["seconds_per_iteration"] = s.seconds_per_iteration;
  j["function_seconds"] = s.function_seconds;
  j["by_role"] = {{"aggregator", role_json(s.measured.aggregator)},
                  {"other", role_json(s.measured.other)}};
  j["requests"] = {{"puts", s.measured.puts}, {"gets", s.measured.gets}};
  j["checkpoint_seconds"] = s.measured.checkpoint_seconds;
  j["replayed_iterations"] = s.measured.replayed;
  j["relaunches"] = s.relaunches;
  j["initial_loss"] = s.initial_loss;
  j["final_loss"] = s.final_loss;
  j["evaluation_samples"] = s.evaluation_samples;
  j["loss_by_epoch"] = s.measured.loss_by_epoch;
  j["final_digest"] = s.final_digest;
  j["parameters_consistent"] = s.parameters_consistent;
  j["cpu_scale"] = s.cpu_scale;
  j["worker_cores"] = s.worker_cores;
  j["throttle"] = s.throttle;
  j["store"] = s.store;
  j["profile"] = s.profile;
  return j;
}

std::string summary_table(const RunSummary& s) {
  const RunPlan& p = s.spec.plan;
  const TrainingSpec& t = s.spec.training;
  std::string out = fmt::format(
      "fasdl-run: W = {} workers, M = {} MB, K = {} aggregators; B = {}, A = {} samples\n",
      p.config.workers, p.config.memory_mb, p.config.aggregators, p.batch_aggregator,
      p.partition().batch_other);
  out +=
      fmt::format("Network     {} x {} hidden, {} parameters ({:.2f} MB); {} samples, {} epochs\n",
                  t.network.hidden_layers, t.network.width, t.network.parameters(),
                  t.network.megabytes(), t.data.samples, t.epochs);
  out += fmt::format("CPU         {:.3f} cores per worker (cpu scale {:.4f}); {}\n", s.worker_cores,
                     s.cpu_scale, s.throttle);
  out += fmt::format("Store       {}\n", s.store);
  out += fmt::format("Iterations  {} ({} relaunches, {} iterations replayed)\n", s.iterations,
                     s.relaunches, s.measured.replayed);
  out +=
      fmt::format("Time        {:.2f} s ({:.4f} s per iteration); billed function time {:.1f} s\n",
                  s.seconds, s.seconds_per_iteration, s.function_seconds);
  out += fmt::format(
      "Cost        ${:.6f} (functions ${:.6f}, {} puts and {} gets ${:.6f}) at {} prices\n",
      s.dollars, s.cost.function, s.measured.puts, s.measured.gets, s.cost.storage, s.profile);
  std::string epochs;
  for (double l : s.measured.loss_by_epoch)
    epochs += fmt::format("{}{:.4f}", epochs.empty() ? "" : ", ", l);
  out += fmt::format("Loss        {:.4f} -> {:.4f} on {} samples (training loss by epoch: {})\n",
                     s.initial_loss, s.final_loss, s.evaluation_samples, epochs);
  out += fmt::format("Parameters  final digest {}; {}\n", s.final_digest,
                     s.parameters_consistent
                         ? "every worker holds its last merge bit for bit"
                         : "WORKERS DISAGREE beyond the staleness K-REDUCE allows");
  const RoleSummary& a = s.measured.aggregator;
  const RoleSummary& o = s.measured.other;
  out += fmt::format("\nPer iteration (s)   {:>12} {:>12}\n", "aggregators",
                     o.workers > 0 ? "others" : "");
  for (const auto& [name, part] : kBreakdownParts) {
    out += fmt::format("  {:<17} {:>12.5f}", name, a.breakdown.*part);
    out += o.workers > 0 ? fmt::format(" {:>12.5f}\n", o.breakdown.*part) : "\n";
  }
  return out;
}

}  // namespace

std::string format_run_summary(const RunSummary& s, OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson:
      return summary_json(s, false).dump(2) + "\n";
    case OutputFormat::kCsv:
      break;  // refused by the command line
    case OutputFormat::kTable:
      break;
  }
  return summary_table(s);
}

std::string summary_log_line(const RunSummary& s) {
  return summary_json(s, true).dump();
}

}  // namespace fasdl
