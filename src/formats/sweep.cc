#include "fasdl/formats/sweep.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "base/text.h"
#include "fasdl/base/enum_names.h"
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
  return enum_from_string(s, {SweepFormat::kCsv, SweepFormat::kJsonLines}, "format");
}

double sweep_rows(long long cases, const SweepGrid& grid) {
  double per_case = 0;
  for (const int w : grid.workers.values(0))
    per_case += static_cast<double>(grid.aggregators.count(w));
  return per_case * static_cast<double>(grid.memory.count(0)) * static_cast<double>(cases);
}

namespace {

// One piece of work: every memory size of one (case, W, K).
struct Task {
  std::shared_ptr<const SweepCase> sweep_case;
  int workers = 0;
  int aggregators = 0;
};

// Walks the tasks in output order, building each case when it is reached; a case that
// cannot be built ends the walk with its error.
class TaskCursor {
 public:
  TaskCursor(const SweepCases& cases, const SweepGrid& grid)
      : cases_(cases), workers_(grid.workers.values(0)), grid_(grid) {
    load();
  }
  bool next(Task& t) {
    while (c_ < cases_.count && !error_) {
      if (!current_ && !build()) return false;
      if (w_ < workers_.size() && k_ < ks_.size()) {
        t = {current_, workers_[w_], ks_[k_++]};
        return true;
      }
      if (w_ < workers_.size()) {
        ++w_;
      } else {
        ++c_;
        w_ = 0;
        current_.reset();
      }
      load();
    }
    return false;
  }
  const std::optional<Error>& error() const { return error_; }

 private:
  bool build() {
    auto built = cases_.build(c_);
    if (!built) {
      error_ = built.error();
      return false;
    }
    current_ = std::make_shared<const SweepCase>(std::move(built).value());
    return true;
  }
  void load() {
    ks_ = w_ < workers_.size() ? grid_.aggregators.values(workers_[w_]) : std::vector<int>{};
    k_ = 0;
  }
  const SweepCases& cases_;
  std::vector<int> workers_;
  const SweepGrid& grid_;
  long long c_ = 0;
  std::size_t w_ = 0, k_ = 0;
  std::vector<int> ks_;
  std::shared_ptr<const SweepCase> current_;
  std::optional<Error> error_;
};

std::string header(const SweepCases& cases) {
  std::string out = "workers,memory_mb,aggregators";
  for (const std::string& key : cases.keys)
    out += "," + key;
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

// Long: the pool, the writer that keeps the order and the early stop share the queue's state;
// split up, they would pass six references to each other.
SweepSummary run_sweep(const SweepCases& cases, const SweepGrid& grid, const SweepOptions& options,
                       const std::function<bool(std::string_view)>& write,
                       const std::function<void(long long, double)>& progress) {
  const double total = sweep_rows(cases.count, grid);
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
      std::string text = rows(*task.sweep_case, task, memories, options, local_feasible);
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

  SweepSummary summary;
  if (options.format == SweepFormat::kCsv && !write(header(cases))) {
    summary.stopped = true;
    return summary;
  }
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
    if (!write(text)) {  // no reader: stop handing out work and drop what is computed
      std::lock_guard lock(mutex);
      exhausted = true;
      summary.stopped = true;
      ready.clear();
      written_seq = next_seq;
      changed.notify_all();
      break;
    }
    done += static_cast<long long>(std::count(text.begin(), text.end(), '\n'));
    if (progress) progress(done, total);
  }
  for (std::thread& t : pool)
    t.join();
  summary.rows = done;
  summary.feasible = feasible;
  summary.error = cursor.error();
  return summary;
}

}  // namespace fasdl
