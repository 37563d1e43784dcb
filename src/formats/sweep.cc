#include "fasdl/formats/sweep.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "base/text.h"
#include "formats/prediction_fields.h"

namespace fasdl {

namespace {

constexpr long long kMaxValue = 10'000'000;

}  // namespace

Expected<IntList> IntList::parse(std::string_view text, std::string_view what, bool allow_workers) {
  const auto bad = [&] {
    return Error{
        fmt::format("{}: expected FIRST:LAST[:STEP] or a list such as 1,2,4 of whole numbers "
                    "from 1 to {}{}, got {}",
                    what, kMaxValue, allow_workers ? " (LAST may be W, the row's workers)" : "",
                    text::quoted(text))};
  };
  const auto number = [](std::string_view s) -> std::optional<int> {
    const auto v = text::to_integer(s);
    if (!v || *v < 1 || *v > kMaxValue) return std::nullopt;
    return static_cast<int>(*v);
  };
  IntList out;
  if (text.find(':') == std::string_view::npos) {
    for (const auto part : text::split(text, ',')) {
      const auto v = number(part);
      if (!v) return bad();
      out.list_.push_back(*v);
    }
    return out;
  }
  const auto parts = text::split(text, ':');
  if (parts.size() < 2 || parts.size() > 3) return bad();
  const auto first = number(parts[0]);
  const auto step = parts.size() == 3 ? number(parts[2]) : std::optional<int>(1);
  if (!first || !step) return bad();
  out.first_ = *first;
  out.step_ = *step;
  if (allow_workers && text::trim(parts[1]) == "W") {
    out.last_ = -1;
  } else {
    const auto last = number(parts[1]);
    if (!last || *last < *first) return bad();
    out.last_ = *last;
  }
  return out;
}

std::vector<int> IntList::values(int workers) const {
  if (!list_.empty()) return list_;
  std::vector<int> out;
  const long long last = last_ < 0 ? workers : last_;
  for (long long v = first_; v <= last; v += step_)
    out.push_back(static_cast<int>(v));
  return out;
}

long long IntList::count(int workers) const {
  if (!list_.empty()) return static_cast<long long>(list_.size());
  const long long last = last_ < 0 ? workers : last_;
  return last < first_ ? 0 : (last - first_) / step_ + 1;
}

std::string_view to_string(SweepFormat f) {
  return f == SweepFormat::kCsv ? "csv" : "jsonl";
}

Expected<SweepFormat> sweep_format_from_string(std::string_view s) {
  if (s == "csv") return SweepFormat::kCsv;
  if (s == "jsonl") return SweepFormat::kJsonLines;
  return Error{fmt::format("format: expected csv or jsonl, got \"{}\"", s)};
}

long long sweep_rows(const std::vector<SweepCase>& cases, const SweepGrid& grid) {
  long long per_case = 0;
  for (const int w : grid.workers.values(0))
    per_case += grid.aggregators.count(w);
  return per_case * grid.memory.count(0) * static_cast<long long>(cases.size());
}

namespace {

// One piece of work: every memory size of one (case, W, K).
struct Task {
  std::size_t case_index = 0;
  int workers = 0;
  int aggregators = 0;
};

// Walks the tasks in output order.
class TaskCursor {
 public:
  TaskCursor(const std::vector<SweepCase>& cases, const SweepGrid& grid)
      : cases_(cases.size()), workers_(grid.workers.values(0)), grid_(grid) {
    load();
  }
  bool next(Task& t) {
    while (c_ < cases_) {
      if (w_ < workers_.size() && k_ < ks_.size()) {
        t = {c_, workers_[w_], ks_[k_++]};
        return true;
      }
      if (w_ < workers_.size()) {
        ++w_;
      } else {
        ++c_;
        w_ = 0;
      }
      load();
    }
    return false;
  }

 private:
  void load() {
    ks_ = w_ < workers_.size() ? grid_.aggregators.values(workers_[w_]) : std::vector<int>{};
    k_ = 0;
  }
  std::size_t cases_;
  std::vector<int> workers_;
  const SweepGrid& grid_;
  std::size_t c_ = 0, w_ = 0, k_ = 0;
  std::vector<int> ks_;
};

std::string header(const std::vector<SweepCase>& cases) {
  std::string out = "workers,memory_mb,aggregators";
  if (!cases.empty()) {
    for (const auto& [key, value] : cases.front().settings)
      out += "," + key;
  }
  return out + "," + prediction_fields::csv_output_header() + "\n";
}

std::string rows(const SweepCase& c, const Task& t, const std::vector<int>& memories,
                 const SweepOptions& options, long long& feasible) {
  std::string out;
  std::string settings_csv;
  json_out::Json settings_json = json_out::Json::object();
  for (const auto& [key, value] : c.settings) {
    settings_csv += "," + value;
    const auto number = text::to_double(value);
    settings_json[key] = number ? json_out::Json(*number) : json_out::Json(value);
  }
  for (const int m : memories) {
    const Prediction p = c.model.predict({t.workers, m, t.aggregators});
    feasible += p.feasible();
    if (options.format == SweepFormat::kCsv) {
      out += fmt::format("{},{},{}{},{}\n", t.workers, m, t.aggregators, settings_csv,
                         prediction_fields::csv_outputs(c.model, p, options.confidence));
    } else {
      json_out::Json j = prediction_fields::json(c.model, p, options.confidence);
      if (!c.settings.empty()) j["set"] = settings_json;
      out += j.dump() + "\n";
    }
  }
  return out;
}

}  // namespace

SweepSummary run_sweep(const std::vector<SweepCase>& cases, const SweepGrid& grid,
                       const SweepOptions& options,
                       const std::function<void(std::string_view)>& write,
                       const std::function<void(long long, long long)>& progress) {
  const long long total = sweep_rows(cases, grid);
  const std::vector<int> memories = grid.memory.values(0);
  const int jobs = options.jobs > 0
                       ? options.jobs
                       : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const long long window = 4LL * jobs;  // pieces computed ahead of the writer

  std::mutex mutex;
  std::condition_variable changed;
  TaskCursor cursor(cases, grid);
  long long next_seq = 0;     // next piece to hand out
  long long written_seq = 0;  // next piece to write
  bool exhausted = false;
  int running = jobs;
  std::map<long long, std::string> ready;
  long long feasible = 0;

  const auto work = [&] {
    long long local_feasible = 0;
    while (true) {
      Task task;
      long long seq = 0;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return next_seq < written_seq + window; });
        if (exhausted || !cursor.next(task)) {
          exhausted = true;
          break;
        }
        seq = next_seq++;
      }
      std::string text = rows(cases[task.case_index], task, memories, options, local_feasible);
      {
        std::lock_guard lock(mutex);
        ready.emplace(seq, std::move(text));
      }
      changed.notify_all();
    }
    std::lock_guard lock(mutex);
    feasible += local_feasible;
    --running;
    changed.notify_all();
  };

  if (options.format == SweepFormat::kCsv) write(header(cases));
  std::vector<std::thread> pool;
  for (int j = 0; j < jobs; ++j)
    pool.emplace_back(work);
  long long done = 0;
  while (true) {
    std::string text;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock,
                   [&] { return ready.count(written_seq) > 0 || (running == 0 && ready.empty()); });
      if (ready.empty() && running == 0) break;
      auto it = ready.find(written_seq);
      text = std::move(it->second);
      ready.erase(it);
      ++written_seq;
    }
    changed.notify_all();
    write(text);
    done += static_cast<long long>(std::count(text.begin(), text.end(), '\n'));
    if (progress) progress(done, total);
  }
  for (std::thread& t : pool)
    t.join();
  return {done, feasible};
}

}  // namespace fasdl
